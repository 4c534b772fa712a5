"""The people pages: list with filters and Thai name search, find by national ID (posted and
logged), a person's page (logged, ID masked), create and edit with clear messages."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tambon.accounts.models import AccessLog, User
from tambon.core import nationalid
from tambon.registry.models import Person
from tambon.registry.services.people import MSG_DUPLICATE_ID
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import PHRA_BOROM, assess, group, new_national_id, village

pytestmark = pytest.mark.django_db

LIST_URL = reverse("registry:person_list")
CREATE_URL = reverse("registry:person_create")


def names(response: Any) -> set[str]:
    return {row.person.first_name for row in response.context["rows"]}


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "area-village": "",
        "title": "นาง",
        "first_name": "บุญมี",
        "last_name": "ศรีวงศ์",
        "sex": "F",
        "birth_date": "02/07/2493",
        "phone": "081 234 5678",
        "national_id": "",
        "household": "",
        "relation": "",
        "address": "",
        "disability_type": "",
        "note": "",
    }
    data.update(changes)
    return data


# --- list and search -----------------------------------------------------------------------


def test_the_list_shows_the_people_of_the_officers_area_only(
    client: Client, siphum_officer: User
) -> None:
    make_person(first_name="สมศรี")
    make_person(first_name="กรุงเทพ", subdistrict=PHRA_BOROM)

    response = login(client, siphum_officer).get(LIST_URL)

    assert response.status_code == 200
    assert names(response) == {"สมศรี"}


def test_merged_duplicates_are_not_listed(client: Client, siphum_officer: User) -> None:
    survivor = make_person(first_name="สมศรี")
    make_person(first_name="สมสี", merged_into=survivor)

    response = login(client, siphum_officer).get(LIST_URL)

    assert names(response) == {"สมศรี"}


def test_a_thai_name_is_found_by_part_of_the_first_or_last_name(
    client: Client, siphum_officer: User
) -> None:
    make_person(first_name="บุญมี", last_name="ศรีวงศ์")
    make_person(first_name="มีชัย", last_name="บุญมา")
    make_person(first_name="สมชาย", last_name="ใจดี")
    login(client, siphum_officer)

    assert names(client.get(LIST_URL, {"q": "บุญ"})) == {"บุญมี", "มีชัย"}
    assert names(client.get(LIST_URL, {"q": "บุญมี ศรี"})) == {"บุญมี"}
    assert names(client.get(LIST_URL, {"q": "นางบุญมี"})) == {"บุญมี"}


def test_names_starting_with_the_search_come_first(client: Client, siphum_officer: User) -> None:
    make_person(first_name="มีชัย", last_name="บุญมา")
    make_person(first_name="บุญมี", last_name="ศรีวงศ์")

    response = login(client, siphum_officer).get(LIST_URL, {"q": "บุญ"})

    assert [r.person.first_name for r in response.context["rows"]] == ["บุญมี", "มีชัย"]


def test_digits_in_the_name_box_are_not_searched_and_point_to_the_id_form(
    client: Client, siphum_officer: User
) -> None:
    make_person(first_name="สมศรี", national_id=new_national_id())

    response = login(client, siphum_officer).get(LIST_URL, {"q": "1500000000"}, follow=True)

    assert next(str(m) for m in response.context["messages"]).startswith(
        "ข้อความนี้ดูเหมือนเลขประจำตัวประชาชน"
    )
    assert 'id="national-id-search"' in response.content.decode()
    assert not AccessLog.objects.exists()


def test_an_id_in_the_name_box_is_not_written_back_into_the_page_or_its_links(
    client: Client, siphum_officer: User
) -> None:
    for n in range(30):  # more than a page, so that the pagination links are there
        make_person(first_name=f"คน{n:02d}")
    national_id = new_national_id()

    response = login(client, siphum_officer).get(
        LIST_URL, {"q": national_id, "house_number": "", "page": "2"}, follow=True
    )
    html = response.content.decode()

    assert response.redirect_chain == [(f"{LIST_URL}?house_number=", 302)]
    assert "page=2" in html
    assert national_id not in html
    assert national_id[:6] not in html
    assert 'registry/id_guard.js"' in html  # the script that posts such a search instead


def test_a_house_number_finds_the_house_and_its_sub_numbers(
    client: Client, siphum_officer: User
) -> None:
    make_person(first_name="หนึ่ง", household=make_household(house_number="12"))
    make_person(first_name="สอง", household=make_household(house_number="12/3"))
    make_person(first_name="สาม", household=make_household(house_number="123"))

    response = login(client, siphum_officer).get(LIST_URL, {"house_number": "12"})

    assert names(response) == {"หนึ่ง", "สอง"}


def test_the_list_filters_by_a_derived_target_group(client: Client, siphum_officer: User) -> None:
    make_person(first_name="ยาย", birth_date=dt.date(1940, 1, 1))
    make_person(first_name="หลาน", birth_date=dt.date(2015, 1, 1))

    response = login(client, siphum_officer).get(LIST_URL, {"target_group": "elderly"})

    assert names(response) == {"ยาย"}


def test_the_list_filters_by_the_need_of_the_latest_assessment(
    client: Client, siphum_officer: User
) -> None:
    poor_household = make_household()
    member = make_person(first_name="ในบ้านยากจน", household=poor_household)
    assess(household=poor_household, problems=["poverty"], on=dt.date(2024, 6, 1))
    recovered = make_person(first_name="พ้นความยากจน")
    assess(person=recovered, problems=["poverty"], on=dt.date(2023, 1, 1))
    assess(person=recovered, problems=[], on=dt.date(2024, 1, 1))
    make_person(first_name="ไม่เคยประเมิน")

    response = login(client, siphum_officer).get(LIST_URL, {"need": "poverty"})

    assert names(response) == {member.first_name}


def test_the_list_filters_by_village(client: Client, siphum_officer: User) -> None:
    make_person(first_name="หมู่หนึ่ง", village=village())
    make_person(first_name="ไม่มีหมู่")

    response = login(client, siphum_officer).get(
        LIST_URL,
        {
            "area-province": "50",
            "area-district": "5001",
            "area-subdistrict": "500101",
            "area-village": "50010101",
        },
    )

    assert names(response) == {"หมู่หนึ่ง"}


def test_an_empty_list_says_so(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get(LIST_URL, {"q": "ไม่มีชื่อนี้"})

    assert 'id="people-empty"' in response.content.decode()


def test_the_list_is_paginated(client: Client, siphum_officer: User, settings: Any) -> None:
    settings.TAMBON_PAGE_SIZE = 3
    for i in range(7):
        make_person(first_name=f"คนที่{i}")

    response = login(client, siphum_officer).get(LIST_URL, {"page": 3})

    assert len(response.context["rows"]) == 1
    assert response.context["page_obj"].paginator.count == 7


def test_the_national_id_search_is_posted_exact_and_logged_without_the_id(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    make_person(first_name="ตรงกัน", national_id=national_id)
    make_person(first_name="คนอื่น", national_id=new_national_id())
    make_person(first_name="ไม่มีเลข")

    response = login(client, siphum_officer).post(
        LIST_URL, {"national_id": nationalid.format(national_id)}
    )

    assert response.status_code == 200
    assert names(response) == {"ตรงกัน"}
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.SEARCH
    assert entry.user == siphum_officer
    assert national_id not in entry.object_repr
    assert national_id not in response.content.decode()


def test_the_national_id_search_does_not_find_people_outside_the_area(
    client: Client, bkk_officer: User
) -> None:
    national_id = new_national_id()
    make_person(national_id=national_id)

    response = login(client, bkk_officer).post(LIST_URL, {"national_id": national_id})

    assert names(response) == set()
    assert 'id="people-empty"' in response.content.decode()


def test_an_invalid_national_id_search_names_the_mistake(
    client: Client, siphum_officer: User
) -> None:
    with translation.override("en"):
        response = login(client, siphum_officer).post(
            LIST_URL, {"national_id": "1234567890123"}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 400
    assert "last digit should be" in response.context["id_form"].errors["national_id"][0]
    assert "1234567890123" not in response.content.decode()  # not echoed into the page
    assert not AccessLog.objects.exists()


def test_a_malformed_filter_is_dropped_and_the_others_still_apply(
    client: Client, siphum_officer: User
) -> None:
    make_person(first_name="บุญมี")
    make_person(first_name="สมชาย")

    response = login(client, siphum_officer).get(
        LIST_URL, {"q": "บุญ", "target_group": "ไม่มีกลุ่มนี้", "page": "x"}
    )

    assert response.status_code == 200
    assert names(response) == {"บุญมี"}


# --- a person's page -----------------------------------------------------------------------


def test_the_person_page_shows_the_record_masked_and_logs_the_view(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    household = make_household(house_number="99/1")
    person = make_person(
        first_name="บุญมี", national_id=national_id, household=household, relation="head"
    )
    make_person(first_name="สมปอง", household=household, relation="spouse")

    response = login(client, siphum_officer).get(
        reverse("registry:person_detail", args=[person.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert nationalid.mask(national_id) in html
    assert national_id not in html
    assert nationalid.format(national_id) not in html
    assert "สมปอง" in html
    assert "99/1" in html
    assert 'id="cases-empty"' in html
    assert 'id="consents-empty"' in html
    assert 'id="assessments-empty"' in html
    entry = AccessLog.objects.get()
    assert (entry.action, entry.object_id, entry.user) == (
        AccessLog.Action.VIEW,
        str(person.pk),
        siphum_officer,
    )


def test_the_birth_date_is_shown_in_the_buddhist_era(client: Client, siphum_officer: User) -> None:
    person = make_person(birth_date=dt.date(1950, 7, 2))

    response = login(client, siphum_officer).get(
        reverse("registry:person_detail", args=[person.pk])
    )

    assert "2493" in response.content.decode()


def test_the_person_page_lists_own_and_household_assessments(
    client: Client, siphum_officer: User
) -> None:
    household = make_household()
    person = make_person(household=household)
    assess(person=person, problems=["health"], on=dt.date(2024, 2, 1))
    assess(household=household, problems=["housing"], on=dt.date(2024, 3, 1))

    response = login(client, siphum_officer).get(
        reverse("registry:person_detail", args=[person.pk])
    )

    assert len(response.context["assessments"]) == 2
    html = response.content.decode()
    assert group("elderly").name_th in html  # born 1958: derived group shown


# --- create and edit -----------------------------------------------------------------------


def test_an_officer_adds_a_person_through_the_form(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).post(
        CREATE_URL, form_data(target_groups=str(group("bedridden").pk))
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.birth_date == dt.date(1950, 7, 2)
    assert person.phone == "0812345678"
    assert [g.code for g in person.target_groups.all()] == ["bedridden"]


def test_a_bad_national_id_is_shown_on_its_field(client: Client, siphum_officer: User) -> None:
    with translation.override("en"):
        response = login(client, siphum_officer).post(
            CREATE_URL, form_data(national_id="1234567890123"), HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 400
    assert "last digit should be" in response.context["form"].errors["national_id"][0]
    assert not Person.objects.exists()


def test_a_duplicate_id_links_to_the_existing_person_the_officer_may_see(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    existing = make_person(first_name="คนเดิม", national_id=national_id)

    response = login(client, siphum_officer).post(CREATE_URL, form_data(national_id=national_id))

    html = response.content.decode()
    assert response.status_code == 400
    assert gettext(MSG_DUPLICATE_ID) in response.context["form"].errors["national_id"]
    assert reverse("registry:person_detail", args=[existing.pk]) in html
    assert Person.objects.count() == 1


def test_a_duplicate_id_outside_the_area_is_refused_without_a_link(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    elsewhere = make_person(first_name="คนกรุงเทพ", national_id=national_id, subdistrict=PHRA_BOROM)

    response = login(client, siphum_officer).post(CREATE_URL, form_data(national_id=national_id))

    html = response.content.decode()
    assert response.status_code == 400
    assert reverse("registry:person_detail", args=[elsewhere.pk]) not in html
    assert "คนกรุงเทพ" not in html


def test_adding_a_member_from_a_household_starts_at_its_place(
    client: Client, siphum_officer: User
) -> None:
    household = make_household(village=village(), house_number="7")

    response = login(client, siphum_officer).get(CREATE_URL, {"household": household.pk})

    assert response.context["form"].initial["household"] == household.pk
    assert response.context["area_form"].initial["village"] == "50010101"


def test_the_household_select_follows_the_chosen_subdistrict(
    client: Client, siphum_officer: User
) -> None:
    make_household(house_number="55/5")

    response = login(client, siphum_officer).get(
        reverse("registry:person_household_field"), {"area-subdistrict": "500101"}
    )

    assert "55/5" in response.content.decode()


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(
    client: Client, siphum_officer: User
) -> None:
    person = make_person(first_name="บุญมี")
    Person.objects.filter(pk=person.pk).update(version=2)  # someone saved meanwhile

    response = login(client, siphum_officer).post(
        reverse("registry:person_edit", args=[person.pk]),
        form_data(version="1", first_name="บุญเมือง"),
    )

    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    assert 'value="บุญเมือง"' in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "บุญมี"


def test_the_edit_form_never_shows_the_full_national_id(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    person = make_person(national_id=national_id)

    response = login(client, siphum_officer).get(reverse("registry:person_edit", args=[person.pk]))

    html = response.content.decode()
    assert national_id not in html
    assert nationalid.mask(national_id) in html


def test_an_edit_saves_and_bumps_the_version(client: Client, siphum_officer: User) -> None:
    person = make_person(first_name="บุญมี")

    response = login(client, siphum_officer).post(
        reverse("registry:person_edit", args=[person.pk]),
        form_data(version="1", first_name="บุญเมือง", phone="0899999999"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.phone, person.version) == ("บุญเมือง", "0899999999", 2)


def test_pages_render_in_english(client: Client, siphum_officer: User) -> None:
    person = make_person()
    login(client, siphum_officer)
    client.cookies["django_language"] = "en"

    for url in (LIST_URL, CREATE_URL, reverse("registry:person_detail", args=[person.pk])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url


def test_malformed_input_never_crashes_a_people_page(client: Client, admin: User) -> None:
    person = make_person()
    household = make_household()
    login(client, admin)
    requests = [
        ("get", LIST_URL, {"page": "-1", "area-province": "zz", "need": "x", "house_number": "/"}),
        ("post", LIST_URL, {"national_id": "๑๒๓-abc"}),
        ("get", CREATE_URL, {"household": "abc"}),
        ("get", CREATE_URL, {"household": "999999"}),
        ("post", CREATE_URL, form_data(birth_date="31/02/2568", sex="Z", household="x")),
        ("post", CREATE_URL, form_data(**{"area-subdistrict": "999999", "area-village": "x"})),
        ("post", reverse("registry:person_edit", args=[person.pk]), form_data(version="x")),
        ("post", reverse("registry:person_reveal_id", args=[person.pk]), {"reason": "x" * 500}),
        ("get", reverse("registry:person_household_field"), {"area-subdistrict": "x"}),
        ("get", reverse("registry:household_list"), {"housing": "zz", "income_band": "zz"}),
        ("post", reverse("registry:household_create"), {"house_number": "", "version": "x"}),
        ("post", reverse("registry:household_edit", args=[household.pk]), {"version": "-3"}),
        ("post", reverse("registry:consent_add", args=[person.pk]), {"given_on": "1/1/25"}),
        ("get", reverse("registry:person_detail", args=[999999]), {}),
        ("get", "/api/v1/registry/persons/?limit=0&subdistrict=zz&target_group=zz", {}),
        ("get", "/api/v1/registry/households/999999", {}),
    ]
    bad = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if response.status_code >= 500:
            bad.append((url, response.status_code))
    assert not bad, bad
