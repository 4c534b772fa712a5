"""find_duplicates, and the decisions on a pair: merge (reversible, audited), not the same,
undo; who may make them."""

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.core.jobs import Job
from tambon.registry.dedupe import find_duplicates
from tambon.registry.models import DuplicateCandidate, Merge, Person
from tambon.registry.services.duplicates import (
    mark_not_same,
    merge_people,
    start_dedupe_run,
    unmerge,
)
from tests.conftest import MakeUser
from tests.registry.test_dedupe_support import PHRA_BOROM, Planted, plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted() -> Planted:
    return plant()


@pytest.fixture
def candidate(planted: Planted) -> DuplicateCandidate:
    find_duplicates()
    return DuplicateCandidate.objects.get()


def test_find_duplicates_queues_the_planted_pair_and_counts(planted: Planted) -> None:
    summary = find_duplicates()

    assert (summary.people, summary.created, summary.already_open) == (3, 1, 0)
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.left_id, candidate.right_id} == {planted.original.pk, planted.duplicate.pk}
    assert candidate.left_id < candidate.right_id
    assert candidate.comparison["first_name"] == "exact"
    assert candidate.comparison["house_number"] == "exact"


def test_find_duplicates_leaves_out_merged_people(planted: Planted, admin: User) -> None:
    merge_people(by=admin, survivor=planted.original, merged=planted.duplicate)

    summary = find_duplicates()

    assert summary.people == 2
    assert not DuplicateCandidate.objects.exists()


def test_merge_points_the_merged_record_at_the_survivor(
    candidate: DuplicateCandidate, siphum_officer: User
) -> None:
    merge = merge_people(
        by=siphum_officer, candidate=candidate, survivor=candidate.right, reason="บัตรเดียวกัน"
    )

    left, right = (
        Person.objects.get(pk=candidate.left_id),
        Person.objects.get(pk=candidate.right_id),
    )
    assert left.merged_into_id == right.pk
    assert right.merged_into_id is None
    assert (merge.survivor_id, merge.merged_id, merge.merged_by) == (
        right.pk,
        left.pk,
        siphum_officer,
    )
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.decided_by == siphum_officer


def test_merge_keeps_both_records_and_what_hangs_off_them(
    planted: Planted, candidate: DuplicateCandidate, siphum_officer: User
) -> None:
    household = planted.duplicate.household_id

    merge_people(by=siphum_officer, candidate=candidate)

    assert Person.objects.count() == 3
    assert Person.objects.get(pk=planted.duplicate.pk).household_id == household


def test_unmerge_restores_and_keeps_the_merge_row(
    candidate: DuplicateCandidate, siphum_officer: User
) -> None:
    merge = merge_people(by=siphum_officer, candidate=candidate)

    unmerge(by=siphum_officer, merge=merge)

    merged = Person.objects.get(pk=merge.merged_id)
    assert merged.merged_into_id is None
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == siphum_officer
    assert Merge.objects.count() == 1
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert candidate.decided_by is None


def test_merge_and_undo_are_in_the_change_history(
    candidate: DuplicateCandidate, siphum_officer: User
) -> None:
    merge = merge_people(by=siphum_officer, candidate=candidate)
    unmerge(by=siphum_officer, merge=merge)

    merged = Person.objects.get(pk=merge.merged_id)
    changes = [e.changes_dict.get("merged_into") for e in LogEntry.objects.get_for_object(merged)]
    assert ["None", str(merge.survivor_id)] in changes
    assert [str(merge.survivor_id), "None"] in changes
    assert LogEntry.objects.get_for_object(merge).count() == 2  # created, then undone
    assert LogEntry.objects.get_for_object(candidate).exists()


def test_undoing_twice_is_refused(candidate: DuplicateCandidate, siphum_officer: User) -> None:
    merge = merge_people(by=siphum_officer, candidate=candidate)
    unmerge(by=siphum_officer, merge=merge)

    with pytest.raises(Conflict):
        unmerge(by=siphum_officer, merge=merge)


def test_merging_a_merged_record_again_is_refused(planted: Planted, admin: User) -> None:
    merge_people(by=admin, survivor=planted.original, merged=planted.duplicate)

    with translation.override("en"), pytest.raises(Conflict, match="already been merged"):
        merge_people(by=admin, survivor=planted.stranger, merged=planted.duplicate)
    assert Person.objects.get(pk=planted.duplicate.pk).merged_into_id == planted.original.pk


def test_merging_into_a_merged_record_is_refused(planted: Planted, admin: User) -> None:
    merge_people(by=admin, survivor=planted.original, merged=planted.duplicate)

    with translation.override("en"), pytest.raises(Conflict, match="merged into another record"):
        merge_people(by=admin, survivor=planted.duplicate, merged=planted.stranger)
    assert Person.objects.get(pk=planted.stranger.pk).merged_into_id is None


def test_a_person_cannot_be_merged_into_themselves(planted: Planted, admin: User) -> None:
    with pytest.raises(ValidationError):
        merge_people(by=admin, survivor=planted.original, merged=planted.original)


def test_the_survivor_must_be_one_of_the_pair(
    planted: Planted, candidate: DuplicateCandidate, admin: User
) -> None:
    with pytest.raises(ValidationError):
        merge_people(by=admin, candidate=candidate, survivor=planted.stranger)
    assert not Merge.objects.exists()


def test_not_the_same_person_is_recorded_and_final(
    candidate: DuplicateCandidate, siphum_officer: User
) -> None:
    mark_not_same(by=siphum_officer, candidate=candidate)

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.NOT_SAME
    with pytest.raises(Conflict):
        merge_people(by=siphum_officer, candidate=candidate)
    assert not Merge.objects.exists()
    find_duplicates()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.NOT_SAME


@pytest.mark.parametrize(
    ("role", "area"),
    [
        (Role.VOLUNTEER, "500101"),
        (Role.PARTNER, "500101"),
        (Role.SUBDISTRICT_OFFICER, PHRA_BOROM),
    ],
)
def test_who_may_not_decide_changes_nothing(
    candidate: DuplicateCandidate, make_user: MakeUser, role: str, area: str
) -> None:
    user = make_user("outsider", role, area)

    with pytest.raises(PermissionDenied):
        merge_people(by=user, candidate=candidate)
    with pytest.raises(PermissionDenied):
        mark_not_same(by=user, candidate=candidate)

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert not Merge.objects.exists()
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_an_officer_of_another_area_may_not_undo(
    candidate: DuplicateCandidate, siphum_officer: User, bkk_officer: User
) -> None:
    merge = merge_people(by=siphum_officer, candidate=candidate)

    with pytest.raises(PermissionDenied):
        unmerge(by=bkk_officer, merge=merge)
    assert Person.objects.get(pk=merge.merged_id).merged_into_id == merge.survivor_id


def test_a_run_is_queued_once_at_a_time(siphum_officer: User) -> None:
    job = start_dedupe_run(by=siphum_officer)

    assert job.kind == "registry.dedupe" and job.status == Job.Status.QUEUED
    with pytest.raises(Conflict):
        start_dedupe_run(by=siphum_officer)
    assert Job.objects.count() == 1


def test_a_run_covers_only_the_officers_area(siphum_officer: User) -> None:
    with pytest.raises(PermissionDenied):
        start_dedupe_run(by=siphum_officer, area_codes=[PHRA_BOROM])
    assert not Job.objects.exists()


def test_a_volunteer_may_not_start_a_run(siphum_volunteer: User) -> None:
    with pytest.raises(PermissionDenied):
        start_dedupe_run(by=siphum_volunteer)
    assert not Job.objects.exists()


@pytest.mark.parametrize("threshold", [0.0, 1.0, 1.5])
def test_a_run_needs_a_probability_threshold(admin: User, threshold: float) -> None:
    with pytest.raises(ValidationError):
        start_dedupe_run(by=admin, threshold=threshold)
    assert not Job.objects.exists()
