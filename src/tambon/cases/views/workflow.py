"""Moving a case on: one form per transition, with the outcome and reason fields it needs.

The form is offered only for a transition the state machine allows this user from the case's
state; a posted illegal one is refused by the service with the state unchanged (400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.cases import workflow
from tambon.cases.forms.cases import TransitionForm
from tambon.cases.models import State
from tambon.cases.services.workflow import transition_case
from tambon.cases.views.cases import visible_case
from tambon.core.forms import call_service


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """Move the case to the state `to` (with an outcome and a reason where needed)."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.transition_case", case)
    if to not in State.values:
        raise Http404
    found = workflow.step(case.state, to)
    needs_outcome = bool(found and found.needs_outcome)
    status = 200
    conflict = False
    if request.method == "POST":
        form = TransitionForm(request.POST, needs_outcome=needs_outcome)
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                lambda: transition_case(
                    case=case,
                    to=to,
                    by=user,
                    expected_version=data["version"],
                    reason=data.get("reason", ""),
                    outcome=data.get("outcome", ""),
                ),
                form,
            )
            if outcome.ok:
                messages.success(
                    request,
                    _("The case is now “%(state)s”.") % {"state": State(to).label},
                )
                return redirect("cases:case_detail", pk=case.pk)
            status, conflict = outcome.status, outcome.conflict
            # The service may have moved the in-memory case before refusing: show the saved one.
            case = visible_case(request, pk)
        else:
            status = 400
    else:
        form = TransitionForm(initial={"version": case.version}, needs_outcome=needs_outcome)
    return render(
        request,
        "cases/transition.html",
        {
            "case": case,
            "form": form,
            "step": found,
            "to_label": State(to).label,
            "reason_always": bool(found and found.needs_reason),
            "conflict": conflict,
        },
        status=status,
    )


urlpatterns = [
    path("<int:pk>/move/<slug:to>/", case_transition, name="case_transition"),
]
