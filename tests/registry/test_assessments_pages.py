"""The needs-assessment pages: list with filters, the survey, one assessment; in Thai and
English; scoped by area (404 elsewhere, 403 for roles without the registry)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import AccessLog, User
from tambon.accounts.roles import Role
from tambon.registry.models import NeedsAssessment
from tambon.registry.services.assessments import record_assessment
from tests.conftest import MakeUser, login
from tests.registry.factories import PHRA_BOROM, look_after, make_household, make_person

pytestmark = pytest.mark.django_db

LIST = reverse("registry:assessment_list")
CREATE = reverse("registry:assessment_create")
POOR = {"income_household": False, "living_secure_housing": False, "health_safe_food": True}


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner_foundation", Role.PARTNER, "500101")


def assess(by: User, *, on: dt.date = dt.date(2025, 2, 3), **subject: object) -> NeedsAssessment:
    subject = subject or {"household": make_household()}
    return record_assessment(by=by, assessed_on=on, answers=POOR, **subject)  # type: ignore[arg-type]


def survey_post(**answers: str) -> dict[str, str]:
    data = {"assessed_on": "03/02/2568", "note": "สำรวจตามแบบ TPMAP"}
    data.update({f"answer_{code}": value for code, value in answers.items()})
    return data


# --- the survey --------------------------------------------------------------------------


def test_a_volunteer_opens_the_survey_of_a_household(
    client: Client, siphum_volunteer: User
) -> None:
    household = make_household(house_number="12/3")
    look_after(siphum_volunteer, household)

    response = login(client, siphum_volunteer).get(f"{CREATE}?household={household.pk}")

    assert response.status_code == 200
    body = response.content.decode()
    assert "12/3" in body
    assert 'type="radio"' in body
    assert "รายได้เฉลี่ยของคนในครัวเรือนต่อปีไม่ต่ำกว่า 38,000 บาท" in body  # Thai question text
    assert len(response.context["form"].groups()) == 5


def test_a_volunteer_records_an_assessment_through_the_survey(
    client: Client, siphum_volunteer: User
) -> None:
    household = make_household()
    look_after(siphum_volunteer, household)

    response = login(client, siphum_volunteer).post(
        f"{CREATE}?household={household.pk}",
        survey_post(income_household="not_met", living_tidy_home="met", health_exercise="na"),
    )

    assessment = NeedsAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:assessment_detail", args=[assessment.pk])
    assert assessment.household == household
    assert assessment.assessed_on == dt.date(2025, 2, 3)
    answers = {a.indicator.code: a.met for a in assessment.answers.select_related("indicator")}
    assert answers == {"income_household": False, "living_tidy_home": True, "health_exercise": None}
    assert [p.code for p in assessment.problems.all()] == ["poverty"]


def test_a_survey_with_no_answer_shows_why(client: Client, siphum_officer: User) -> None:
    household = make_household()

    with translation.override("en"):
        response = login(client, siphum_officer).post(
            f"{CREATE}?household={household.pk}",
            survey_post(health_exercise="na"),
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 400
    assert "Answer at least one indicator" in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_a_date_in_the_christian_era_is_refused_on_the_form(
    client: Client, siphum_officer: User
) -> None:
    household = make_household()
    data = survey_post(income_household="met")
    data["assessed_on"] = "03/02/2025"

    with translation.override("en"):
        response = login(client, siphum_officer).post(
            f"{CREATE}?household={household.pk}", data, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 400
    assert "looks like a Christian-era year" in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_a_person_can_be_surveyed(client: Client, siphum_officer: User) -> None:
    person = make_person(first_name="ประยูร", last_name="แก้วมณี")

    response = login(client, siphum_officer).get(f"{CREATE}?person={person.pk}")

    assert response.status_code == 200
    assert "ประยูร แก้วมณี" in response.content.decode()


def test_a_household_the_volunteer_does_not_look_after_is_not_found(
    client: Client, siphum_volunteer: User
) -> None:
    household = make_household()  # in their sub-district, given to nobody
    login(client, siphum_volunteer)

    assert client.get(f"{CREATE}?household={household.pk}").status_code == 404
    posted = client.post(f"{CREATE}?household={household.pk}", survey_post(income_household="met"))
    assert posted.status_code == 404
    assert not NeedsAssessment.objects.exists()


def test_a_household_of_another_area_is_not_found(client: Client, siphum_volunteer: User) -> None:
    household = make_household(subdistrict=PHRA_BOROM)
    login(client, siphum_volunteer)

    assert client.get(f"{CREATE}?household={household.pk}").status_code == 404
    posted = client.post(f"{CREATE}?household={household.pk}", survey_post(income_household="met"))
    assert posted.status_code == 404
    assert not NeedsAssessment.objects.exists()


@pytest.mark.parametrize("query", ["", "?household=abc", "?household=1&person=1", "?person=999"])
def test_the_survey_needs_one_existing_subject(
    client: Client, siphum_officer: User, query: str
) -> None:
    make_household()

    assert login(client, siphum_officer).get(f"{CREATE}{query}").status_code == 404


def test_a_partner_may_not_survey_or_list(client: Client, partner: User) -> None:
    household = make_household()
    login(client, partner)

    assert client.get(f"{CREATE}?household={household.pk}").status_code == 403
    posted = client.post(f"{CREATE}?household={household.pk}", survey_post(income_household="met"))
    assert posted.status_code == 403
    assert client.get(LIST).status_code == 403
    assert not NeedsAssessment.objects.exists()


# --- one assessment ----------------------------------------------------------------------


def test_an_assessment_shows_its_scores_problems_and_answers(
    client: Client, siphum_officer: User
) -> None:
    assessment = assess(siphum_officer)

    response = login(client, siphum_officer).get(
        reverse("registry:assessment_detail", args=[assessment.pk])
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="dimension-scores"' in body and 'id="four-s-scores"' in body
    bars = {bar["code"]: bar["value"] for bar in response.context["dimension_bars"]}
    assert bars == {
        "health": 100.0,
        "living": 0.0,
        "education": None,
        "income": 0.0,
        "access": None,
    }
    assert 'class="progress-bar bg-success" style="width: 100.0%"' in body
    assert 'class="progress-bar bg-danger" style="width: 0.0%"' in body
    assert "ความยากจน" in body and "ที่อยู่อาศัย" in body  # the problems, in Thai
    assert "3 ก.พ. 2568" in body  # the date in the Buddhist era


def test_reading_an_assessment_is_written_to_the_access_log(
    client: Client, siphum_officer: User
) -> None:
    assessment = assess(siphum_officer)

    login(client, siphum_officer).get(reverse("registry:assessment_detail", args=[assessment.pk]))

    entry = AccessLog.objects.get(object_type="registry.needsassessment")
    assert entry.object_id == str(assessment.pk)
    assert entry.user == siphum_officer
    assert entry.area_code == "500101"


def test_an_assessment_of_another_area_is_not_found(
    client: Client, admin: User, bkk_officer: User
) -> None:
    assessment = assess(admin)

    response = login(client, bkk_officer).get(
        reverse("registry:assessment_detail", args=[assessment.pk])
    )

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


# --- the list ----------------------------------------------------------------------------


def test_the_list_shows_the_assessments_of_the_users_area_only(
    client: Client, admin: User, siphum_officer: User
) -> None:
    mine = assess(admin, household=make_household(house_number="7/1"))
    assess(admin, household=make_household(subdistrict=PHRA_BOROM, house_number="99"))

    response = login(client, siphum_officer).get(LIST)

    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"].object_list] == [mine.pk]


def test_the_list_filters_by_period_in_the_buddhist_era_and_by_problem(
    client: Client, siphum_officer: User
) -> None:
    january = assess(siphum_officer, on=dt.date(2025, 1, 20))
    assess(siphum_officer, on=dt.date(2025, 3, 5))
    well_off = record_assessment(
        by=siphum_officer,
        assessed_on=dt.date(2025, 1, 21),
        answers={"income_household": True},
        household=make_household(),
    )
    login(client, siphum_officer)

    in_january = client.get(LIST, {"date_from": "01/01/2568", "date_to": "31/01/2568"})
    poor_in_january = client.get(
        LIST, {"date_from": "01/01/2568", "date_to": "31/01/2568", "problem": "poverty"}
    )

    assert {a.pk for a in in_january.context["page_obj"].object_list} == {january.pk, well_off.pk}
    assert [a.pk for a in poor_in_january.context["page_obj"].object_list] == [january.pk]


def test_the_list_filters_by_area(client: Client, admin: User) -> None:
    in_siphum = assess(admin)
    assess(admin, household=make_household(subdistrict=PHRA_BOROM))

    response = login(client, admin).get(
        LIST, {"area-province": "50", "area-district": "5001", "area-subdistrict": "500101"}
    )

    assert [a.pk for a in response.context["page_obj"].object_list] == [in_siphum.pk]


def test_an_empty_list_says_so(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get(LIST)

    assert response.status_code == 200
    assert b'id="assessments-empty"' in response.content


def test_the_list_is_paginated(client: Client, siphum_officer: User, settings: Any) -> None:
    settings.TAMBON_PAGE_SIZE = 2
    for day in (1, 2, 3):
        assess(siphum_officer, on=dt.date(2025, 1, day))

    page_2 = login(client, siphum_officer).get(LIST, {"page": 2})

    assert page_2.context["page_obj"].paginator.count == 3
    assert [a.assessed_on.day for a in page_2.context["page_obj"].object_list] == [1]


def test_the_list_takes_the_same_queries_for_3_or_12_assessments(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    for _ in range(3):
        assess(siphum_officer, person=make_person())
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(9):
        assess(siphum_officer)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_pages_render_in_thai_and_english(
    client: Client, siphum_officer: User, language: str
) -> None:
    assessment = assess(siphum_officer, on=dt.date(2025, 2, 3))
    household = assessment.household
    assert household is not None
    client.cookies["tambon_language"] = language
    login(client, siphum_officer)

    with translation.override(language):
        pages = [
            client.get(LIST, HTTP_ACCEPT_LANGUAGE=language),
            client.get(f"{CREATE}?household={household.pk}", HTTP_ACCEPT_LANGUAGE=language),
            client.get(
                reverse("registry:assessment_detail", args=[assessment.pk]),
                HTTP_ACCEPT_LANGUAGE=language,
            ),
        ]

    for page in pages:
        assert page.status_code == 200
        assert f'<html lang="{language}">' in page.content.decode()
    detail = pages[2].content.decode()
    if language == "th":
        assert "2568" in detail and "ความยากจน" in detail
    else:
        assert "2025" in detail and "poverty" in detail


@pytest.mark.parametrize("subject", ["household=²", "person=" + "9" * 30, "household=x"])
def test_a_survey_for_no_real_record_is_not_found(
    client: Client, siphum_officer: User, subject: str
) -> None:
    assert login(client, siphum_officer).get(f"{CREATE}?{subject}").status_code == 404
