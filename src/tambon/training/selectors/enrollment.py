"""Reads of enrollments: a cohort's trainees, people an officer may nominate, my training."""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.policy import area_prefixes
from tambon.accounts.roles import Role
from tambon.training.models import Cohort, Enrollment

Status = Enrollment.Status
SEARCH_LIMIT = 20


def cohort_trainees(
    cohort: Cohort, *, status: str = "", province_code: str = "", search: str = ""
) -> QuerySet[Enrollment]:
    """The enrollments of a cohort with their trainee and sub-district, filtered."""
    qs = cohort.enrollments.select_related(
        "trainee", "subdistrict__district", "subdistrict__province", "nominated_by"
    ).order_by("status", "created_at")
    if status:
        qs = qs.filter(status=status)
    if province_code:
        qs = qs.filter(subdistrict__province_id=province_code)
    if search:
        qs = qs.filter(_name_matches(search, prefix="trainee__"))
    return qs


def _name_matches(search: str, *, prefix: str = "") -> Q:
    """Every word of `search` in the first name, last name, username or e-mail."""
    words = search.split()
    conditions = [
        Q(**{f"{prefix}first_name__icontains": w})
        | Q(**{f"{prefix}last_name__icontains": w})
        | Q(**{f"{prefix}username__icontains": w})
        | Q(**{f"{prefix}email__icontains": w})
        for w in words
    ]
    return reduce(lambda a, b: a & b, conditions, Q())


def nominable_users(by: Any, *, search: str = "") -> QuerySet[User]:
    """Active users with a role whose every area lies inside the officer's area (all of them
    for a national admin): the people the officer may nominate."""
    qs = User.objects.filter(is_active=True).exclude(role="").exclude(role=Role.NATIONAL_ADMIN)
    prefixes = area_prefixes(by)
    if prefixes is not None:
        if not prefixes:
            return qs.none()
        inside = reduce(or_, (Q(area_code__startswith=p) for p in prefixes))
        assignments = AreaAssignment.objects.filter(user=OuterRef("pk"))
        qs = qs.filter(Exists(assignments), ~Exists(assignments.exclude(inside)))
    if search.strip():
        qs = qs.filter(_name_matches(search))
    return qs.prefetch_related("areas").order_by("first_name", "last_name", "username")


def search_nominable_users(by: Any, search: str) -> list[User]:
    """At most SEARCH_LIMIT people matching `search` whom the officer may nominate."""
    if len(search.strip()) < 2:
        return []
    return list(nominable_users(by, search=search)[:SEARCH_LIMIT])


def nominated_by(by: Any, cohort: Cohort) -> QuerySet[Enrollment]:
    """The nominations an officer made to a cohort."""
    return cohort_trainees(cohort).filter(nominated_by=by)


def enrollment_of(user: Any, cohort: Cohort) -> Enrollment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return cohort.enrollments.filter(trainee=user).first()


def my_enrollments(user: Any) -> QuerySet[Enrollment]:
    """A user's own enrollments, newest cohort first."""
    return (
        Enrollment.objects.filter(trainee=user)
        .select_related("cohort__course", "cohort__province", "subdistrict")
        .order_by("-cohort__starts_on", "-created_at")
    )


def first_on_waiting_list(cohort: Cohort) -> Enrollment | None:
    return waiting_list(cohort).first()


def waiting_list(cohort: Cohort) -> QuerySet[Enrollment]:
    """The waiting list in order: first put on it, first promoted."""
    return cohort.enrollments.filter(status=Status.WAITLISTED).order_by("decided_at", "created_at")
