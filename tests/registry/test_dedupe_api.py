"""The duplicate review API: list, detail, merge, not the same; 404 outside the area, 403 for
those who may not review, 409 for a pair already decided; IDs masked only."""

import json
from typing import Any

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.core import nationalid
from tambon.registry.dedupe import find_duplicates
from tambon.registry.models import DuplicateCandidate, Merge, Person
from tests.registry.test_dedupe_support import Planted, plant
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/registry/duplicates/"


@pytest.fixture
def planted() -> Planted:
    return plant()


@pytest.fixture
def candidate(planted: Planted) -> DuplicateCandidate:
    find_duplicates()
    return DuplicateCandidate.objects.get()


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_list_has_the_open_pair(siphum_officer: User, candidate: DuplicateCandidate) -> None:
    response = api_client(siphum_officer).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == candidate.pk and item["status"] == "open"
    assert 0.9 <= item["probability"] <= 1
    assert {item["left_name"], item["right_name"]} == {"นาง สมศรี มีสุข", "นาง สมศรี มีสข"}


def test_the_list_filters_by_status(siphum_officer: User, candidate: DuplicateCandidate) -> None:
    client = api_client(siphum_officer)

    assert client.get(URL, {"status": "merged"}).json()["count"] == 0
    assert client.get(URL, {"status": "all"}).json()["count"] == 1
    assert client.get(URL, {"status": "maybe"}).status_code == 422


def test_the_detail_compares_fields_and_masks_ids(
    siphum_officer: User, planted: Planted, candidate: DuplicateCandidate
) -> None:
    response = api_client(siphum_officer).get(f"{URL}{candidate.pk}")

    assert response.status_code == 200
    body = response.json()
    fields = {f["field"]: f["status"] for f in body["fields"]}
    assert fields["last_name"] == "close"
    assert fields["national_id"] == "missing"
    masked = {body["left"]["national_id_masked"], body["right"]["national_id_masked"]}
    assert masked == {nationalid.mask(planted.national_id), None}
    assert planted.national_id not in response.content.decode()


def test_merge_through_the_api(siphum_officer: User, candidate: DuplicateCandidate) -> None:
    response = post(
        api_client(siphum_officer),
        f"{URL}{candidate.pk}/merge",
        {"survivor_id": candidate.right_id, "reason": "บัตรประชาชนใบเดียวกัน"},
    )

    assert response.status_code == 201
    assert response.json()["survivor_id"] == candidate.right_id
    assert Person.objects.get(pk=candidate.left_id).merged_into_id == candidate.right_id


def test_a_decided_pair_answers_409(siphum_officer: User, candidate: DuplicateCandidate) -> None:
    client = api_client(siphum_officer)
    assert post(client, f"{URL}{candidate.pk}/not-same").status_code == 200

    response = post(client, f"{URL}{candidate.pk}/merge")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert not Merge.objects.exists()


def test_a_survivor_outside_the_pair_answers_400(
    siphum_officer: User, planted: Planted, candidate: DuplicateCandidate
) -> None:
    response = post(
        api_client(siphum_officer),
        f"{URL}{candidate.pk}/merge",
        {"survivor_id": planted.stranger.pk},
    )

    assert response.status_code == 400
    assert not Merge.objects.exists()


def test_another_area_answers_404(bkk_officer: User, candidate: DuplicateCandidate) -> None:
    client = api_client(bkk_officer)

    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{candidate.pk}").status_code == 404
    assert post(client, f"{URL}{candidate.pk}/merge").status_code == 404
    assert post(client, f"{URL}{candidate.pk}/not-same").status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN


def test_a_volunteer_answers_403(siphum_volunteer: User, candidate: DuplicateCandidate) -> None:
    client = api_client(siphum_volunteer)

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{candidate.pk}").status_code == 403
    assert post(client, f"{URL}{candidate.pk}/merge").status_code == 403
    assert not Merge.objects.exists()
