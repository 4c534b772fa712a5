"""Pages of referrals: refer a case (from its page), the partner inbox, one referral (the
partner's view with its answers, the officers' view with withdrawing), answering, withdrawing.
Thin: the services and selectors do the work.

A referral the user may not see (another partner's, another area's) is a 404; an action the
user may not take on a referral they see is a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_fsm import can_proceed

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.cases.forms.referrals import AnswerForm, InboxFilterForm, ReferForm, WithdrawForm
from tambon.cases.models import CarePlanAction, Referral, ReferralState
from tambon.cases.selectors import referrals as selectors
from tambon.cases.services import referrals as services
from tambon.cases.views.cases import visible_case
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page

ANSWER_LABELS = {
    "accept": gettext_lazy("Accept"),
    "decline": gettext_lazy("Decline"),
    "deliver": gettext_lazy("Service given"),
    "not_deliver": gettext_lazy("Could not give the service"),
}


def visible_referral(request: HttpRequest, pk: int) -> Referral:
    """The referral at `pk` if the user may see it, else 404."""
    referral = selectors.referral_detail(user=signed_in_user(request), pk=pk)
    if referral is None:
        raise Http404
    return referral


def answers_for(referral: Referral, user: User) -> list[tuple[str, Any]]:
    """The answers the state machine allows now, if the user may answer at all."""
    if not user.has_perm("cases.answer_referral", referral):
        return []
    return [
        (action, ANSWER_LABELS[action])
        for action, (method, _target, _kind) in services.ANSWERS.items()
        if can_proceed(getattr(referral, method))
    ]


# --- refer a case --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the case to a service of the directory that serves its area."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.refer_case", case)
    choices: dict[str, Any] = {
        "services": selectors.referable_services(user=user, case=case),
        "actions": CarePlanAction.objects.filter(
            goal__plan__case=case, status=CarePlanAction.Status.PLANNED
        ).order_by("due_date", "pk"),
    }
    status = 200
    if request.method == "POST":
        form = ReferForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.refer_case(
                    case=case,
                    service=data["service"],
                    request=data["request"],
                    answer_due=data.get("answer_due"),
                    action=data.get("action"),
                    share_personal_data=bool(data.get("share_personal_data")),
                    by=user,
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(
                    request,
                    _("The case is referred to “%(service)s”.") % {"service": referral.service},
                )
                return redirect(reverse("cases:case_detail", args=[case.pk]) + "#referrals")
        else:
            status = 400
    else:
        form = ReferForm(initial={"answer_due": ReferForm.default_due()}, **choices)
    return render(
        request,
        "cases/referrals/refer.html",
        {"case": case, "form": form, "consent": services.current_consent(case)},
        status=status,
    )


# --- the partner inbox ---------------------------------------------------------------------


@login_required
@require_GET
def referral_inbox(request: HttpRequest) -> HttpResponse:
    """The referrals sent to the user's partner organisations, filtered, paginated."""
    require_perm(request, "cases.view_referral_inbox")
    user = signed_in_user(request)
    form = InboxFilterForm(request.GET)
    form.is_valid()  # a malformed filter is dropped, the others still apply
    data = form.cleaned_data
    filters = selectors.InboxFilters(state=data.get("state", ""), overdue=bool(data.get("overdue")))
    page = paginate(request, selectors.inbox(user=user, filters=filters))
    return render(
        request,
        "cases/referrals/inbox.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "today": timezone.localdate(),
        },
    )


# --- one referral --------------------------------------------------------------------------


@login_required
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral: the partner's view (what it needs, its answers) or the officers' view."""
    referral = visible_referral(request, pk)
    user = signed_in_user(request)
    case = referral.case
    officer_view = user.has_perm("cases.view_case", case)
    person_visible = case.person is not None and user.has_perm(
        "cases.view_referred_person", referral
    )
    if person_visible and not officer_view:
        # A partner reads the person's contact details: written to the access log.
        record_access(user=user, obj=case.person, request=request, action=AccessLog.Action.VIEW)
    return render(
        request,
        "cases/referrals/officer_detail.html" if officer_view else "cases/referrals/detail.html",
        {
            "referral": referral,
            "case": case,
            "person_visible": person_visible,
            "answers": answers_for(referral, user),
            "can_withdraw": referral.is_open and user.has_perm("cases.withdraw_referral", referral),
            "overdue": selectors.is_overdue(referral),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The partner's answer: accept, decline (with a reason), delivered or not (with a note)."""
    referral = visible_referral(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.answer_referral", referral)
    if action not in services.ANSWERS:
        raise Http404
    legal = can_proceed(getattr(referral, services.ANSWERS[action][0]))
    status = 200
    conflict = False
    if request.method == "POST":
        form = AnswerForm(request.POST, action=action)
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                lambda: services.answer_referral(
                    referral=referral,
                    action=action,
                    by=user,
                    expected_version=data["version"],
                    reason=data.get("reason", ""),
                    result_note=data.get("result_note", ""),
                ),
                form,
            )
            if outcome.ok:
                messages.success(
                    request,
                    _("The referral is now “%(state)s”.")
                    % {"state": ReferralState(referral.state).label},
                )
                return redirect("cases:referral_detail", pk=referral.pk)
            status, conflict = outcome.status, outcome.conflict
            referral = visible_referral(request, pk)
        else:
            status = 400
    else:
        form = AnswerForm(initial={"version": referral.version}, action=action)
    return render(
        request,
        "cases/referrals/answer.html",
        {
            "referral": referral,
            "form": form,
            "action": action,
            "action_label": ANSWER_LABELS[action],
            "legal": legal,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's officers call an open referral back."""
    referral = visible_referral(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.withdraw_referral", referral)
    status = 200
    conflict = False
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                lambda: services.withdraw_referral(
                    referral=referral,
                    by=user,
                    expected_version=data["version"],
                    reason=data.get("reason", ""),
                ),
                form,
            )
            if outcome.ok:
                messages.success(request, _("The referral is withdrawn."))
                return redirect(
                    reverse("cases:case_detail", args=[referral.case_id]) + "#referrals"
                )
            status, conflict = outcome.status, outcome.conflict
            referral = visible_referral(request, pk)
        else:
            status = 400
    else:
        form = WithdrawForm(initial={"version": referral.version})
    return render(
        request,
        "cases/referrals/withdraw.html",
        {"referral": referral, "form": form, "conflict": conflict},
        status=status,
    )


urlpatterns = [
    path("<int:pk>/referrals/new/", case_refer, name="case_refer"),
    path("referrals/inbox/", referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/answer/<slug:action>/", referral_answer, name="referral_answer"),
    path("referrals/<int:pk>/withdraw/", referral_withdraw, name="referral_withdraw"),
]
