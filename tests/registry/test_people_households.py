"""The household pages: list with filters, a household with its members head first, create and
edit with optimistic locking."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.registry.models import Household, Person
from tambon.registry.selectors.households import HouseholdFilters, household_list
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import (
    PHRA_BOROM,
    assess,
    group,
    new_national_id,
    village,
)

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


def listed(user: User, **filters: Any) -> list[str]:
    """House numbers of the households the selector lists for `user` (on a fixed day)."""
    households = household_list(
        user=user, filters=HouseholdFilters(**filters), today=dt.date(2025, 6, 1)
    )
    return [h.house_number for h in households]


def test_a_derived_target_group_finds_households_with_a_member_of_that_age(
    siphum_officer: User,
) -> None:
    grandmother = make_household(house_number="4")
    make_person(household=grandmother, relation="head", birth_date=dt.date(1950, 3, 1))
    make_person(household=grandmother, relation="grandchild", birth_date=dt.date(2015, 3, 1))
    young = make_household(house_number="2")
    make_person(household=young, relation="head", birth_date=dt.date(1990, 3, 1))
    turning = make_household(house_number="3")  # 60 on 2 June 2025: not yet elderly
    make_person(household=turning, relation="head", birth_date=dt.date(1965, 6, 2))

    assert listed(siphum_officer, target_group=group("elderly")) == ["4"]
    assert listed(siphum_officer, target_group=group("child")) == ["4"]


def test_a_recorded_target_group_finds_households_on_the_page(
    client: Client, siphum_officer: User
) -> None:
    cared_for = make_household(house_number="7")
    make_person(household=cared_for, relation="head")
    bedridden = make_person(household=cared_for, relation="parent")
    bedridden.target_groups.add(group("bedridden"))
    make_person(household=make_household(house_number="8"), relation="head")

    response = login(client, siphum_officer).get(LIST_URL, {"target_group": "bedridden"})

    assert numbers(response) == ["7"]


def test_a_merged_duplicate_does_not_put_its_household_in_a_target_group(
    siphum_officer: User,
) -> None:
    survivor = make_person(household=make_household(house_number="1"), relation="head")
    duplicate = make_person(
        household=make_household(house_number="5"), relation="head", merged_into=survivor
    )
    duplicate.target_groups.add(group("bedridden"))

    assert listed(siphum_officer, target_group=group("bedridden")) == []


def test_a_member_name_finds_each_household_once_in_house_number_order(
    siphum_officer: User,
) -> None:
    both = make_household(house_number="9")
    make_person(first_name="บุญมี", last_name="ศรีวงศ์", household=both, relation="head")
    make_person(first_name="บุญช่วย", last_name="ศรีวงศ์", household=both, relation="child")
    make_person(first_name="สมศักดิ์", last_name="บุญมา", household=make_household(house_number="1"))
    make_person(first_name="ทองดี", household=make_household(house_number="5"))
    make_household(house_number="6")  # no members at all
    make_person(
        first_name="บุญมี", household=make_household(house_number="2", subdistrict=PHRA_BOROM)
    )

    assert listed(siphum_officer, q="บุญ") == ["1", "9"]
    assert listed(siphum_officer, q="นาง บุญมี ศรีวงศ์") == ["9"]  # the title is dropped


def test_a_merged_duplicates_name_does_not_find_its_household(siphum_officer: User) -> None:
    survivor = make_person(first_name="สมศรี", household=make_household(house_number="1"))
    make_person(
        first_name="ทองใบ", household=make_household(house_number="2"), merged_into=survivor
    )

    assert listed(siphum_officer, q="ทองใบ") == []


def test_member_name_and_target_group_combine_with_the_other_filters(
    client: Client, siphum_officer: User
) -> None:
    poor = make_household(house_number="12/1", housing=Household.Housing.DILAPIDATED)
    make_person(first_name="บุญมี", household=poor, birth_date=dt.date(1940, 1, 1))
    secure = make_household(house_number="12/2", housing=Household.Housing.SECURE)
    make_person(first_name="บุญมี", household=secure, birth_date=dt.date(1940, 1, 1))
    login(client, siphum_officer)

    response = client.get(
        LIST_URL, {"q": "บุญมี", "target_group": "elderly", "housing": "dilapidated"}
    )

    assert numbers(response) == ["12/1"]


def test_the_search_form_offers_member_name_and_target_group(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).get(
        LIST_URL, {"target_group": "elderly"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert 'id="id_q"' in page
    assert "Member&#x27;s name" in page
    assert 'id="id_target_group"' in page
    assert '<option value="">All target groups</option>' in page
    assert '<option value="elderly" selected>' in page


def test_an_unknown_target_group_is_dropped_and_the_other_filters_still_apply(
    client: Client, siphum_officer: User
) -> None:
    make_household(house_number="12")
    make_household(house_number="31")

    response = login(client, siphum_officer).get(
        LIST_URL, {"target_group": "nobody", "house_number": "12"}
    )

    assert numbers(response) == ["12"]
    assert response.context["form"].errors["target_group"]


def test_an_id_in_the_member_name_box_is_not_searched_nor_kept_in_the_page(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    make_person(national_id=national_id, household=make_household(house_number="3"))

    response = login(client, siphum_officer).get(
        LIST_URL,
        {"q": national_id, "house_number": "3", "page": "2"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.redirect_chain == [(f"{LIST_URL}?house_number=3", 302)]
    assert numbers(response) == ["3"]
    assert national_id[:6] not in response.content.decode()
    message = next(str(m) for m in response.context["messages"])
    assert message.startswith("That looks like a national ID.")


def test_the_filtered_list_takes_as_many_queries_for_twenty_households_as_for_two(
    client: Client, siphum_officer: User
) -> None:
    search = {"q": "บุญมี", "target_group": "bedridden"}

    def add(count: int) -> None:
        for _ in range(count):
            member = make_person(first_name="บุญมี", household=make_household(), relation="head")
            member.target_groups.add(group("bedridden"))

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL, search)
        assert response.status_code == 200
        return len(captured.captured_queries)

    login(client, siphum_officer)
    add(2)
    few = page_queries()
    add(18)

    assert page_queries() == few
    assert len(numbers(client.get(LIST_URL, search))) == 20


def test_a_list_filtered_by_member_name_and_target_group_is_read_in_one_query(
    siphum_officer: User,
) -> None:
    for _ in range(3):
        make_person(first_name="บุญมี", household=make_household(), birth_date=dt.date(1940, 1, 1))
    elderly = group("elderly")

    def read(filters: HouseholdFilters) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = [
                (h.house_number, h.member_count, h.subdistrict.province.name)
                for h in household_list(user=siphum_officer, filters=filters)
            ]
        return len(rows), len(captured.captured_queries)

    read(HouseholdFilters())  # the user's permissions are read once, then kept on the user

    assert read(HouseholdFilters(q="บุญมี", target_group=elderly)) == (3, 1)


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
