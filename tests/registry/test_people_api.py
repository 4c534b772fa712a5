"""The households and persons API: scoped lists with filters, detail, create and update with
optimistic locking, 404 outside the area, 403 for a forbidden write, IDs masked unless revealed."""

import json
from typing import Any

import pytest

from tambon.accounts.models import AccessLog, User
from tambon.core import nationalid
from tambon.registry.models import Household, Person
from tests.registry.factories import look_after, make_household, make_person
from tests.registry.test_people_support import PHRA_BOROM, api_client, group, new_national_id

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/registry/persons/"
HOUSEHOLDS = "/api/v1/registry/households/"


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def new_person(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "นาง",
        "first_name": "บุญมี",
        "last_name": "ศรีวงศ์",
        "sex": "F",
        "birth_date": "1950-07-02",
        "phone": "081-234-5678",
        "subdistrict_code": "500101",
    }
    body.update(changes)
    return body


# --- persons -------------------------------------------------------------------------------


def test_the_list_is_scoped_and_paginated(siphum_officer: User) -> None:
    for name in ("ก้อย", "ขวัญ", "คำ"):
        make_person(first_name=name)
    make_person(first_name="กรุงเทพ", subdistrict=PHRA_BOROM)

    response = api_client(siphum_officer).get(PERSONS, {"limit": 2, "offset": 1})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    assert [p["first_name"] for p in body["items"]] == ["ขวัญ", "คำ"]


def test_the_list_filters_by_name_area_and_target_group(siphum_officer: User) -> None:
    bedridden = make_person(first_name="ติดเตียง", last_name="ใจดี")
    bedridden.target_groups.add(group("bedridden"))
    make_person(first_name="สมชาย", last_name="ใจดี")
    client = api_client(siphum_officer)

    by_group = client.get(PERSONS, {"target_group": "bedridden"}).json()
    by_name = client.get(PERSONS, {"q": "ใจดี", "subdistrict": "5001"}).json()

    assert [p["first_name"] for p in by_group["items"]] == ["ติดเตียง"]
    assert by_name["count"] == 2
    assert "bedridden" in by_group["items"][0]["target_groups"]


def test_an_unknown_target_group_is_a_clear_400(siphum_officer: User) -> None:
    response = api_client(siphum_officer).get(PERSONS, {"target_group": "ไม่มี"})

    assert response.status_code == 400
    assert response.json()["field"] == "target_group"


def test_national_ids_are_masked_by_default(siphum_officer: User) -> None:
    national_id = new_national_id()
    person = make_person(national_id=national_id)

    item = api_client(siphum_officer).get(f"{PERSONS}{person.pk}").json()

    assert item["national_id"] == nationalid.mask(national_id)
    assert item["national_id_masked"] is True
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW_SENSITIVE).exists()


def test_an_officer_asking_to_reveal_gets_the_full_id_and_it_is_logged(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    person = make_person(national_id=national_id)

    item = (
        api_client(siphum_officer)
        .get(f"{PERSONS}{person.pk}", {"reveal": "true", "reason": "ส่งต่อหน่วยงาน"})
        .json()
    )

    assert item["national_id"] == national_id
    assert item["national_id_masked"] is False
    entry = AccessLog.objects.get(action=AccessLog.Action.VIEW_SENSITIVE)
    assert (entry.object_id, entry.reason) == (str(person.pk), "ส่งต่อหน่วยงาน")
    assert AccessLog.objects.filter(action=AccessLog.Action.VIEW).count() == 1


def test_a_volunteer_asking_to_reveal_still_gets_a_masked_id(siphum_volunteer: User) -> None:
    national_id = new_national_id()
    household = make_household()
    look_after(siphum_volunteer, household)
    make_person(national_id=national_id, household=household)

    body = api_client(siphum_volunteer).get(PERSONS, {"reveal": "true", "reason": "เยี่ยมบ้าน"}).json()

    assert body["items"][0]["national_id"] == nationalid.mask(national_id)
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW_SENSITIVE).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_asking_to_reveal_without_a_reason_is_refused_and_logs_nothing(
    siphum_officer: User, reason: str
) -> None:
    person = make_person(national_id=new_national_id())
    client = api_client(siphum_officer)

    for url in (PERSONS, f"{PERSONS}{person.pk}"):
        response = client.get(url, {"reveal": "true", "reason": reason})
        assert response.status_code == 400, url
        assert response.json()["field"] == "reason"
    assert not AccessLog.objects.exists()


def test_an_id_in_the_name_search_is_refused_and_pointed_to_the_lookup(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    make_person(national_id=national_id)

    response = api_client(siphum_officer).get(PERSONS, {"q": national_id})

    assert response.status_code == 400
    assert response.json()["field"] == "q"
    assert "/persons/lookup" in response.json()["message"]
    assert national_id not in response.content.decode()


def test_the_lookup_finds_the_person_by_national_id_masked_and_logged(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    person = make_person(national_id=national_id)
    make_person(national_id=new_national_id())
    make_person(national_id=national_id, subdistrict=PHRA_BOROM)  # outside the area

    response = send(
        api_client(siphum_officer),
        "post",
        f"{PERSONS}lookup",
        {"national_id": nationalid.format(national_id)},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["items"][0]["id"]) == (1, person.pk)
    assert body["items"][0]["national_id"] == nationalid.mask(national_id)
    assert national_id not in response.content.decode()
    entry = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert entry.object_repr == "national ID search (API): 1 found"


def test_the_lookup_names_a_wrong_id_without_quoting_it(siphum_officer: User) -> None:
    valid = new_national_id()
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)  # the check digit is off

    response = send(api_client(siphum_officer), "post", f"{PERSONS}lookup", {"national_id": wrong})

    assert response.status_code == 400
    assert response.json()["field"] == "national_id"
    assert wrong not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_a_person_outside_the_area_is_not_found(bkk_officer: User) -> None:
    person = make_person()

    response = api_client(bkk_officer).get(f"{PERSONS}{person.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not AccessLog.objects.exists()


def test_an_officer_creates_a_person(siphum_officer: User) -> None:
    national_id = new_national_id()

    response = send(
        api_client(siphum_officer),
        "post",
        PERSONS,
        new_person(national_id=national_id, target_groups=["bedridden"]),
    )

    body = response.json()
    assert response.status_code == 201
    person = Person.objects.get(pk=body["id"])
    assert person.national_id == national_id
    assert body["national_id"] == nationalid.mask(national_id)
    assert body["phone"] == "0812345678"
    assert set(body["target_groups"]) >= {"bedridden", "woman", "elderly"}
    assert body["recorded_target_groups"] == ["bedridden"]


def test_a_person_added_to_a_household_gets_its_place(siphum_officer: User) -> None:
    household = make_household(house_number="4")

    response = send(
        api_client(siphum_officer),
        "post",
        PERSONS,
        new_person(subdistrict_code=None, household_id=household.pk, relation="head"),
    )

    assert response.status_code == 201
    assert response.json()["subdistrict_code"] == "500101"
    assert response.json()["household_id"] == household.pk


def test_a_household_outside_the_area_is_refused_as_unknown(siphum_officer: User) -> None:
    elsewhere = make_household(subdistrict=PHRA_BOROM)

    response = send(
        api_client(siphum_officer), "post", PERSONS, new_person(household_id=elsewhere.pk)
    )

    assert response.status_code == 400
    assert response.json()["field"] == "household_id"
    assert not Person.objects.exists()


def test_a_bad_national_id_is_a_400_on_its_field_without_the_id(siphum_officer: User) -> None:
    response = send(
        api_client(siphum_officer), "post", PERSONS, new_person(national_id="1234567890123")
    )

    assert response.status_code == 400
    assert response.json()["field"] == "national_id"
    assert "1234567890123" not in response.content.decode()


def test_a_volunteer_may_not_create_a_person(siphum_volunteer: User) -> None:
    response = send(api_client(siphum_volunteer), "post", PERSONS, new_person())

    assert response.status_code == 403
    assert not Person.objects.exists()


def test_an_officer_may_not_create_a_person_elsewhere(bkk_officer: User) -> None:
    response = send(api_client(bkk_officer), "post", PERSONS, new_person())

    assert response.status_code == 403
    assert response.json()["field"] == "subdistrict_code"
    assert not Person.objects.exists()


def test_an_update_with_the_current_version_saves(siphum_officer: User) -> None:
    person = make_person(first_name="บุญมี")

    response = send(
        api_client(siphum_officer),
        "put",
        f"{PERSONS}{person.pk}",
        new_person(version=1, first_name="บุญเมือง"),
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    person.refresh_from_db()
    assert person.first_name == "บุญเมือง"


def test_an_update_with_a_stale_version_is_a_409(siphum_officer: User) -> None:
    person = make_person(first_name="บุญมี")
    Person.objects.filter(pk=person.pk).update(version=2)

    response = send(
        api_client(siphum_officer),
        "put",
        f"{PERSONS}{person.pk}",
        new_person(version=1, first_name="บุญเมือง"),
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    person.refresh_from_db()
    assert person.first_name == "บุญมี"


def test_updates_outside_the_area_are_404_and_by_a_volunteer_403(
    bkk_officer: User, siphum_volunteer: User
) -> None:
    household = make_household()
    look_after(siphum_volunteer, household)
    person = make_person(first_name="บุญมี", household=household)
    body = new_person(version=1, first_name="บุญเมือง")

    assert send(api_client(bkk_officer), "put", f"{PERSONS}{person.pk}", body).status_code == 404
    assert (
        send(api_client(siphum_volunteer), "put", f"{PERSONS}{person.pk}", body).status_code == 403
    )
    person.refresh_from_db()
    assert (person.first_name, person.version) == ("บุญมี", 1)


def test_the_api_needs_a_caller() -> None:
    from django.test import Client

    assert Client().get(PERSONS).status_code == 401


# --- households ----------------------------------------------------------------------------


def test_households_are_listed_with_members_and_head(siphum_officer: User) -> None:
    household = make_household(house_number="8/2")
    make_person(title="นาง", first_name="บุญมี", household=household, relation="head")
    make_household(subdistrict=PHRA_BOROM)

    body = api_client(siphum_officer).get(HOUSEHOLDS).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert (item["house_number"], item["member_count"]) == ("8/2", 1)
    assert item["head_name"] == "นาง บุญมี มีสุข"


def test_a_household_detail_lists_its_members(siphum_officer: User, bkk_officer: User) -> None:
    household = make_household()
    make_person(first_name="หัวหน้า", household=household, relation="head")

    ok = api_client(siphum_officer).get(f"{HOUSEHOLDS}{household.pk}")
    hidden = api_client(bkk_officer).get(f"{HOUSEHOLDS}{household.pk}")

    assert ok.json()["members"][0]["relation"] == "head"
    assert hidden.status_code == 404


def test_households_are_created_and_updated_with_versions(siphum_officer: User) -> None:
    client = api_client(siphum_officer)
    household_body = {"subdistrict_code": "500101", "house_number": "21", "housing": "secure"}

    created = send(client, "post", HOUSEHOLDS, household_body)
    pk = created.json()["id"]
    updated = send(
        client, "put", f"{HOUSEHOLDS}{pk}", {**household_body, "version": 1, "house_number": "21/1"}
    )
    stale = send(client, "put", f"{HOUSEHOLDS}{pk}", {**household_body, "version": 1})

    assert created.status_code == 201
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert stale.status_code == 409
    assert Household.objects.get(pk=pk).house_number == "21/1"


def test_a_volunteer_may_not_create_a_household(siphum_volunteer: User) -> None:
    response = send(
        api_client(siphum_volunteer),
        "post",
        HOUSEHOLDS,
        {"subdistrict_code": "500101", "house_number": "3"},
    )

    assert response.status_code == 403
    assert not Household.objects.exists()


def test_the_openapi_document_lists_the_registry_routes() -> None:
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    for path in (PERSONS, f"{PERSONS}{{person_id}}", HOUSEHOLDS, f"{HOUSEHOLDS}{{household_id}}"):
        assert path in paths, path
