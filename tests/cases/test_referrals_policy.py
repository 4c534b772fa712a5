"""The referral rows of the policy matrix (cases/policy.py): every role, inside and outside the
case's area, on every referral page and API route; a refused request changes nothing."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import Case, Referral, ReferralState
from tests.cases.referral_support import World, world_fixture  # noqa: F401
from tests.conftest import login
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "cm_officer",
    "siphum_officer",
    "siphum_volunteer",  # the case's assigned volunteer
    "bkk_officer",
    "member",  # acts for the partner the referral was sent to
    "other_member",  # acts for another partner
    "facilitator",
]


def matrix(statuses: list[Any]) -> list[tuple[str, Any]]:
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def people(request: pytest.FixtureRequest, world: World) -> dict[str, User]:
    found = {
        name: request.getfixturevalue(name)
        for name in ROLES
        if name not in ("member", "other_member")
    }
    found["member"] = world.member
    found["other_member"] = world.other_member
    return found


@pytest.fixture
def referral(world: World, people: dict[str, User]) -> Referral:
    Case.objects.filter(pk=world.case.pk).update(assigned_volunteer=people["siphum_volunteer"])
    return world.refer()


def status(user: User, method: str, url: str, data: Any = None) -> int:
    client = login(Client(), user)
    return int(getattr(client, method)(url, data or {}).status_code)


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 200, 404, 200, 404, 404]))
def test_the_referral_page(
    people: dict[str, User], referral: Referral, role: str, expected: int
) -> None:
    url = reverse("cases:referral_detail", args=[referral.pk])
    assert status(people[role], "get", url) == expected


@pytest.mark.parametrize(("role", "expected"), matrix([200, 403, 403, 403, 403, 200, 200, 403]))
def test_the_inbox_page(
    people: dict[str, User], referral: Referral, role: str, expected: int
) -> None:
    assert status(people[role], "get", reverse("cases:referral_inbox")) == expected


@pytest.mark.parametrize(("role", "expected"), matrix([302, 403, 403, 403, 404, 302, 404, 404]))
def test_accepting_on_the_page(
    people: dict[str, User], referral: Referral, role: str, expected: int
) -> None:
    url = reverse("cases:referral_answer", args=[referral.pk, "accept"])

    assert status(people[role], "post", url, {"version": 1}) == expected

    accepted = Referral.objects.get(pk=referral.pk).state == ReferralState.ACCEPTED
    assert accepted == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 403, 404, 404]))
def test_withdrawing_on_the_page(
    people: dict[str, User], referral: Referral, role: str, expected: int
) -> None:
    url = reverse("cases:referral_withdraw", args=[referral.pk])

    assert status(people[role], "post", url, {"version": 1}) == expected

    withdrawn = Referral.objects.get(pk=referral.pk).state == ReferralState.WITHDRAWN
    assert withdrawn == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 404, 403, 403, 403]))
def test_the_refer_page(
    people: dict[str, User], world: World, referral: Referral, role: str, expected: int
) -> None:
    url = reverse("cases:case_refer", args=[world.case.pk])
    assert status(people[role], "get", url) == expected


@pytest.mark.parametrize(
    ("role", "detail", "count"),
    [
        ("admin", 200, 1),
        ("cm_officer", 200, 1),
        ("siphum_officer", 200, 1),
        ("siphum_volunteer", 200, 1),
        ("bkk_officer", 404, 0),
        ("member", 200, 1),
        ("other_member", 404, 0),
        ("facilitator", 404, 0),
    ],
)
def test_the_api_reads(
    people: dict[str, User], referral: Referral, role: str, detail: int, count: int
) -> None:
    client = api_client(people[role])

    assert client.get(f"/api/v1/cases/referrals/{referral.pk}").status_code == detail
    assert client.get("/api/v1/cases/referrals/").json()["count"] == count
    assert (
        client.get("/api/v1/cases/referrals/", {"case_id": referral.case_id}).json()["count"]
        == count
    )


@pytest.mark.parametrize(("role", "expected"), matrix([200, 403, 403, 403, 404, 200, 404, 404]))
def test_answering_through_the_api(
    people: dict[str, User], referral: Referral, role: str, expected: int
) -> None:
    response = api_client(people[role]).post(
        f"/api/v1/cases/referrals/{referral.pk}/answer",
        json.dumps({"action": "accept", "version": 1}),
        content_type="application/json",
    )

    assert response.status_code == expected
    accepted = Referral.objects.get(pk=referral.pk).state == ReferralState.ACCEPTED
    assert accepted == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), matrix([201, 201, 201, 403, 400, 400, 400, 400]))
def test_referring_through_the_api(
    people: dict[str, User], world: World, role: str, expected: int
) -> None:
    Case.objects.filter(pk=world.case.pk).update(assigned_volunteer=people["siphum_volunteer"])

    response = api_client(people[role]).post(
        "/api/v1/cases/referrals/",
        json.dumps(
            {"case_id": world.case.pk, "service_id": world.service.pk, "request": "ขอรับบริการ"}
        ),
        content_type="application/json",
    )

    assert response.status_code == expected
    assert Referral.objects.count() == (1 if expected == 201 else 0)
