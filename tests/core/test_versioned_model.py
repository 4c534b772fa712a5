"""Optimistic locking: the second of two concurrent edits gets a Conflict and changes nothing."""

import pytest

from tambon.accounts.models import User
from tambon.core.errors import Conflict
from tests.core.stand_in_models import CarePlanDraft


@pytest.fixture
def draft(db: None) -> CarePlanDraft:
    return CarePlanDraft.objects.create(title="ซ่อมหลังคาบ้าน")


def test_a_save_with_the_current_version_bumps_it(draft: CarePlanDraft, admin: User) -> None:
    draft.title = "ซ่อมหลังคาและห้องน้ำ"
    draft.save_versioned(expected_version=1, by=admin, update_fields=["title"])
    stored = CarePlanDraft.objects.get(pk=draft.pk)
    assert (stored.title, stored.version, stored.updated_by) == ("ซ่อมหลังคาและห้องน้ำ", 2, admin)


def test_the_second_of_two_concurrent_edits_gets_a_conflict(
    draft: CarePlanDraft, admin: User, siphum_officer: User
) -> None:
    # Given two officers who opened the same version
    first = CarePlanDraft.objects.get(pk=draft.pk)
    second = CarePlanDraft.objects.get(pk=draft.pk)
    # When the first saves, then the second saves on the stale version
    first.note = "นัดช่างวันจันทร์"
    first.save_versioned(expected_version=1, by=admin, update_fields=["note"])
    second.note = "ของบกองทุนสวัสดิการชุมชน"
    with pytest.raises(Conflict):
        second.save_versioned(expected_version=1, by=siphum_officer, update_fields=["note"])
    # Then the first edit stands and the second changed nothing
    stored = CarePlanDraft.objects.get(pk=draft.pk)
    assert (stored.note, stored.version) == ("นัดช่างวันจันทร์", 2)
