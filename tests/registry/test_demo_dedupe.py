"""The duplicates the demo plants are the ones deduplication finds."""

from io import StringIO

import pytest
from django.core.management import call_command

from tambon.registry.models import DuplicateCandidate, Person
from tests.registry.test_demo_registry import people_in_order, planted, run_demo

try:
    from tambon.registry.dedupe import find_duplicates
except ImportError:  # deduplication is built in another part of the registry work
    find_duplicates = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(find_duplicates is None, reason="registry.dedupe.find_duplicates not built"),
]


def found_share(pairs: list[tuple[Person, Person]]) -> float:
    found = set(DuplicateCandidate.objects.values_list("left_id", "right_id"))
    hits = [(a, b) for a, b in pairs if (min(a.pk, b.pk), max(a.pk, b.pk)) in found]
    return len(hits) / len(pairs)


def test_the_dedupe_service_finds_nine_in_ten_planted_pairs() -> None:
    run_demo()
    pairs = planted(people_in_order())
    assert pairs

    assert find_duplicates is not None
    find_duplicates()

    assert found_share(pairs) >= 0.9


def test_tambon_dedupe_finds_nine_in_ten_planted_pairs() -> None:
    run_demo()
    pairs = planted(people_in_order())

    call_command("dedupe", stdout=StringIO())

    assert found_share(pairs) >= 0.9
