"""Reads of the duplicate review queue and of merges, scoped by the area policy.

A pair is visible to a user who covers the areas of *both* people (a pair across two
provinces is for those who see both). National IDs are never read for display here: the pair
page says whether the two blind indexes are equal, different or missing, and shows the masked
IDs only.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from tambon.accounts import policy
from tambon.core import nationalid
from tambon.core.jobs import Job
from tambon.registry.models import DuplicateCandidate, Merge, Person

Status = DuplicateCandidate.Status
STATUS_ALL = "all"
JOB_KIND = "registry.dedupe"
_PERSON_RELATED = ("subdistrict", "village", "household")


@dataclass(frozen=True)
class QueueFilters:
    status: str = Status.OPEN  # a DuplicateCandidate.Status value, or "all"
    area_code: str = ""  # a province, district, sub-district or village code
    min_probability: float | None = None  # 0..1


def _scoped(qs: QuerySet[Any], user: Any, *, left: str, right: str) -> QuerySet[Any]:
    qs = policy.scope_to_user(qs, user, area_field=left)
    return policy.scope_to_user(qs, user, area_field=right)


def visible_candidates(user: Any) -> QuerySet[DuplicateCandidate]:
    """Every pair both of whose people are in the user's area."""
    return _scoped(
        DuplicateCandidate.objects.all(), user, left="left__subdistrict", right="right__subdistrict"
    )


def _in_area(qs: QuerySet[DuplicateCandidate], code: str) -> QuerySet[DuplicateCandidate]:
    if len(code) == 8:  # a village
        return qs.filter(Q(left__village__code=code) | Q(right__village__code=code))
    return qs.filter(
        Q(left__subdistrict__code__startswith=code) | Q(right__subdistrict__code__startswith=code)
    )


def duplicate_queue(
    *, user: Any, filters: QueueFilters | None = None
) -> QuerySet[DuplicateCandidate]:
    """The review queue: open pairs first, most likely first. An open pair whose person has
    been merged since (by another pair) is not shown until that merge is undone."""
    filters = filters or QueueFilters()
    qs = visible_candidates(user).select_related(
        *(f"{side}__{rel}" for side in ("left", "right") for rel in _PERSON_RELATED)
    )
    if filters.status != STATUS_ALL:
        qs = qs.filter(status=filters.status)
    if filters.status in (Status.OPEN, STATUS_ALL):
        settled = Q(left__merged_into__isnull=False) | Q(right__merged_into__isnull=False)
        qs = qs.exclude(Q(status=Status.OPEN) & settled)
    if filters.area_code:
        qs = _in_area(qs, filters.area_code)
    if filters.min_probability is not None:
        qs = qs.filter(probability__gte=filters.min_probability)
    open_first = Case(When(status=Status.OPEN, then=Value(0)), default=Value(1))
    return qs.order_by(open_first, "-probability", "id")


def candidate_detail(*, user: Any, pk: int) -> DuplicateCandidate | None:
    """One pair the user may see, with both people loaded."""
    related = [f"{side}__{rel}" for side in ("left", "right") for rel in _PERSON_RELATED]
    return (
        visible_candidates(user)
        .select_related(*related, "decided_by", "left__merged_into", "right__merged_into")
        .filter(pk=pk)
        .first()
    )


def next_open(*, user: Any, after: DuplicateCandidate) -> DuplicateCandidate | None:
    """The next pair of the queue after `after` (for "decide and go on")."""
    return duplicate_queue(user=user).exclude(pk=after.pk).first()


def merge_of(candidate: DuplicateCandidate) -> Merge | None:
    """The merge a pair led to (the latest, if it was undone and merged again)."""
    return (
        Merge.objects.filter(candidate=candidate)
        .select_related("survivor", "merged", "merged_by", "undone_by")
        .order_by("-created_at", "-id")
        .first()
    )


# --- the pair side by side -----------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    key: str  # the field compared (see dedupe.predict.COMPARED_FIELDS)
    left: Any
    right: Any
    status: str  # exact, close, swapped, different, missing
    kind: str = "text"  # text or date: how the template shows the values


def id_comparison(left: Person, right: Person) -> str:
    """exact, different or missing: from the blind indexes, never the IDs."""
    if not left.national_id_index or not right.national_id_index:
        return "missing"
    return "exact" if left.national_id_index == right.national_id_index else "different"


def masked_id(person: Person) -> str:
    return nationalid.mask(person.national_id) if person.national_id else ""


def _house(person: Person) -> str:
    return person.household.house_number if person.household_id and person.household else ""


def _village(person: Person) -> str:
    return str(person.village) if person.village_id and person.village else ""


def pair_rows(candidate: DuplicateCandidate) -> list[FieldRow]:
    """The two people field by field, with how each field compared when the pair was scored
    (the ID: as the blind indexes compare now)."""
    left, right = candidate.left, candidate.right
    seen = candidate.comparison or {}

    def status(key: str) -> str:
        return str(seen.get(key, "missing"))

    return [
        FieldRow("national_id", masked_id(left), masked_id(right), id_comparison(left, right)),
        FieldRow("title", left.title, right.title, "exact" if left.title == right.title else ""),
        FieldRow("first_name", left.first_name, right.first_name, status("first_name")),
        FieldRow("last_name", left.last_name, right.last_name, status("last_name")),
        FieldRow("sex", left.get_sex_display(), right.get_sex_display(), status("sex")),
        FieldRow("birth_date", left.birth_date, right.birth_date, status("birth_date"), "date"),
        FieldRow("phone", left.phone, right.phone, status("phone")),
        FieldRow("house_number", _house(left), _house(right), status("house_number")),
        FieldRow("village", _village(left), _village(right), status("village")),
        FieldRow(
            "subdistrict", str(left.subdistrict), str(right.subdistrict), status("subdistrict")
        ),
    ]


# --- merges --------------------------------------------------------------------------------


def visible_merges(user: Any) -> QuerySet[Merge]:
    return _scoped(
        Merge.objects.all(), user, left="survivor__subdistrict", right="merged__subdistrict"
    )


def merge_list(*, user: Any, include_undone: bool = True) -> QuerySet[Merge]:
    """Merges in the user's area, newest first."""
    qs = visible_merges(user).select_related(
        "survivor__subdistrict", "merged__subdistrict", "merged_by", "undone_by", "candidate"
    )
    if not include_undone:
        qs = qs.filter(undone_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def merge_detail(*, user: Any, pk: int) -> Merge | None:
    return (
        visible_merges(user).select_related("survivor", "merged", "candidate").filter(pk=pk).first()
    )


def latest_run(user: Any) -> Job | None:
    """The user's latest search for duplicates (its progress bar on the queue page)."""
    return Job.objects.filter(kind=JOB_KIND, user=user).order_by("-created_at").first()
