"""Pages of the duplicate review: the queue, the pair side by side, merge, not the same, the
merges with undo, "Run now"; scoped by area (404) and role (403)."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.accounts.roles import Role
from tambon.core import nationalid
from tambon.core.jobs import Job
from tambon.registry.dedupe import find_duplicates
from tambon.registry.models import DuplicateCandidate, Merge, Person
from tambon.registry.services.duplicates import merge_people
from tests.conftest import MakeUser, login
from tests.registry.factories import make_person
from tests.registry.test_dedupe_support import Planted, plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted() -> Planted:
    return plant()


@pytest.fixture
def candidate(planted: Planted) -> DuplicateCandidate:
    find_duplicates()
    return DuplicateCandidate.objects.get()


def pages(candidate: DuplicateCandidate) -> dict[str, tuple[str, str]]:
    merge = Merge.objects.create(
        survivor_id=candidate.left_id,
        merged_id=candidate.right_id,
        merged_by=User.objects.filter(role=Role.NATIONAL_ADMIN).first()
        or User.objects.create_user("merger", role=Role.NATIONAL_ADMIN),
    )
    return {
        "list": ("get", reverse("registry:duplicate_list")),
        "detail": ("get", reverse("registry:duplicate_detail", args=[candidate.pk])),
        "merge": ("post", reverse("registry:duplicate_merge", args=[candidate.pk])),
        "not_same": ("post", reverse("registry:duplicate_not_same", args=[candidate.pk])),
        "merges": ("get", reverse("registry:merge_list")),
        "undo": ("post", reverse("registry:merge_undo", args=[merge.pk])),
        "run": ("post", reverse("registry:dedupe_run")),
    }


def test_the_queue_lists_the_pair_with_its_probability(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    response = login(client, siphum_officer).get(reverse("registry:duplicate_list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("registry:duplicate_detail", args=[candidate.pk]) in page
    assert f"{round(candidate.probability * 100)}%" in page
    assert "สมศรี มีสุข" in page


def test_the_queue_of_another_area_is_empty(
    client: Client, bkk_officer: User, candidate: DuplicateCandidate
) -> None:
    response = login(client, bkk_officer).get(reverse("registry:duplicate_list"))

    assert response.status_code == 200
    assert 'id="duplicates-empty"' in response.content.decode()
    assert (
        reverse("registry:duplicate_detail", args=[candidate.pk]) not in response.content.decode()
    )


def test_a_pair_of_another_area_is_not_found(
    client: Client, bkk_officer: User, candidate: DuplicateCandidate
) -> None:
    login(client, bkk_officer)
    for name in ("duplicate_detail", "duplicate_merge", "duplicate_not_same"):
        method = client.get if name == "duplicate_detail" else client.post
        assert method(reverse(f"registry:{name}", args=[candidate.pk])).status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PARTNER])
def test_volunteers_and_partners_are_forbidden_every_page(
    client: Client, make_user: MakeUser, candidate: DuplicateCandidate, role: str
) -> None:
    login(client, make_user("someone", role, "500101"))

    for method, url in pages(candidate).values():
        assert getattr(client, method)(url, {"survivor": candidate.left_id}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert not Job.objects.exists()


def test_the_pair_page_shows_both_people_and_what_agrees(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    response = login(client, siphum_officer).get(
        reverse("registry:duplicate_detail", args=[candidate.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    statuses = dict(re.findall(r'data-field="(\w+)" data-status="(\w*)"', page))
    assert statuses["first_name"] == "exact"
    assert statuses["last_name"] == "close"
    assert statuses["national_id"] == "missing"
    assert "มีสข" in page and "มีสุข" in page
    assert 'id="merge-form"' in page and 'id="not-same-form"' in page


def test_the_pair_page_never_shows_a_national_id(
    client: Client, siphum_officer: User, planted: Planted
) -> None:
    # Given the duplicate also carries the same ID: the pair is compared by blind index
    Person.objects.filter(pk=planted.duplicate.pk).update(
        national_id_index=planted.original.national_id_index
    )
    find_duplicates()
    candidate = DuplicateCandidate.objects.get()

    page = (
        login(client, siphum_officer)
        .get(reverse("registry:duplicate_detail", args=[candidate.pk]))
        .content.decode()
    )

    digits = planted.national_id
    assert digits not in page
    assert nationalid.format(digits) not in page
    assert digits[:10] not in page
    assert nationalid.mask(digits) in page
    assert 'data-field="national_id" data-status="exact"' in page


def test_opening_a_pair_is_written_to_the_access_log(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    login(client, siphum_officer).get(reverse("registry:duplicate_detail", args=[candidate.pk]))

    logged = set(
        AccessLog.objects.filter(user=siphum_officer, action=AccessLog.Action.VIEW).values_list(
            "object_id", flat=True
        )
    )
    assert logged == {str(candidate.left_id), str(candidate.right_id)}


def test_merging_keeps_the_chosen_record(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    response = login(client, siphum_officer).post(
        reverse("registry:duplicate_merge", args=[candidate.pk]),
        {"survivor": candidate.right_id, "reason": "ชื่อสะกดผิด บ้านเดียวกัน"},
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=candidate.left_id).merged_into_id == candidate.right_id
    merge = Merge.objects.get()
    assert merge.reason == "ชื่อสะกดผิด บ้านเดียวกัน"
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED


def test_merging_with_a_stranger_as_survivor_is_refused(
    client: Client, siphum_officer: User, planted: Planted, candidate: DuplicateCandidate
) -> None:
    login(client, siphum_officer).post(
        reverse("registry:duplicate_merge", args=[candidate.pk]),
        {"survivor": planted.stranger.pk},
    )

    assert not Merge.objects.exists()
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_not_the_same_person_takes_the_pair_out_of_the_queue(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    login(client, siphum_officer)

    client.post(reverse("registry:duplicate_not_same", args=[candidate.pk]))

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.NOT_SAME
    queue = client.get(reverse("registry:duplicate_list")).content.decode()
    assert 'id="duplicates-empty"' in queue
    decided = client.get(reverse("registry:duplicate_list"), {"status": "not_same"})
    assert reverse("registry:duplicate_detail", args=[candidate.pk]) in decided.content.decode()


def test_the_merges_page_undoes_a_merge(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate
) -> None:
    merge = merge_people(by=siphum_officer, candidate=candidate)
    login(client, siphum_officer)

    listing = client.get(reverse("registry:merge_list")).content.decode()
    assert reverse("registry:merge_undo", args=[merge.pk]) in listing

    client.post(reverse("registry:merge_undo", args=[merge.pk]))

    assert Person.objects.get(pk=merge.merged_id).merged_into_id is None
    merge.refresh_from_db()
    assert merge.undone_at is not None
    listing = client.get(reverse("registry:merge_list")).content.decode()
    assert reverse("registry:merge_undo", args=[merge.pk]) not in listing


def test_an_empty_merges_page_says_so(client: Client, siphum_officer: User) -> None:
    page = login(client, siphum_officer).get(reverse("registry:merge_list")).content.decode()
    assert 'id="merges-empty"' in page


def test_run_now_searches_in_the_background_with_progress(
    client: Client, siphum_officer: User, planted: Planted, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    login(client, siphum_officer)

    response = client.post(reverse("registry:dedupe_run"))

    assert response.status_code == 302
    job = Job.objects.get(user=siphum_officer)
    assert job.status == Job.Status.DONE and job.done == job.total
    assert DuplicateCandidate.objects.count() == 1
    page = client.get(reverse("registry:duplicate_list")).content.decode()
    assert f'id="job-{job.pk}"' in page


def test_run_now_needs_a_post(client: Client, siphum_officer: User) -> None:
    assert login(client, siphum_officer).get(reverse("registry:dedupe_run")).status_code == 405
    assert not Job.objects.exists()


def _add_pairs(count: int, start: int) -> None:
    for i in range(start, start + count):
        first = make_person(first_name=f"สมหญิง{i}", last_name="ใจดี")
        second = make_person(first_name=f"สมหญิง{i}", last_name="ใจดี")
        DuplicateCandidate.objects.create(
            left=first, right=second, probability=0.95, subdistrict_code="500101"
        )


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("registry:duplicate_list"))
    assert response.status_code == 200
    return len(context)


def test_the_queue_reads_a_page_in_a_fixed_number_of_queries(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    _add_pairs(1, 0)
    one = _queries(client)

    _add_pairs(7, 1)

    assert _queries(client) == one


@pytest.mark.parametrize(
    "query",
    [
        {"status": "maybe"},
        {"min_percent": "ห้าสิบ"},
        {"min_percent": "500"},
        {"page": "-3"},
        {"area-province": "99", "area-subdistrict": "abc"},
    ],
)
def test_malformed_filters_never_crash_the_queue(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate, query: dict[str, str]
) -> None:
    response = login(client, siphum_officer).get(reverse("registry:duplicate_list"), query)

    assert response.status_code == 200


@pytest.mark.parametrize("survivor", ["", "abc", "99999999999999999999", "12.5"])
def test_a_malformed_merge_changes_nothing(
    client: Client, siphum_officer: User, candidate: DuplicateCandidate, survivor: str
) -> None:
    response = login(client, siphum_officer).post(
        reverse("registry:duplicate_merge", args=[candidate.pk]), {"survivor": survivor}
    )

    assert response.status_code == 302
    assert not Merge.objects.exists()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
