"""Reads of people: scoped lists with filters and search, one person's page, lookup by ID.

Every queryset starts from `visible_people(user)`, the area policy's scope. Lists show only
root records (a merged duplicate points at its survivor: see decision 0003).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from tambon.accounts import policy
from tambon.core import nationalid
from tambon.registry.models import Consent, NeedsAssessment, Person, ProblemType, TargetGroup
from tambon.registry.names import TITLES, normalize_name
from tambon.registry.policy import readable
from tambon.registry.selectors.assessments import people_with_problem
from tambon.registry.selectors.target_groups import filter_by_target_group

# Shortest run of digits a search box treats as a national ID rather than a name.
ID_LIKE_DIGITS = 6
# Household members are listed head first, then by closeness to the head.
RELATION_ORDER = list(Person.Relation.values)
_TITLES_LONGEST_FIRST = sorted((normalize_name(t) for t in TITLES), key=len, reverse=True)


@dataclass(frozen=True)
class PersonFilters:
    area_code: str = ""  # a province, district, sub-district or village code
    q: str = ""  # a name, in Thai or Latin letters
    house_number: str = ""
    target_group: TargetGroup | None = None
    need: ProblemType | None = None


def visible_people(user: Any) -> QuerySet[Person]:
    """Every person (merged or not) in the user's area (none for roles outside the registry)."""
    return readable(Person.objects.all(), user)


def for_list(qs: QuerySet[Person]) -> QuerySet[Person]:
    """What a list row shows, loaded up front: no query per row."""
    return qs.select_related(
        "household", "subdistrict__district", "subdistrict__province", "village"
    ).prefetch_related("target_groups")


def looks_like_national_id(text: str) -> bool:
    """Whether a search text is a run of digits (an ID or part of one), not a name."""
    digits = nationalid.normalize(text)
    return len(digits) >= ID_LIKE_DIGITS and digits.isdigit()


def name_terms(text: str) -> list[str]:
    """The normalised words of a name search; a title typed before the name is dropped."""
    terms = normalize_name(text).split()
    if terms:
        first = terms[0]
        for title in _TITLES_LONGEST_FIRST:
            if first.startswith(title):
                rest = first[len(title) :].strip()
                terms = ([rest] if rest else []) + terms[1:]
                break
    return terms


def search_by_name(qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People whose normalised name contains every word typed; names that start with the
    first word come first."""
    terms = name_terms(text)
    if not terms:
        return qs
    for term in terms:
        qs = qs.filter(search_name__contains=term)
    starts = Case(
        When(search_name__startswith=terms[0], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(name_rank=starts).order_by("name_rank", "search_name", "pk")


def house_number_condition(number: str, *, field: str) -> Q:
    """A house number as typed: "12" finds 12 and its sub-numbers 12/1, 12/3…"""
    number = " ".join(number.split())
    return Q(**{field: number}) | Q(**{f"{field}__startswith": f"{number}/"})


def in_area(qs: QuerySet[Any], area_code: str) -> QuerySet[Any]:
    """Rows of a province, district, sub-district (prefix of the code) or village."""
    if len(area_code) == 8:
        return qs.filter(village_id=area_code)
    if area_code:
        return qs.filter(policy.code_within("subdistrict__code", area_code))
    return qs


def person_list(
    *, user: Any, filters: PersonFilters, today: dt.date | None = None
) -> QuerySet[Person]:
    """The root people a user sees, filtered and searched, ready for a list page."""
    qs = visible_people(user).filter(merged_into__isnull=True)
    qs = in_area(qs, filters.area_code)
    if filters.house_number.strip():
        qs = qs.filter(
            house_number_condition(filters.house_number, field="household__house_number")
        )
    if filters.target_group is not None:
        qs = filter_by_target_group(qs, filters.target_group, today)
    if filters.need is not None:
        qs = people_with_problem(qs, filters.need.code)
    qs = for_list(qs).order_by("search_name", "pk")
    if filters.q.strip() and not looks_like_national_id(filters.q):
        qs = search_by_name(qs, filters.q)
    return qs


def people_with_national_id(*, user: Any, national_id: str) -> QuerySet[Person]:
    """The people in the user's area with this national ID (exact, by its blind index).

    Raises core.errors.ValidationError (naming the mistake, never the ID) for an invalid ID.
    """
    index = nationalid.blind_index(national_id)
    return for_list(visible_people(user).filter(national_id_index=index)).order_by(
        "merged_into", "search_name", "pk"
    )


def person_detail(*, user: Any, pk: int) -> Person | None:
    """One person the user may see, with their places and household loaded."""
    return (
        visible_people(user)
        .select_related(
            "household__subdistrict",
            "household__village",
            "subdistrict__district",
            "subdistrict__province",
            "village",
            "merged_into",
            "created_by",
            "updated_by",
        )
        .prefetch_related("target_groups")
        .filter(pk=pk)
        .first()
    )


def relation_rank() -> Case:
    """An ordering of household members: head, spouse, children… then the unstated."""
    return Case(
        *(When(relation=value, then=Value(i)) for i, value in enumerate(RELATION_ORDER)),
        default=Value(len(RELATION_ORDER)),
        output_field=IntegerField(),
    )


def members_of_household(household_id: int) -> QuerySet[Person]:
    """The root members of a household, head first (their area is the household's)."""
    return (
        Person.objects.filter(household_id=household_id, merged_into__isnull=True)
        .prefetch_related("target_groups")
        .annotate(relation_rank=relation_rank())
        .order_by("relation_rank", "birth_date", "pk")
    )


def fellow_members(person: Person) -> list[Person]:
    """The other members of the person's household."""
    if person.household_id is None:
        return []
    return list(members_of_household(person.household_id).exclude(pk=person.pk))


def merged_family(person: Person) -> list[int]:
    """The person's id and those of every record merged into them, directly or not (A merged
    into B, then B into C): what hangs off those records is the person's too."""
    ids = frontier = [person.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        ids = ids + frontier
    return ids


def assessments_of(person: Person) -> QuerySet[NeedsAssessment]:
    """The needs assessments of the person, of the records merged into them and of their
    households, newest first."""
    family = Person.objects.filter(pk__in=merged_family(person))
    condition = Q(person__in=family) | Q(
        household__in=family.filter(household__isnull=False).values("household")
    )
    return (
        NeedsAssessment.objects.filter(condition)
        .select_related("assessed_by", "mapping_version", "person", "household")
        .prefetch_related("problems")
        .order_by("-assessed_on", "-pk")
    )


def consents_of(person: Person) -> QuerySet[Consent]:
    """The consents given for the person and for the records merged into them."""
    return Consent.objects.filter(person__in=merged_family(person)).select_related(
        "recorded_by", "person"
    )


def consent_detail(*, user: Any, pk: int) -> Consent | None:
    """A consent of a person the user may see."""
    return (
        Consent.objects.select_related("person")
        .filter(pk=pk, person__in=visible_people(user).values("pk"))
        .first()
    )
