"""The households API's list filters: a member's name, a member's target group and the need
found by the latest household assessment; unknown codes and national IDs are clear 400s."""

import datetime as dt

import pytest

from tambon.accounts.models import AccessLog, User
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import (
    PHRA_BOROM,
    api_client,
    assess,
    group,
    new_national_id,
)

pytestmark = pytest.mark.django_db

HOUSEHOLDS = "/api/v1/registry/households/"


def test_q_finds_households_by_a_members_name_within_the_area(siphum_officer: User) -> None:
    home = make_household(house_number="9")
    make_person(first_name="บุญมี", last_name="ศรีวงศ์", household=home, relation="head")
    make_person(first_name="บุญช่วย", last_name="ศรีวงศ์", household=home, relation="child")
    make_person(first_name="ทองดี", household=make_household(house_number="5"))
    make_person(first_name="บุญมี", household=make_household(subdistrict=PHRA_BOROM))

    body = api_client(siphum_officer).get(HOUSEHOLDS, {"q": "ศรีวงศ์"}).json()

    assert body["count"] == 1
    assert [(h["house_number"], h["member_count"]) for h in body["items"]] == [("9", 2)]


def test_target_group_finds_households_with_a_member_in_it(siphum_officer: User) -> None:
    cared_for = make_household(house_number="7")
    make_person(household=cared_for, relation="head")
    make_person(household=cared_for, relation="parent").target_groups.add(group("bedridden"))
    make_person(household=make_household(house_number="8"), relation="head")

    body = api_client(siphum_officer).get(HOUSEHOLDS, {"target_group": "bedridden"}).json()

    assert [h["house_number"] for h in body["items"]] == ["7"]


def test_need_finds_households_by_their_latest_assessment(siphum_officer: User) -> None:
    poor = make_household(house_number="12/1")
    mended = make_household(house_number="12/2")
    assess(household=poor, problems=["housing"], on=dt.date(2024, 5, 1))
    assess(household=mended, problems=["housing"], on=dt.date(2024, 1, 1))
    assess(household=mended, problems=[], on=dt.date(2024, 6, 1))

    body = api_client(siphum_officer).get(HOUSEHOLDS, {"need": "housing"}).json()

    assert [h["house_number"] for h in body["items"]] == ["12/1"]


def test_filters_combine_and_keep_the_paging(siphum_officer: User) -> None:
    for number in ("1", "2", "3", "4"):
        make_person(first_name="บุญมี", household=make_household(house_number=number))
    make_person(first_name="ทองดี", household=make_household(house_number="5"))
    make_person(first_name="บุญมี", sex="M", household=make_household(house_number="6"))

    body = (
        api_client(siphum_officer)
        .get(HOUSEHOLDS, {"q": "บุญมี", "target_group": "woman", "limit": 2, "offset": 1})
        .json()
    )

    assert body["count"] == 4
    assert [h["house_number"] for h in body["items"]] == ["2", "3"]


@pytest.mark.parametrize(
    ("field", "code"), [("target_group", "ไม่มีกลุ่มนี้"), ("need", "no_such_problem")]
)
def test_an_unknown_code_is_a_400_on_its_field(siphum_officer: User, field: str, code: str) -> None:
    response = api_client(siphum_officer).get(HOUSEHOLDS, {field: code}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert f"“{code}” is not a known" in response.json()["message"]


def test_an_id_in_q_is_refused_pointed_to_the_lookup_and_not_echoed(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    make_person(national_id=national_id, household=make_household())

    response = api_client(siphum_officer).get(
        HOUSEHOLDS, {"q": national_id}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "q"
    assert "/persons/lookup" in response.json()["message"]
    assert national_id not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_the_openapi_document_describes_the_new_filters() -> None:
    from django.test import Client

    operation = Client().get("/api/v1/openapi.json").json()["paths"][HOUSEHOLDS]["get"]

    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "target_group", "need", "subdistrict", "house_number"} <= names
    assert "400" in operation["responses"]
