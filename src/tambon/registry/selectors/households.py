"""Reads of households: scoped lists with filters, one household with its members."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tambon.registry.models import Household, NeedsAssessment, Person, ProblemType, TargetGroup
from tambon.registry.policy import readable
from tambon.registry.selectors.assessments import households_with_problem
from tambon.registry.selectors.people import (
    house_number_condition,
    in_area,
    looks_like_national_id,
    name_terms,
    search_by_name,
)
from tambon.registry.selectors.target_groups import filter_by_target_group


@dataclass(frozen=True)
class HouseholdFilters:
    area_code: str = ""
    q: str = ""  # part of a member's name, in Thai or Latin letters
    house_number: str = ""
    housing: str = ""
    income_band: str = ""
    target_group: TargetGroup | None = None  # at least one member in it
    need: ProblemType | None = None


def visible_households(user: Any) -> QuerySet[Household]:
    """Every household in the user's area (none for roles outside the registry)."""
    return readable(Household.objects.all(), user)


def _head(field: str) -> Subquery:
    heads = Person.objects.filter(
        household=OuterRef("pk"), relation=Person.Relation.HEAD, merged_into__isnull=True
    ).order_by("pk")
    return Subquery(heads.values(field)[:1])


def with_summary(qs: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate `member_count` and the head's `head_title`, `head_first_name`,
    `head_last_name`: subqueries, so a list page makes no query per row."""
    members = (
        Person.objects.filter(household=OuterRef("pk"), merged_into__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
        head_title=_head("title"),
        head_first_name=_head("first_name"),
        head_last_name=_head("last_name"),
    )


def _root_members() -> QuerySet[Person]:
    return Person.objects.filter(merged_into__isnull=True, household__isnull=False)


def _with_members(qs: QuerySet[Household], members: QuerySet[Person]) -> QuerySet[Household]:
    """The households of `qs` with one of `members` (a subquery, not a list of ids)."""
    return qs.filter(pk__in=members.order_by().values("household_id"))


def household_list(
    *, user: Any, filters: HouseholdFilters, today: dt.date | None = None
) -> QuerySet[Household]:
    """The households a user sees, filtered, with member counts and the head's name."""
    qs = in_area(visible_households(user), filters.area_code)
    # As in person_list, digits typed as a name (an ID) are not searched: callers refuse them.
    if name_terms(filters.q) and not looks_like_national_id(filters.q):
        qs = _with_members(qs, search_by_name(_root_members(), filters.q))
    if filters.target_group is not None:
        qs = _with_members(qs, filter_by_target_group(_root_members(), filters.target_group, today))
    if filters.house_number.strip():
        qs = qs.filter(house_number_condition(filters.house_number, field="house_number"))
    if filters.housing:
        qs = qs.filter(housing=filters.housing)
    if filters.income_band:
        qs = qs.filter(income_band=filters.income_band)
    if filters.need is not None:
        qs = households_with_problem(qs, filters.need.code)
    qs = qs.select_related("subdistrict__district", "subdistrict__province", "village")
    return with_summary(qs).order_by("subdistrict_id", "village_id", "house_number", "pk")


def household_detail(*, user: Any, pk: int) -> Household | None:
    """One household the user may see, with its places loaded."""
    return (
        visible_households(user)
        .select_related("subdistrict__district", "subdistrict__province", "village")
        .filter(pk=pk)
        .first()
    )


def household_assessments(household: Household) -> QuerySet[NeedsAssessment]:
    """Assessments of the household and of its members, newest first."""
    return (
        NeedsAssessment.objects.filter(Q(household=household) | Q(person__household=household))
        .select_related("assessed_by", "mapping_version", "person")
        .prefetch_related("problems")
        .order_by("-assessed_on", "-pk")
        .distinct()
    )


def households_for_choice(*, user: Any, subdistrict_code: str) -> QuerySet[Household]:
    """The households of one sub-district a user may add a person to (for a select)."""
    if not subdistrict_code:
        return Household.objects.none()
    return (
        visible_households(user)
        .filter(subdistrict_id=subdistrict_code)
        .select_related("village")
        .order_by("village_id", "house_number", "pk")
    )
