"""The household pages: list with filters, a household with its members head first, create and
edit with optimistic locking."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.registry.models import Household, Person
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import PHRA_BOROM, assess, village

pytestmark = pytest.mark.django_db

LIST_URL = reverse("registry:household_list")


def numbers(response: Any) -> list[str]:
    return [h.house_number for h in response.context["page_obj"].object_list]


def household_form(**changes: str) -> dict[str, str]:
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "area-village": "50010101",
        "house_number": "12/3",
        "address": "ซอยวัดศรีภูมิ",
        "housing": "needs_repair",
        "income_band": "below_standard",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_list_shows_households_of_the_area_with_head_and_member_count(
    client: Client, siphum_officer: User
) -> None:
    household = make_household(house_number="5")
    make_person(
        title="นาย", first_name="สมบัติ", last_name="ดีงาม", household=household, relation="head"
    )
    make_person(first_name="สมใจ", household=household, relation="spouse")
    make_household(house_number="9", subdistrict=PHRA_BOROM)

    response = login(client, siphum_officer).get(LIST_URL)

    assert numbers(response) == ["5"]
    row = response.context["page_obj"].object_list[0]
    assert row.member_count == 2
    assert "นาย สมบัติ ดีงาม" in response.content.decode()


def test_the_list_filters_by_house_number_housing_and_need(
    client: Client, siphum_officer: User
) -> None:
    poor = make_household(house_number="12/1", housing=Household.Housing.DILAPIDATED)
    make_household(house_number="12/2", housing=Household.Housing.SECURE)
    make_household(house_number="31")
    assess(household=poor, problems=["housing"], on=dt.date(2024, 5, 1))
    login(client, siphum_officer)

    assert numbers(client.get(LIST_URL, {"house_number": "12"})) == ["12/1", "12/2"]
    assert numbers(client.get(LIST_URL, {"housing": "dilapidated"})) == ["12/1"]
    assert numbers(client.get(LIST_URL, {"need": "housing"})) == ["12/1"]


def test_an_empty_household_list_says_so(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get(LIST_URL)

    assert 'id="households-empty"' in response.content.decode()


def test_the_household_page_lists_members_head_first(client: Client, siphum_officer: User) -> None:
    household = make_household()
    make_person(first_name="หลาน", household=household, relation="grandchild")
    make_person(first_name="หัวหน้า", household=household, relation="head")
    make_person(first_name="คู่สมรส", household=household, relation="spouse")

    response = login(client, siphum_officer).get(
        reverse("registry:household_detail", args=[household.pk])
    )

    assert [m.first_name for m, _age in response.context["members"]] == ["หัวหน้า", "คู่สมรส", "หลาน"]
    html = response.content.decode()
    assert f"{reverse('registry:person_create')}?household={household.pk}" in html


def test_opening_a_household_page_is_written_to_the_access_log(
    client: Client, siphum_officer: User
) -> None:
    household = make_household()

    login(client, siphum_officer).get(reverse("registry:household_detail", args=[household.pk]))

    entry = AccessLog.objects.get(object_type="registry.household")
    assert entry.user == siphum_officer
    assert entry.object_id == str(household.pk)
    assert entry.action == AccessLog.Action.VIEW


def test_reading_a_household_through_the_api_is_written_to_the_access_log(
    client: Client, siphum_officer: User
) -> None:
    household = make_household()

    response = login(client, siphum_officer).get(f"/api/v1/registry/households/{household.pk}")

    assert response.status_code == 200
    assert AccessLog.objects.filter(
        object_type="registry.household", object_id=str(household.pk), user=siphum_officer
    ).exists()


def test_an_officer_records_a_household_and_is_sent_to_its_page(
    client: Client, siphum_officer: User
) -> None:
    village()

    response = login(client, siphum_officer).post(
        reverse("registry:household_create"), household_form()
    )

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[household.pk])
    assert (household.village_id, household.house_number, household.created_by) == (
        "50010101",
        "12/3",
        siphum_officer,
    )


def test_a_missing_house_number_is_shown_on_its_field(client: Client, siphum_officer: User) -> None:
    village()

    response = login(client, siphum_officer).post(
        reverse("registry:household_create"), household_form(house_number="")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["house_number"]
    assert not Household.objects.exists()


def test_a_stale_household_edit_is_refused_and_keeps_what_was_typed(
    client: Client, siphum_officer: User
) -> None:
    village()
    household = make_household(house_number="1")
    Household.objects.filter(pk=household.pk).update(version=3)

    response = login(client, siphum_officer).post(
        reverse("registry:household_edit", args=[household.pk]),
        household_form(version="2", house_number="1/9"),
    )

    assert response.status_code == 409
    assert 'value="1/9"' in response.content.decode()
    household.refresh_from_db()
    assert household.house_number == "1"


def test_editing_a_household_moves_members_living_there(
    client: Client, siphum_officer: User
) -> None:
    old, new = village("50010101"), village("50010102", "บ้านสันติธรรม")
    household = make_household(village=old)
    member = make_person(household=household, village=old, relation="head")

    response = login(client, siphum_officer).post(
        reverse("registry:household_edit", args=[household.pk]),
        household_form(version="1", **{"area-village": new.code}),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.village_id == new.code
    assert Person.objects.get(pk=member.pk).version == 2
