"""The requests-for-help API for officers: list, detail, open a case, close."""

import json
from typing import Any

import pytest

from tambon.accounts.models import User
from tambon.cases.models import Case, HelpRequest
from tambon.registry.models import Person
from tests.cases.factories import person_in
from tests.cases.requests_helpers import PHRA_BOROM, SIPHUM, submit, village
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cases/requests/"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_list_is_scoped_to_the_callers_area(siphum_officer: User) -> None:
    ours = submit()
    submit(PHRA_BOROM)

    response = api_client(siphum_officer).get(BASE)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["reference"] == ours.reference
    assert body["items"][0]["status"] == "received"


def test_the_list_filters_by_status(siphum_officer: User) -> None:
    submit()

    response = api_client(siphum_officer).get(BASE, {"status": "closed"})

    assert response.json() == {"items": [], "count": 0}


def test_a_volunteer_is_forbidden(siphum_volunteer: User) -> None:
    submit()

    assert api_client(siphum_volunteer).get(BASE).status_code == 403


def test_the_detail_of_another_area_is_not_found(bkk_officer: User) -> None:
    found = submit()

    response = api_client(bkk_officer).get(f"{BASE}{found.pk}")

    assert response.status_code == 404
    assert "0812345678" not in response.text


def test_the_detail_has_the_contact(siphum_officer: User) -> None:
    found = submit()

    body = api_client(siphum_officer).get(f"{BASE}{found.pk}").json()

    assert (body["contact_phone"], body["subdistrict_code"]) == ("0812345678", SIPHUM)


def test_opening_a_case_for_an_existing_person(siphum_officer: User) -> None:
    found = submit()
    person = person_in(SIPHUM)

    response = post(
        api_client(siphum_officer),
        f"{BASE}{found.pk}/open-case",
        {"person_id": person.pk, "problem_types": ["elderly"], "urgency": "high"},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["channel"], body["person_id"], body["urgency"]) == (
        "public_request",
        person.pk,
        "high",
    )
    assert HelpRequest.objects.get(pk=found.pk).case_id == body["id"]


def test_opening_a_case_for_a_new_person(siphum_officer: User) -> None:
    found = submit(village=village())

    response = post(
        api_client(siphum_officer),
        f"{BASE}{found.pk}/open-case",
        {
            "new_person": {
                "first_name": "คำแปง",
                "last_name": "ใจมา",
                "village_code": "50010101",
                "house_number": "88",
            },
            "problem_types": ["elderly"],
        },
    )

    assert response.status_code == 201
    person = Person.objects.get(first_name="คำแปง")
    assert response.json()["person_id"] == person.pk


def test_a_person_of_another_subdistrict_is_refused(siphum_officer: User) -> None:
    found = submit()
    elsewhere = person_in("500102")

    response = post(
        api_client(siphum_officer),
        f"{BASE}{found.pk}/open-case",
        {"person_id": elsewhere.pk, "problem_types": ["elderly"]},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "person_id"
    assert not Case.objects.exists()


def test_opening_needs_a_subject(siphum_officer: User) -> None:
    found = submit()

    response = post(
        api_client(siphum_officer), f"{BASE}{found.pk}/open-case", {"problem_types": ["elderly"]}
    )

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_an_officer_of_another_area_may_not_open_a_case(bkk_officer: User) -> None:
    found = submit()
    person = person_in(SIPHUM)

    response = post(
        api_client(bkk_officer),
        f"{BASE}{found.pk}/open-case",
        {"person_id": person.pk, "problem_types": ["elderly"]},
    )

    assert response.status_code == 404
    assert not Case.objects.exists()


def test_closing(siphum_officer: User) -> None:
    found = submit()

    response = post(
        api_client(siphum_officer), f"{BASE}{found.pk}/close", {"note": "แจ้งซ้ำกับ HR ก่อนหน้า"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    refused = post(api_client(siphum_officer), f"{BASE}{found.pk}/close", {"note": "อีกครั้ง"})
    assert refused.status_code == 400
