"""The data-subject export: everything held on a person, for national admins only, itself
written to the access log; the full national ID appears only there."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.accounts.services import record_access
from tambon.core import nationalid
from tambon.registry.models import AssessmentAnswer, Indicator, Merge, Person
from tambon.registry.services.consent import add_consent
from tambon.registry.services.people import create_person, update_person
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import assess, new_national_id, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_id() -> str:
    return new_national_id()


@pytest.fixture
def person(siphum_officer: User, national_id: str) -> Person:
    """บุญมี, head of a household with her husband, with a consent, an assessment and history."""
    household = make_household(house_number="8/2")
    make_person(first_name="สมปอง", last_name="ศรีวงศ์", household=household, relation="spouse")
    person = create_person(
        by=siphum_officer,
        data=person_data(national_id=national_id, household=household, relation="head"),
    )
    update_person(
        by=siphum_officer,
        person=person,
        expected_version=1,
        data=person_data(household=household, relation="head", phone="0891112222"),
    )
    add_consent(by=siphum_officer, person=person, purpose="registry", given_on=dt.date(2025, 3, 1))
    assessment = assess(household=household, problems=["poverty"], on=dt.date(2025, 2, 1))
    AssessmentAnswer.objects.create(
        assessment=assessment, indicator=Indicator.objects.get(code="income_household"), met=False
    )
    record_access(user=siphum_officer, obj=person, action=AccessLog.Action.VIEW)
    other = make_person(first_name="บุญมี ซ้ำ")
    Merge.objects.create(survivor=person, merged=other, merged_by=siphum_officer, reason="คนเดียวกัน")
    return person


def test_the_json_export_holds_everything_with_the_full_id(
    client: Client, admin: User, person: Person, national_id: str
) -> None:
    response = login(client, admin).get(reverse("registry:subject_export_json", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    data = json.loads(response.content)
    assert nationalid.normalize(data["person"]["national_id"]) == national_id
    assert data["person"]["phone"] == "0891112222"
    assert [m["name"] for m in data["household"]["members"]] == ["สมปอง ศรีวงศ์"]
    assert data["consents"][0]["purpose"] == "registry"
    answers = data["assessments"][0]["answers"]
    assert answers == [
        {
            "indicator": "income_household",
            "question": answers[0]["question"],
            "met": False,
            "note": "",
        }
    ]
    assert data["assessments"][0]["problems"][0]["code"] == "poverty"
    assert {row["action"] for row in data["access_log"]} >= {"view", "export"}
    assert len(data["change_history"]) >= 3  # created, changed, consent created
    assert data["merges"][0]["survivor_id"] == person.pk
    for entry in data["change_history"]:
        assert national_id not in json.dumps(entry, ensure_ascii=False)


def test_the_printable_export_shows_the_full_id_to_the_admin(
    client: Client, admin: User, person: Person, national_id: str
) -> None:
    response = login(client, admin).get(reverse("registry:subject_export", args=[person.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert nationalid.format(national_id) in html
    assert "สมปอง" in html
    assert "no-store" in response["Cache-Control"]


def test_the_export_is_written_to_the_access_log(
    client: Client, admin: User, person: Person
) -> None:
    login(client, admin).get(reverse("registry:subject_export_json", args=[person.pk]))

    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).get()
    assert (entry.user, entry.object_id) == (admin, str(person.pk))


def test_an_officer_may_not_export_and_gets_no_id(
    client: Client, siphum_officer: User, person: Person, national_id: str
) -> None:
    response = login(client, siphum_officer).get(
        reverse("registry:subject_export_json", args=[person.pk])
    )

    assert response.status_code == 403
    assert national_id not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_only_the_admin_sees_the_export_buttons(
    client: Client, admin: User, siphum_officer: User, person: Person
) -> None:
    url = reverse("registry:person_detail", args=[person.pk])

    assert 'id="export-json"' in login(client, admin).get(url).content.decode()
    assert 'id="export-json"' not in login(client, siphum_officer).get(url).content.decode()
