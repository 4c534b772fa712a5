"""The satisfaction survey: one response per enrollment, editable until a week after the course."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.core import errors
from tambon.training.models import Enrollment, SurveyQuestion, SurveyResponse
from tambon.training.services import assessment
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def enrollment_in_a_cohort_running_today(**kwargs: object) -> Enrollment:
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today - dt.timedelta(days=2), ends_on=today)
    return EnrollmentFactory(cohort=cohort, **kwargs)


def questions(enrollment: Enrollment) -> tuple[SurveyQuestion, SurveyQuestion]:
    course = enrollment.cohort.course
    return (
        course.survey_questions.get(kind=SurveyQuestion.Kind.RATING),
        course.survey_questions.get(kind=SurveyQuestion.Kind.TEXT),
    )


def survey_url(enrollment: Enrollment) -> str:
    return reverse("training:cohort_survey", args=[enrollment.cohort.pk])


def test_a_trainee_rates_the_course_and_writes_a_suggestion(client: Client) -> None:
    enrollment = enrollment_in_a_cohort_running_today()
    rating, text = questions(enrollment)
    login(client, enrollment.trainee)

    page = client.get(survey_url(enrollment)).content.decode()
    response = client.post(
        survey_url(enrollment), {f"q{rating.pk}": "5", f"q{text.pk}": "อยากให้มีภาคสนามมากขึ้น"}
    )

    assert page.count('type="radio"') == 5
    assert "<textarea" in page
    assert response.status_code == 302
    survey = SurveyResponse.objects.get(enrollment=enrollment)
    assert survey.answers == {str(rating.pk): 5, str(text.pk): "อยากให้มีภาคสนามมากขึ้น"}


def test_answering_again_changes_the_one_response_of_the_enrollment(client: Client) -> None:
    enrollment = enrollment_in_a_cohort_running_today()
    rating, _text = questions(enrollment)
    login(client, enrollment.trainee)
    client.post(survey_url(enrollment), {f"q{rating.pk}": "3"})

    client.post(survey_url(enrollment), {f"q{rating.pk}": "4"})

    assert SurveyResponse.objects.filter(enrollment=enrollment).count() == 1
    assert SurveyResponse.objects.get().answers == {str(rating.pk): 4}


def test_the_survey_can_be_changed_until_a_week_after_the_last_day() -> None:
    enrollment = EnrollmentFactory()  # cohort 3 ended on 31 March 2021
    rating, _text = questions(enrollment)

    assessment.submit_survey(
        cohort=enrollment.cohort,
        answers={rating.pk: 4},
        by=enrollment.trainee,
        today=dt.date(2021, 4, 7),
    )
    with pytest.raises(errors.ValidationError) as exc:
        assessment.submit_survey(
            cohort=enrollment.cohort,
            answers={rating.pk: 1},
            by=enrollment.trainee,
            today=dt.date(2021, 4, 8),
        )

    assert exc.value.message == str(assessment.MSG_SURVEY_CLOSED)
    assert SurveyResponse.objects.get().answers == {str(rating.pk): 4}


def test_a_rating_outside_one_to_five_is_refused() -> None:
    enrollment = EnrollmentFactory()
    rating, _text = questions(enrollment)

    with pytest.raises(errors.ValidationError):
        assessment.submit_survey(
            cohort=enrollment.cohort,
            answers={rating.pk: 6},
            by=enrollment.trainee,
            today=dt.date(2021, 3, 31),
        )

    assert not SurveyResponse.objects.exists()


def test_a_nominee_not_yet_approved_cannot_answer_the_survey(client: Client) -> None:
    enrollment = enrollment_in_a_cohort_running_today(status="nominated")
    rating, _text = questions(enrollment)
    login(client, enrollment.trainee)

    response = client.post(survey_url(enrollment), {f"q{rating.pk}": "5"})

    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_the_survey_page_says_when_it_is_closed(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    html = client.get(survey_url(enrollment)).content.decode()

    assert 'id="survey-closed"' in html
    assert 'id="survey-form"' not in html
