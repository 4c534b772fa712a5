"""Who may do field work on a case of ศรีภูมิ, role by role and inside / outside their area, on
the pages and the API: allowed exactly as cases/policy.py documents it, 403/404 elsewhere,
and a refused request writes nothing."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import Assistance, Case, FollowUp, HomeVisit
from tambon.cases.services.follow_ups import schedule_follow_up
from tests.cases.visits_support import _private_media, fieldwork_case  # noqa: F401
from tests.conftest import login
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

# siphum_volunteer is the case's volunteer; other_volunteer works in the same sub-district.
ROLES = [
    "admin",
    "cm_officer",
    "siphum_officer",
    "siphum_volunteer",
    "other_volunteer",
    "bkk_officer",
    "partner",
    "facilitator",
]


def matrix(statuses: list[int]) -> list[tuple[str, int]]:
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    return fieldwork_case(people["siphum_officer"], people["siphum_volunteer"])


TODAY = timezone.localdate


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 302, 404, 404, 403, 403]))
def test_recording_a_visit_on_the_page(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    response = login(client, people[role]).post(
        reverse("cases:visit_new", args=[case.pk]),
        {"visited_on": TODAY().isoformat(), "observations": "เยี่ยมบ้านตามนัด"},
    )

    assert response.status_code == expected
    assert HomeVisit.objects.exists() == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([201, 201, 201, 201, 404, 404, 404, 404]))
def test_recording_a_visit_through_the_api(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    response = api_client(people[role]).post(
        f"/api/v1/cases/{case.pk}/visits",
        json.dumps({"visited_on": TODAY().isoformat(), "observations": "เยี่ยมบ้านตามนัด"}),
        content_type="application/json",
    )

    assert response.status_code == expected
    assert HomeVisit.objects.exists() == (expected == 201)


ASSISTANCE = {
    "assistance-given_on": "",
    "assistance-kind": "goods",
    "assistance-description": "ถุงยังชีพ",
    "assistance-amount": "500",
    "assistance-source": "donor",
}


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 404, 403, 403]))
def test_recording_assistance_on_the_page(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    data: dict[str, Any] = {**ASSISTANCE, "assistance-given_on": TODAY().isoformat()}

    response = login(client, people[role]).post(reverse("cases:assistance", args=[case.pk]), data)

    assert response.status_code == expected
    assert Assistance.objects.exists() == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([201, 201, 201, 403, 404, 404, 404, 404]))
def test_recording_assistance_through_the_api(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    response = api_client(people[role]).post(
        f"/api/v1/cases/{case.pk}/assistance",
        json.dumps(
            {
                "given_on": TODAY().isoformat(),
                "kind": "cash",
                "description": "เงินสงเคราะห์",
                "amount": "2000.00",
                "source": "government",
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == expected
    assert Assistance.objects.exists() == (expected == 201)


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 404, 403, 403]))
def test_scheduling_a_follow_up_on_the_page(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    response = login(client, people[role]).post(
        reverse("cases:follow_ups", args=[case.pk]),
        {"follow_up-due_on": TODAY().isoformat(), "follow_up-purpose": "ติดตามอาการ"},
    )

    assert response.status_code == expected
    assert FollowUp.objects.exists() == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 200, 404, 404, 404, 404]))
def test_completing_the_volunteers_follow_up_through_the_api(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    item = schedule_follow_up(
        case=case,
        due_on=TODAY(),
        purpose="ติดตามอาการ",
        assigned_to=people["siphum_volunteer"],
        by=people["siphum_officer"],
    )

    response = api_client(people[role]).post(
        f"/api/v1/cases/{case.pk}/follow-ups/{item.pk}/complete",
        json.dumps({"result": "อาการดีขึ้น"}),
        content_type="application/json",
    )

    assert response.status_code == expected
    item.refresh_from_db()
    assert item.status == ("done" if expected == 200 else "open")


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 404, 404, 404, 404]))
def test_cancelling_a_follow_up_through_the_api(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    item = schedule_follow_up(
        case=case,
        due_on=TODAY(),
        purpose="ติดตามอาการ",
        assigned_to=people["siphum_volunteer"],
        by=people["siphum_officer"],
    )

    response = api_client(people[role]).post(
        f"/api/v1/cases/{case.pk}/follow-ups/{item.pk}/cancel",
        json.dumps({"reason": "ย้ายออกนอกพื้นที่"}),
        content_type="application/json",
    )

    assert response.status_code == expected
    item.refresh_from_db()
    assert item.status == ("cancelled" if expected == 200 else "open")


@pytest.mark.parametrize(("role", "count"), matrix([1, 1, 1, 1, 0, 0, 0, 0]))
def test_the_case_page_section_shows_field_work_only_to_who_sees_the_case(
    client: Client, people: dict[str, User], case: Case, role: str, count: int
) -> None:
    response = login(client, people[role]).get(reverse("cases:case_detail", args=[case.pk]))

    assert response.content.decode().count('id="fieldwork"') == count
