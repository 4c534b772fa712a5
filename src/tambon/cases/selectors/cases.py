"""Reads of cases: the scoped list with its filters, one case, a subject's cases, the timeline,
the transitions a user may make, and who a case may be assigned to.

Every queryset starts from `visible_cases(user)`, the policy of cases/policy.py as a query.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tambon.accounts import policy
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.accounts.selectors import assignable_users
from tambon.cases import workflow
from tambon.cases.models import Case, CaseEvent
from tambon.registry.models import Household, Person, ProblemType
from tambon.registry.selectors.people import in_area, merged_family, name_terms


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    urgency: str = ""
    channel: str = ""
    problem_type: ProblemType | None = None
    area_code: str = ""  # a province, district, sub-district or village code
    mine: bool = False  # assigned to me (as officer or volunteer)
    q: str = ""  # a reference number or part of the person's name


def visible_cases(user: Any) -> QuerySet[Case]:
    """Every case the user may see: officers by area, volunteers the cases assigned to them."""
    return through_visible_case(Case.objects.all(), user, via="")


def through_visible_case(
    qs: QuerySet[Any], user: Any, *, via: str = "case", area_field: str = ""
) -> QuerySet[Any]:
    """The rows of `qs` whose case (reached through the relation `via`) the user may see.

    The rule of `visible_cases` applied through a join rather than `case__in=<subquery>`:
    PostgreSQL then reads only the cases of the user's area through their index, where the
    subquery made it join every row first and drop the others last. `area_field`: the row's
    own copy of its case's sub-district (follow-ups, referrals), scoped without the case.
    """
    prefix = f"{via}__" if via else ""
    area_field = area_field or f"{prefix}subdistrict"
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_national_admin:
        return qs
    if user.role == Role.VOLUNTEER:
        qs = qs.filter(**{f"{prefix}assigned_volunteer": user})
    elif user.role not in (Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER):
        return qs.none()
    return policy.scope_to_user(qs, user, area_field=area_field)


def for_list(qs: QuerySet[Case]) -> QuerySet[Case]:
    """What a list row shows, loaded up front: no query per row."""
    return qs.select_related(
        "person",
        "household",
        "subdistrict__district",
        "subdistrict__province",
        "assigned_officer",
        "assigned_volunteer",
    ).prefetch_related("problem_types")


def _search(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    text = " ".join(text.split())
    if not text:
        return qs
    by_reference = Q(reference__icontains=text)
    terms = name_terms(text)
    if not terms:
        return qs.filter(by_reference)
    by_name = Q()
    for term in terms:
        by_name &= Q(person__search_name__contains=term)
    return qs.filter(by_reference | by_name)


def _in_area(qs: QuerySet[Case], area_code: str) -> QuerySet[Case]:
    if len(area_code) == 8:
        # A village: the case's subject lives there.
        return qs.filter(Q(person__village_id=area_code) | Q(household__village_id=area_code))
    return in_area(qs, area_code)


def case_list(*, user: Any, filters: CaseFilters) -> QuerySet[Case]:
    """The cases a user sees, filtered and searched, newest first, ready for a list page."""
    qs = visible_cases(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.problem_type is not None:
        qs = qs.filter(problem_types=filters.problem_type)
    if filters.area_code:
        qs = _in_area(qs, filters.area_code)
    if filters.mine:
        qs = qs.filter(Q(assigned_officer=user) | Q(assigned_volunteer=user))
    if filters.q.strip():
        qs = _search(qs, filters.q)
    return for_list(qs).order_by("-opened_at", "-pk")


def case_detail(*, user: Any, pk: int) -> Case | None:
    """One case the user may see, with its subject, places and people loaded."""
    return (
        visible_cases(user)
        .select_related(
            "person__household",
            "person__village",
            "household__village",
            "subdistrict__district",
            "subdistrict__province",
            "assigned_officer",
            "assigned_volunteer",
            "needs_assessment",
            "created_by",
        )
        .prefetch_related("problem_types")
        .filter(pk=pk)
        .first()
    )


def case_by_reference(*, user: Any, reference: str) -> Case | None:
    return visible_cases(user).filter(reference=reference).first()


def cases_of_subject(
    *, user: Any, person: Person | None = None, household: Household | None = None
) -> list[Case]:
    """The cases of a person (and of the records merged into them, through chained merges
    too) or of a household."""
    if person is not None:
        condition = Q(person__in=merged_family(person))
    elif household is not None:
        condition = Q(household=household)
    else:
        return []
    return list(
        visible_cases(user)
        .filter(condition)
        .select_related("assigned_officer")
        .prefetch_related("problem_types")
        .order_by("-opened_at", "-pk")
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    """Every event of the case in order, with who made it.

    One query whatever the kinds: each row's detail (cases/events/) reads the snapshot its
    service stored in `data` (names, amounts, ISO dates) and `by`, never a related row."""
    return CaseEvent.objects.filter(case=case).select_related("by").order_by("at", "pk")


def available_steps(case: Case, user: Any) -> list[workflow.Step]:
    """The transitions the state machine allows this user from the case's state, as buttons."""
    steps = []
    for found in case.get_available_user_state_transitions(user):  # type: ignore[attr-defined]
        target = found.target
        known = workflow.step(case.state, target)
        if known is not None:
            steps.append(known)
    return steps


OFFICER_ROLES = [Role.SUBDISTRICT_OFFICER, Role.PROVINCIAL_OFFICER]
VOLUNTEER_ROLES = [Role.VOLUNTEER]


def assignable_officers(subdistrict_code: str) -> QuerySet[User]:
    return assignable_users(subdistrict_code, OFFICER_ROLES)


def assignable_volunteers(subdistrict_code: str) -> QuerySet[User]:
    return assignable_users(subdistrict_code, VOLUNTEER_ROLES)


def volunteer_case_subjects(user: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The households and the people of the cases assigned to `user` as volunteer (id
    querysets): the registry lets them see these (registry.policy.add_volunteer_source)."""
    cases = Case.objects.filter(assigned_volunteer=user)
    return (
        cases.filter(household__isnull=False).values("household"),
        cases.filter(person__isnull=False).values("person"),
    )
