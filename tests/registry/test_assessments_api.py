"""The needs-assessment API: scoped list and detail, create through the same service, and the
4S mapping in use."""

import datetime as dt

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.accounts.services import create_api_token
from tambon.registry.models import NeedsAssessment
from tambon.registry.services.assessments import record_assessment
from tests.conftest import MakeUser
from tests.registry.factories import PHRA_BOROM, look_after, make_household, make_person

pytestmark = pytest.mark.django_db

API = "/api/v1/registry/assessments"
POOR = {"income_household": False, "living_drinking_water": True}


def as_user(user: User) -> Client:
    _token, raw = create_api_token(user=user, name="แอปสำรวจภาคสนาม", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def assess(by: User, **subject: object) -> NeedsAssessment:
    subject = subject or {"household": make_household()}
    return record_assessment(
        by=by,
        assessed_on=dt.date(2025, 2, 3),
        answers=POOR,
        **subject,  # type: ignore[arg-type]
    )


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner_foundation", Role.PARTNER, "500101")


def test_the_list_is_scoped_to_the_callers_area(admin: User, siphum_officer: User) -> None:
    mine = assess(admin)
    assess(admin, household=make_household(subdistrict=PHRA_BOROM))

    response = as_user(siphum_officer).get(API)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == mine.pk
    assert item["subdistrict_code"] == "500101"
    assert item["mapping_version"] == 1
    assert item["scores"]["income"] == 0.0
    assert [p["code"] for p in item["problems"]] == ["poverty"]


def test_the_list_filters_and_pages(admin: User) -> None:
    for _ in range(3):
        assess(admin)
    assess(admin, household=make_household(subdistrict=PHRA_BOROM))

    response = as_user(admin).get(API, {"area": "5001", "problem": "poverty", "limit": "2"})

    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 2


def test_an_assessment_comes_with_its_answers(siphum_volunteer: User) -> None:
    household = make_household()
    look_after(siphum_volunteer, household)
    assessment = assess(siphum_volunteer, household=household)

    response = as_user(siphum_volunteer).get(f"{API}/{assessment.pk}")

    assert response.status_code == 200
    answers = {a["indicator"]: a["met"] for a in response.json()["answers"]}
    assert answers == POOR


def test_an_assessment_of_another_area_is_not_found(admin: User, bkk_officer: User) -> None:
    assessment = assess(admin)

    response = as_user(bkk_officer).get(f"{API}/{assessment.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_volunteer_only_reads_the_assessments_of_households_they_look_after(
    siphum_volunteer: User, siphum_officer: User
) -> None:
    theirs, other = make_household(), make_household()
    look_after(siphum_volunteer, theirs)
    seen = assess(siphum_officer, household=theirs)
    unseen = assess(siphum_officer, household=other)
    api = as_user(siphum_volunteer)

    listed = [a["id"] for a in api.get(API).json()["items"]]

    assert listed == [seen.pk]
    assert api.get(f"{API}/{unseen.pk}").status_code == 404
    refused = api.post(
        API,
        {"household_id": other.pk, "assessed_on": "2025-02-03", "answers": POOR},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert NeedsAssessment.objects.count() == 2


def test_a_volunteer_records_an_assessment(siphum_volunteer: User) -> None:
    household = make_household()
    look_after(siphum_volunteer, household)
    person = make_person(first_name="จันทร์เพ็ญ", last_name="ทองดี", household=household)

    response = as_user(siphum_volunteer).post(
        API,
        {"person_id": person.pk, "assessed_on": "2025-02-03", "answers": POOR},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["person_id"] == person.pk
    assert body["four_s_scores"]["sufficiency"] == 0.0
    assert NeedsAssessment.objects.get().assessed_by == siphum_volunteer


def test_unknown_indicators_are_named_in_the_error(siphum_officer: User) -> None:
    household = make_household()

    response = as_user(siphum_officer).post(
        API,
        {
            "household_id": household.pk,
            "assessed_on": "2025-02-03",
            "answers": {"health_teeth": True},
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "answers"
    assert "health_teeth" in response.json()["message"]
    assert not NeedsAssessment.objects.exists()


def test_a_household_of_another_area_is_not_found(siphum_volunteer: User) -> None:
    household = make_household(subdistrict=PHRA_BOROM)

    response = as_user(siphum_volunteer).post(
        API,
        {"household_id": household.pk, "assessed_on": "2025-02-03", "answers": POOR},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert not NeedsAssessment.objects.exists()


def test_both_or_neither_subject_is_refused(siphum_officer: User) -> None:
    response = as_user(siphum_officer).post(
        API, {"assessed_on": "2025-02-03", "answers": POOR}, content_type="application/json"
    )

    assert response.status_code == 400


def test_a_partner_may_not_read_or_record(partner: User) -> None:
    household = make_household()
    client = as_user(partner)

    assert client.get(API).status_code == 403
    posted = client.post(
        API,
        {"household_id": household.pk, "assessed_on": "2025-02-03", "answers": POOR},
        content_type="application/json",
    )
    assert posted.status_code == 403
    assert not NeedsAssessment.objects.exists()


def test_the_current_mapping_lists_its_rules(siphum_officer: User) -> None:
    response = as_user(siphum_officer).get(f"{API}/mapping/current")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1
    assert len(body["rules"]) == 17
    rule = next(r for r in body["rules"] if r["indicator"] == "income_household")
    assert rule == {
        "indicator": "income_household",
        "dimension": "income",
        "four_s": "sufficiency",
        "weight": 1.0,
        "problem_type": "poverty",
    }


def test_the_list_answers_with_and_without_the_trailing_slash(siphum_officer: User) -> None:
    assess(siphum_officer)
    api = as_user(siphum_officer)

    with_slash, without = api.get(f"{API}/"), api.get(API)

    assert (with_slash.status_code, without.status_code) == (200, 200)
    assert with_slash.json() == without.json()
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert f"{API}/" in paths
    assert API not in paths
