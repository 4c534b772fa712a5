"""`tambon dedupe`: finds planted duplicates, creates nothing twice, reopens no decision."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tambon.cli import resolve
from tambon.registry.models import DuplicateCandidate
from tests.registry.test_dedupe_support import PHRA_BOROM, plant

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("dedupe", *args, stdout=out)
    return out.getvalue()


def pair_of(a, b) -> DuplicateCandidate | None:  # type: ignore[no-untyped-def]
    left, right = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.filter(left_id=left, right_id=right).first()


def test_tambon_dedupe_is_the_dedupe_command() -> None:
    assert resolve(["dedupe", "--area", "50"]) == ["dedupe", "--area", "50"]


def test_it_queues_a_duplicate_with_a_typo_and_a_missing_id() -> None:
    planted = plant()

    output = run()

    candidate = pair_of(planted.original, planted.duplicate)
    assert candidate is not None
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert candidate.probability >= 0.9
    assert candidate.subdistrict_code == "500101"
    assert candidate.comparison["last_name"] == "close"
    assert candidate.comparison["national_id"] == "missing"
    assert "1 new possible duplicates queued" in output


def test_it_does_not_queue_a_clear_non_duplicate() -> None:
    planted = plant()

    run()

    assert pair_of(planted.original, planted.stranger) is None
    assert pair_of(planted.duplicate, planted.stranger) is None


def test_a_second_run_creates_no_duplicate_candidates() -> None:
    plant()
    run()
    before = list(DuplicateCandidate.objects.values_list("left_id", "right_id", "probability"))

    output = run()

    after = list(DuplicateCandidate.objects.values_list("left_id", "right_id", "probability"))
    assert after == before
    assert "0 new possible duplicates queued" in output
    assert "1 already waiting for review" in output


def test_a_pair_marked_not_the_same_is_not_reopened() -> None:
    planted = plant()
    run()
    candidate = pair_of(planted.original, planted.duplicate)
    assert candidate is not None
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(
        status=DuplicateCandidate.Status.NOT_SAME
    )

    output = run()

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.NOT_SAME
    assert DuplicateCandidate.objects.count() == 1
    assert "1 decided before" in output


def test_area_limits_the_people_compared() -> None:
    bangkok = plant(subdistrict=PHRA_BOROM, village=None)

    output = run("--area", "50")

    assert pair_of(bangkok.original, bangkok.duplicate) is None
    assert "0 people compared" in output


@pytest.mark.parametrize("args", [["--area", "5x"], ["--area", "123"], ["--threshold", "1.5"]])
def test_it_refuses_a_malformed_option(args: list[str]) -> None:
    with pytest.raises((CommandError, SystemExit)):
        call_command("dedupe", *args, stdout=StringIO(), stderr=StringIO())
    assert not DuplicateCandidate.objects.exists()
