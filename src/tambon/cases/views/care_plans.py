"""The care-plan page (แผนช่วยเหลือ) of a case: the summary (versioned), goals, actions and
"done"; and the case's full timeline."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.selectors import assignable_users
from tambon.cases.forms.care_plans import ActionForm, CarePlanForm, GoalForm, GoalStatusForm
from tambon.cases.models import Case
from tambon.cases.selectors import care_plans as selectors
from tambon.cases.selectors.cases import timeline
from tambon.cases.services import care_plans as services
from tambon.cases.views.cases import visible_case
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error

CHANGE_PERM = "cases.change_care_plan"


def _page(request: HttpRequest, case: Case, *, status: int = 200, **forms: Any) -> HttpResponse:
    plan = selectors.care_plan_of(case)
    user = signed_in_user(request)
    context: dict[str, Any] = {
        "case": case,
        "plan": plan,
        "can_plan": user.has_perm(CHANGE_PERM, case) and case.is_open,
        "plan_form": CarePlanForm(
            initial={
                "version": plan.version if plan else None,
                "summary": plan.summary if plan else "",
            }
        ),
        "goal_form": GoalForm(problems=selectors.goal_problem_types(case)),
        "action_form": ActionForm(owners=_owners(case)),
        "conflict": False,
        "form_goal_id": None,
    }
    context.update(forms)
    return render(request, "cases/care_plan.html", context, status=status)


def _owners(case: Case) -> Any:
    return assignable_users(case.subdistrict_id, services.OWNER_ROLES)


@login_required
@require_http_methods(["GET", "POST"])
def care_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The care plan; POST saves its summary against the version the page was opened at."""
    case = visible_case(request, pk)
    if request.method == "GET":
        return _page(request, case)
    require_perm(request, CHANGE_PERM, case)
    form = CarePlanForm(request.POST)
    if not form.is_valid():
        return _page(request, case, status=400, plan_form=form)
    outcome = call_service(
        lambda: services.save_care_plan(
            by=signed_in_user(request),
            case=case,
            summary=form.cleaned_data.get("summary", ""),
            expected_version=form.cleaned_data.get("version"),
        ),
        form,
    )
    if not outcome.ok:
        return _page(
            request, case, status=outcome.status, plan_form=form, conflict=outcome.conflict
        )
    messages.success(request, _("The care plan is saved."))
    return redirect("cases:care_plan", pk=case.pk)


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    require_perm(request, CHANGE_PERM, case)
    form = GoalForm(request.POST, problems=selectors.goal_problem_types(case))
    if not form.is_valid():
        return _page(request, case, status=400, goal_form=form)
    try:
        services.add_goal(
            by=signed_in_user(request),
            case=case,
            text=form.cleaned_data["text"],
            problem_type=form.cleaned_data.get("problem_type"),
        )
    except DomainError as exc:
        return _page(request, case, status=show_domain_error(exc, form), goal_form=form)
    messages.success(request, _("The goal is added."))
    return redirect("cases:care_plan", pk=case.pk)


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    case = visible_case(request, pk)
    require_perm(request, CHANGE_PERM, case)
    goal = selectors.goal_of(case, goal_id)
    if goal is None:
        raise Http404
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_goal_status(
                by=signed_in_user(request), case=case, goal=goal, status=form.cleaned_data["status"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return redirect("cases:care_plan", pk=case.pk)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    case = visible_case(request, pk)
    require_perm(request, CHANGE_PERM, case)
    goal = selectors.goal_of(case, goal_id)
    if goal is None:
        raise Http404
    form = ActionForm(request.POST, owners=_owners(case))
    if not form.is_valid():
        return _page(request, case, status=400, action_form=form, form_goal_id=goal.pk)
    data = form.cleaned_data
    try:
        services.add_action(
            by=signed_in_user(request),
            case=case,
            goal=goal,
            description=data["description"],
            owner=data.get("owner"),
            owner_text=data.get("owner_text", ""),
            due_date=data.get("due_date"),
        )
    except DomainError as exc:
        status = show_domain_error(exc, form)
        return _page(request, case, status=status, action_form=form, form_goal_id=goal.pk)
    messages.success(request, _("The action is added."))
    return redirect("cases:care_plan", pk=case.pk)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    case = visible_case(request, pk)
    require_perm(request, CHANGE_PERM, case)
    action = selectors.action_of(case, action_id)
    if action is None:
        raise Http404
    try:
        services.complete_action(by=signed_in_user(request), case=case, action=action)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The action is marked done."))
    return redirect("cases:care_plan", pk=case.pk)


@login_required
@require_GET
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Every event of the case, in order."""
    case = visible_case(request, pk)
    return render(request, "cases/timeline.html", {"case": case, "events": list(timeline(case))})


urlpatterns = [
    path("<int:pk>/plan/", care_plan, name="care_plan"),
    path("<int:pk>/plan/goals/", goal_add, name="goal_add"),
    path("<int:pk>/plan/goals/<int:goal_id>/status/", goal_status, name="goal_status"),
    path("<int:pk>/plan/goals/<int:goal_id>/actions/", action_add, name="action_add"),
    path("<int:pk>/plan/actions/<int:action_id>/done/", action_done, name="action_done"),
    path("<int:pk>/timeline/", case_timeline, name="case_timeline"),
]
