"""Who may do what with people and households, by role and area: a record outside the area is a
404, a forbidden action a 403 — and a forbidden request changes nothing."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.accounts.roles import Role
from tambon.registry.models import Household, Person
from tests.conftest import MakeUser, login
from tests.registry.factories import look_after, make_household, make_person
from tests.registry.test_people_support import new_national_id

pytestmark = pytest.mark.django_db

ROLES = ["admin", "cm_officer", "siphum_officer", "siphum_volunteer", "bkk_officer", "partner"]


def matrix(statuses: list[int]) -> list[tuple[str, int]]:
    """(role, expected status) pairs, in the order of ROLES."""
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner", Role.PARTNER, "500101", first_name="มูลนิธิ")


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.fixture
def person(siphum_volunteer: User) -> Person:
    """A person of ศรีภูมิ, Chiang Mai, with a national ID, in a household that the
    volunteer of ศรีภูมิ looks after."""
    household = make_household(house_number="8/2")
    look_after(siphum_volunteer, household)
    return make_person(
        first_name="บุญมี", national_id=new_national_id(), household=household, relation="head"
    )


def person_form(**changes: str) -> dict[str, str]:
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "first_name": "สมพร",
        "last_name": "แก้วดี",
        "sex": "F",
        "birth_date": "01/01/2520",
    }
    data.update(changes)
    return data


def status(client: Client, user: User, method: str, url: str, data: Any = None) -> int:
    login(client, user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return int(response.status_code)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([200, 200, 200, 200, 200, 403]),
)
def test_the_people_list(client: Client, people: dict[str, User], role: str, expected: int) -> None:
    assert status(client, people[role], "get", reverse("registry:person_list")) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([200, 200, 200, 200, 404, 403]),
)
def test_a_person_page(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:person_detail", args=[person.pk])
    assert status(client, people[role], "get", url) == expected
    logged = AccessLog.objects.filter(action=AccessLog.Action.VIEW).exists()
    assert logged is (expected == 200)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([302, 302, 302, 403, 403, 403]),
)
def test_adding_a_person_in_sri_phum(
    client: Client, people: dict[str, User], role: str, expected: int
) -> None:
    url = reverse("registry:person_create")
    assert status(client, people[role], "post", url, person_form()) == expected
    assert Person.objects.filter(first_name="สมพร").exists() is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([302, 302, 302, 403, 404, 403]),
)
def test_editing_a_person(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:person_edit", args=[person.pk])
    assert status(client, people[role], "post", url, person_form(version="1")) == expected
    person.refresh_from_db()
    assert (person.first_name == "สมพร") is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([200, 200, 200, 403, 404, 403]),
)
def test_showing_the_full_national_id(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:person_reveal_id", args=[person.pk])
    assert status(client, people[role], "post", url, {"reason": "ตรวจสอบสิทธิ์"}) == expected
    revealed = AccessLog.objects.filter(action=AccessLog.Action.VIEW_SENSITIVE).exists()
    assert revealed is (expected == 200)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([200, 403, 403, 403, 404, 403]),
)
def test_the_data_subject_export(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    for name in ("registry:subject_export", "registry:subject_export_json"):
        assert status(client, people[role], "get", reverse(name, args=[person.pk])) == expected
    exported = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count()
    assert exported == (2 if expected == 200 else 0)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([200, 200, 200, 200, 404, 403]),
)
def test_a_household_page(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:household_detail", args=[person.household_id])
    assert status(client, people[role], "get", url) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([302, 302, 302, 403, 404, 403]),
)
def test_editing_a_household(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:household_edit", args=[person.household_id])
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "house_number": "77",
        "income_band": "unknown",
        "version": "1",
    }
    assert status(client, people[role], "post", url, data) == expected
    changed = Household.objects.filter(house_number="77").exists()
    assert changed is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([302, 302, 302, 403, 403, 403]),
)
def test_adding_a_household_in_sri_phum(
    client: Client, people: dict[str, User], role: str, expected: int
) -> None:
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "house_number": "15/4",
        "income_band": "unknown",
    }
    assert status(client, people[role], "post", reverse("registry:household_create"), data) == (
        expected
    )
    assert Household.objects.filter(house_number="15/4").exists() is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([302, 302, 302, 403, 404, 403]),
)
def test_recording_consent(
    client: Client, people: dict[str, User], person: Person, role: str, expected: int
) -> None:
    url = reverse("registry:consent_add", args=[person.pk])
    data = {"purpose": "registry", "given_by": "self", "given_on": "01/03/2568"}
    assert status(client, people[role], "post", url, data) == expected
    assert person.consents.exists() is (expected == 302)


def test_an_officer_elsewhere_is_told_the_subdistrict_is_outside_their_area(
    client: Client, bkk_officer: User
) -> None:
    response = login(client, bkk_officer).post(reverse("registry:person_create"), person_form())

    assert response.status_code == 403
    assert response.context["area_form"].non_field_errors()
    assert not Person.objects.exists()
