"""Reads of referrals: what a user may see (cases/policy.py as a query), a case's referrals,
the partner inbox, one referral, the services a case may be referred to, and the escalated
referrals of the officers' work queue.

Every queryset starts from `visible_referrals(user)`: partner accounts see the referrals sent
to the partners they act for; everyone else the referrals of the cases they see.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tambon.accounts.roles import Role
from tambon.cases.models import Case, Referral, ReferralState
from tambon.cases.selectors.cases import through_visible_case
from tambon.network.models import WelfareService
from tambon.network.selectors import partners_of, services_for


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """Every referral the user may see: a partner member its partners', others their cases'."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Referral.objects.none()
    if user.is_national_admin:
        return Referral.objects.all()
    if user.role == Role.PARTNER:
        return Referral.objects.filter(partner__in=partners_of(user).values("pk"))
    return through_visible_case(Referral.objects.all(), user)


def for_list(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """What a referral row shows, loaded up front: no query per row."""
    return qs.select_related(
        "case__subdistrict__district",
        "case__subdistrict__province",
        "case__person__village",
        "case__household__village",
        "service__service_type",
        "partner",
        "answered_by",
        "consent",
    ).prefetch_related("case__problem_types")


def is_overdue(referral: Referral, today: dt.date | None = None) -> bool:
    """Still unanswered (sent) after its answer date."""
    today = today or timezone.localdate()
    return referral.state == ReferralState.SENT and referral.answer_due < today


@dataclass(frozen=True)
class InboxFilters:
    state: str = ""
    overdue: bool = False
    case_id: int | None = None


def referral_list(*, user: Any, filters: InboxFilters) -> QuerySet[Referral]:
    """The referrals a user sees, filtered (state, overdue, case), open ones first."""
    qs = visible_referrals(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue:
        qs = qs.filter(state=ReferralState.SENT, answer_due__lt=timezone.localdate())
    if filters.case_id is not None:
        qs = qs.filter(case_id=filters.case_id)
    return for_list(qs).order_by("answer_due", "-sent_at", "-pk")


def inbox(*, user: Any, filters: InboxFilters) -> QuerySet[Referral]:
    """The partner inbox: the referrals sent to the user's partners (an admin: all)."""
    if not user.has_perm("cases.view_referral_inbox"):
        return Referral.objects.none()
    return referral_list(user=user, filters=filters)


def referrals_of_case(*, user: Any, case: Case) -> list[Referral]:
    """The referrals of a case the user sees (none if the user may not see them), newest first."""
    return list(
        visible_referrals(user)
        .filter(case=case)
        .select_related("service", "partner", "answered_by", "action")
        .order_by("-sent_at", "-pk")
    )


def referral_detail(*, user: Any, pk: int) -> Referral | None:
    """One referral the user may see, with its case, place, service and partner loaded."""
    return (
        for_list(visible_referrals(user))
        .select_related("action", "created_by", "case__person__household")
        .filter(pk=pk)
        .first()
    )


def escalated_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals the user sees that are still unanswered after their reminder and escalation:
    the flag on the officer's work queue (oldest answer date first)."""
    return for_list(
        visible_referrals(user).filter(state=ReferralState.SENT, escalated_at__isnull=False)
    ).order_by("answer_due", "pk")


def referable_services(*, user: Any, case: Case) -> QuerySet[WelfareService]:
    """Active services of active partners serving the case's area (the directory), annotated
    with `matches_case`: whether the service answers one of the case's problem types."""
    problems = WelfareService.problem_types.through.objects.filter(
        welfareservice_id=OuterRef("pk"),
        problemtype_id__in=case.problem_types.values("pk"),
    )
    return (
        services_for(user=user, subdistrict_code=case.subdistrict_id)
        .annotate(matches_case=Exists(problems))
        .order_by("-matches_case", "partner__name", "name", "pk")
    )


def open_referral_to(case: Case, service: WelfareService) -> Referral | None:
    """An open referral of the case to the same service (a second one would be a duplicate)."""
    return (
        Referral.objects.filter(
            case=case, service=service, state__in=[ReferralState.SENT, ReferralState.ACCEPTED]
        )
        .order_by("pk")
        .first()
    )


def due_for_reminder(today: dt.date) -> QuerySet[Referral]:
    """Referrals still sent after their answer date whose partner was not reminded yet."""
    return Referral.objects.filter(
        state=ReferralState.SENT, answer_due__lt=today, reminded_at__isnull=True
    )


def due_for_escalation(reminded_before: dt.datetime) -> QuerySet[Referral]:
    """Referrals still sent, reminded before `reminded_before`, not escalated yet."""
    return Referral.objects.filter(
        Q(state=ReferralState.SENT),
        reminded_at__isnull=False,
        reminded_at__lt=reminded_before,
        escalated_at__isnull=True,
    )
