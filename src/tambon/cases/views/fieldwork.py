"""Pages of assistance (what a case was given, with totals by source) and of follow-ups
(schedule, complete, cancel). Thin: cases.services.assistance / follow_ups do the work."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.cases.forms.visits import (
    AssistanceForm,
    CancelFollowUpForm,
    CompleteFollowUpForm,
    FollowUpForm,
)
from tambon.cases.models import Case, FollowUp, Referral
from tambon.cases.selectors import visits as selectors
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.follow_ups import (
    cancel_follow_up,
    complete_follow_up,
    follow_up_assignees,
    schedule_follow_up,
)
from tambon.cases.views.cases import visible_case
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.network.selectors.partners import visible_partners

ASSISTANCE_PERM = "cases.record_assistance"
FOLLOW_UP_PERM = "cases.manage_follow_ups"


# --- assistance ------------------------------------------------------------------------


def _assistance_form(request: HttpRequest, case: Case, data: Any = None) -> AssistanceForm:
    return AssistanceForm(
        data,
        partners=visible_partners(signed_in_user(request)).filter(active=True).order_by("name"),
        referrals=Referral.objects.filter(case=case).select_related("service", "partner"),
        initial={"given_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assistance(request: HttpRequest, pk: int) -> HttpResponse:
    """What the case was given and the totals by source; POST records more (officers)."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    can_give = case.is_open and user.has_perm(ASSISTANCE_PERM, case)
    status = 200
    form = _assistance_form(request, case) if can_give else None
    if request.method == "POST":
        require_perm(request, ASSISTANCE_PERM, case)
        form = _assistance_form(request, case, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_assistance(
                    case=case,
                    given_on=data["given_on"],
                    kind=data["kind"],
                    description=data["description"],
                    amount=data.get("amount", ""),
                    source=data["source"],
                    partner=data.get("partner"),
                    referral=data.get("referral"),
                    by=user,
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The assistance is recorded."))
                return redirect("cases:assistance", pk=case.pk)
        else:
            status = 400
    totals = selectors.assistance_totals(case)
    return render(
        request,
        "cases/visits/assistance.html",
        {
            "case": case,
            "given": list(selectors.assistance_of(case)),
            "totals": totals,
            "total_amount": sum(t.amount for t in totals),
            "form": form,
        },
        status=status,
    )


# --- follow-ups ------------------------------------------------------------------------


def _follow_up(case: Case, follow_up_id: int) -> FollowUp:
    found = selectors.follow_up_of(case, follow_up_id)
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def follow_ups(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's follow-ups; POST schedules one (officers of the case's area)."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    can_plan = case.is_open and user.has_perm(FOLLOW_UP_PERM, case)
    status = 200
    form = FollowUpForm(assignees=follow_up_assignees(case)) if can_plan else None
    if request.method == "POST":
        require_perm(request, FOLLOW_UP_PERM, case)
        form = FollowUpForm(request.POST, assignees=follow_up_assignees(case))
        if form.is_valid():
            data = form.cleaned_data
            try:
                schedule_follow_up(
                    case=case,
                    due_on=data["due_on"],
                    purpose=data["purpose"],
                    assigned_to=data.get("assigned_to"),
                    by=user,
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The follow-up is scheduled."))
                return redirect("cases:follow_ups", pk=case.pk)
        else:
            status = 400
    items = list(selectors.follow_ups_of(case).order_by("status", "due_on", "pk"))
    for item in items:
        item.case = case  # the policy reads it: no query per row
        item.may_complete = user.has_perm("cases.complete_follow_up", item)  # type: ignore[attr-defined]
    return render(
        request,
        "cases/visits/follow_ups.html",
        {
            "case": case,
            "items": items,
            "form": form,
            "can_cancel": user.has_perm(FOLLOW_UP_PERM, case),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_done(request: HttpRequest, pk: int, follow_up_id: int) -> HttpResponse:
    """Record what a follow-up found (an officer, or the volunteer it is assigned to)."""
    case = visible_case(request, pk)
    item = _follow_up(case, follow_up_id)
    require_perm(request, "cases.complete_follow_up", item)
    visits = selectors.visits_of(case)
    status = 200
    if request.method == "POST":
        form = CompleteFollowUpForm(request.POST, visits=visits)
        if form.is_valid():
            try:
                complete_follow_up(
                    follow_up=item,
                    result=form.cleaned_data["result"],
                    visit=form.cleaned_data.get("visit"),
                    by=signed_in_user(request),
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The follow-up is done."))
                return redirect("cases:case_detail", pk=case.pk)
        else:
            status = 400
    else:
        form = CompleteFollowUpForm(visits=visits)
    return render(
        request,
        "cases/visits/follow_up_done.html",
        {"case": case, "item": item, "form": form},
        status=status,
    )


@login_required
@require_POST
def follow_up_cancel(request: HttpRequest, pk: int, follow_up_id: int) -> HttpResponse:
    """Call off an open follow-up (officers of the case's area)."""
    case = visible_case(request, pk)
    item = _follow_up(case, follow_up_id)
    require_perm(request, FOLLOW_UP_PERM, case)
    form = CancelFollowUpForm(request.POST)
    if not form.is_valid():
        # A reason that cannot be kept (too long) must not cancel the follow-up without it.
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("cases:follow_ups", pk=case.pk)
    try:
        cancel_follow_up(
            follow_up=item,
            reason=form.cleaned_data.get("reason", ""),
            by=signed_in_user(request),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The follow-up is called off."))
    return redirect("cases:follow_ups", pk=case.pk)


urlpatterns = [
    path("<int:pk>/assistance/", assistance, name="assistance"),
    path("<int:pk>/follow-ups/", follow_ups, name="follow_ups"),
    path("<int:pk>/follow-ups/<int:follow_up_id>/done/", follow_up_done, name="follow_up_done"),
    path(
        "<int:pk>/follow-ups/<int:follow_up_id>/cancel/",
        follow_up_cancel,
        name="follow_up_cancel",
    ),
]
