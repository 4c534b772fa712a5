"""Reads of cohorts: who may see which, the list with its counts, quotas per province."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.policy import area_prefixes, scope_to_user
from tambon.accounts.roles import Role
from tambon.core.thai import BE_OFFSET
from tambon.geo.models import Province
from tambon.training.models import Cohort, CohortSession, Course, Enrollment

Status = Enrollment.Status


def visible_cohorts(user: Any) -> QuerySet[Cohort]:
    """The cohorts a user may see in full: national admins all; provincial officers those held
    in their province; anyone the cohorts they organise, train or are approved trainees in."""
    qs = Cohort.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_national_admin:
        return qs
    trains = Cohort.trainers.through.objects.filter(cohort=OuterRef("pk"), user=user)
    approved = Enrollment.objects.filter(
        cohort=OuterRef("pk"), trainee=user, status=Status.APPROVED
    )
    condition = Q(organiser=user) | Exists(trains) | Exists(approved)
    if user.role == Role.PROVINCIAL_OFFICER:
        in_province = scope_to_user(Cohort.objects.all(), user, area_field="province")
        condition |= Q(pk__in=in_province.values("pk"))
    return qs.filter(condition)


def nominations_close_on(cohort: Cohort) -> dt.date:
    """The last day nominations and applications are taken (inclusive)."""
    return cohort.nominations_close_on or cohort.starts_on


def nominations_are_open(cohort: Cohort, *, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) <= nominations_close_on(cohort)


def open_cohorts(user: Any) -> QuerySet[Cohort]:
    """Cohorts taking nominations and applications, announced to everyone with a role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.role:
        return Cohort.objects.none()
    return (
        Cohort.objects.annotate(closes_on=Coalesce("nominations_close_on", "starts_on"))
        .filter(closes_on__gte=timezone.localdate())
        .select_related("course", "province")
        .order_by("starts_on", "course__code", "number")
    )


def _with_counts(qs: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return qs.annotate(
        approved_count=Count("enrollments", filter=Q(enrollments__status=Status.APPROVED)),
        waiting_count=Count("enrollments", filter=Q(enrollments__status=Status.WAITLISTED)),
        nominated_count=Count("enrollments", filter=Q(enrollments__status=Status.NOMINATED)),
    )


def cohort_list(
    user: Any,
    *,
    course: Course | None = None,
    province: Province | None = None,
    year_be: int | None = None,
) -> QuerySet[Cohort]:
    """The cohorts a user may see, filtered, with their course, province and counts."""
    qs = visible_cohorts(user)
    if course is not None:
        qs = qs.filter(course=course)
    if province is not None:
        qs = qs.filter(province=province)
    if year_be:
        qs = qs.filter(starts_on__year=year_be - BE_OFFSET)
    return _with_counts(qs.select_related("course", "province", "organiser")).order_by(
        "-starts_on", "course__code", "number"
    )


def visible_cohort(user: Any, pk: int) -> Cohort | None:
    """One cohort the user may see in full, with what its page shows, or None."""
    return (
        visible_cohorts(user)
        .select_related("course", "province", "organiser")
        .prefetch_related("trainers")
        .filter(pk=pk)
        .first()
    )


def announced_cohort(user: Any, pk: int) -> Cohort | None:
    """A cohort the user may see only because its nominations are open, or None."""
    return open_cohorts(user).select_related("organiser").filter(pk=pk).first()


@dataclass(frozen=True)
class EnrollmentCounts:
    approved: int = 0
    waiting: int = 0
    nominated: int = 0
    rejected: int = 0
    withdrawn: int = 0


def enrollment_counts(cohort: Cohort) -> EnrollmentCounts:
    rows = dict(
        cohort.enrollments.order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return EnrollmentCounts(
        approved=rows.get(Status.APPROVED, 0),
        waiting=rows.get(Status.WAITLISTED, 0),
        nominated=rows.get(Status.NOMINATED, 0),
        rejected=rows.get(Status.REJECTED, 0),
        withdrawn=rows.get(Status.WITHDRAWN, 0),
    )


@dataclass(frozen=True)
class QuotaRow:
    province: Province
    quota: int | None
    approved: int
    waiting: int
    nominated: int

    @property
    def is_full(self) -> bool:
        return self.quota is not None and self.approved >= self.quota


def province_quota_rows(cohort: Cohort) -> list[QuotaRow]:
    """Per province of the trainees' sub-districts (and every province with a quota): the quota
    and how many are approved, waiting and nominated. Two queries."""
    counts: dict[str, dict[str, int]] = {}
    rows = (
        cohort.enrollments.order_by()
        .values_list("subdistrict__province_id", "status")
        .annotate(n=Count("id"))
    )
    for code, status, n in rows:
        counts.setdefault(code, {})[status] = n
    quotas = {str(k): int(v) for k, v in (cohort.province_quotas or {}).items()}
    provinces = Province.objects.filter(code__in=set(counts) | set(quotas)).order_by("name_th")
    return [
        QuotaRow(
            province=p,
            quota=quotas.get(p.code),
            approved=counts.get(p.code, {}).get(Status.APPROVED, 0),
            waiting=counts.get(p.code, {}).get(Status.WAITLISTED, 0),
            nominated=counts.get(p.code, {}).get(Status.NOMINATED, 0),
        )
        for p in provinces
    ]


def sessions(cohort: Cohort) -> QuerySet[CohortSession]:
    """The sessions of a cohort in order, each with how many attended."""
    return cohort.sessions.annotate(attended=Count("attendance")).order_by("date", "starts_at")


def next_cohort_number(course: Course) -> int:
    last = course.cohorts.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def cohort_years_be(user: Any) -> list[int]:
    """The Buddhist-era years in which the user's cohorts start, newest first (a filter)."""
    years = visible_cohorts(user).dates("starts_on", "year", order="DESC")
    return [d.year + BE_OFFSET for d in years]


STAFF_ROLES = (
    Role.NATIONAL_ADMIN,
    Role.PROVINCIAL_OFFICER,
    Role.SUBDISTRICT_OFFICER,
    Role.FACILITATOR,
    Role.PARTNER,
)


def staff_choices(by: Any, *, include: list[int] | None = None) -> QuerySet[User]:
    """The people who may organise or train a cohort, as the user may pick them: officers,
    facilitators and partners working inside the user's area, national admins, the user, and
    whoever `include` names (the cohort's current organiser and trainers)."""
    qs = User.objects.filter(is_active=True, role__in=STAFF_ROLES)
    prefixes = area_prefixes(by)
    if prefixes is not None:
        inside = Q(pk__in=[])
        for prefix in prefixes:
            inside |= Q(area_code__startswith=prefix)
        in_area = AreaAssignment.objects.filter(inside).values("user_id")
        qs = qs.filter(
            Q(pk__in=in_area) | Q(role=Role.NATIONAL_ADMIN) | Q(pk=by.pk) | Q(pk__in=include or [])
        )
    return qs.order_by("first_name", "last_name", "username")
