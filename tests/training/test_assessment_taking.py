"""Taking the pre-test and post-test online, on the trainee's phone."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.training.models import Enrollment, Question, TestAttempt
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def page_url(enrollment: Enrollment, kind: str = "post") -> str:
    return reverse("training:take_test", args=[enrollment.cohort.pk, kind])


def correct_form(enrollment: Enrollment) -> dict[str, str]:
    return {
        f"q{q.pk}": str(q.correct_choice) if q.kind == Question.Kind.CHOICE else "๑๓๐๐"
        for q in enrollment.cohort.course.questions.all()
    }


def test_a_trainee_sees_choices_as_radio_buttons_and_a_box_for_the_short_answer(
    client: Client,
) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    response = client.get(page_url(enrollment))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport"' in html
    assert html.count('type="radio"') == 16
    short = enrollment.cohort.course.questions.get(kind=Question.Kind.SHORT)
    assert f'name="q{short.pk}"' in html
    assert "สายด่วนศูนย์ช่วยเหลือสังคมคือหมายเลขใด" in html


def test_a_trainee_submits_the_post_test_and_sees_their_score(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    response = client.post(page_url(enrollment), correct_form(enrollment), follow=True)

    attempt = TestAttempt.objects.get(enrollment=enrollment, kind="post")
    assert (attempt.score, attempt.max_score, attempt.source) == (5, 5, "online")
    assert 'id="test-score">5 / 5<' in response.content.decode()


def test_a_second_submission_is_refused_with_a_message_and_nothing_written(
    client: Client,
) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)
    wrong = {k: "3" if v != "๑๓๐๐" else "1200" for k, v in correct_form(enrollment).items()}
    client.post(page_url(enrollment, "pre"), wrong)

    response = client.post(page_url(enrollment, "pre"), correct_form(enrollment), follow=True)

    assert response.status_code == 409
    assert "alert-danger" in response.content.decode()
    attempt = TestAttempt.objects.get(enrollment=enrollment)
    assert attempt.score == 0
    assert attempt.answers.filter(is_correct=True).count() == 0


@pytest.mark.parametrize("status", ["nominated", "waitlisted", "rejected", "withdrawn"])
def test_a_trainee_who_is_not_approved_cannot_take_the_test(client: Client, status: str) -> None:
    enrollment = EnrollmentFactory(status=status)
    login(client, enrollment.trainee)

    assert client.get(page_url(enrollment)).status_code == 403
    assert client.post(page_url(enrollment), correct_form(enrollment)).status_code == 403
    assert not TestAttempt.objects.exists()


def test_a_trainee_of_another_cohort_cannot_take_the_test(client: Client) -> None:
    enrollment = EnrollmentFactory()
    other = EnrollmentFactory(cohort=CohortFactory(course=enrollment.cohort.course))
    login(client, other.trainee)

    assert client.post(page_url(enrollment), correct_form(enrollment)).status_code == 403
    assert not TestAttempt.objects.exists()


def test_an_officer_of_the_cohort_cannot_take_its_test(client: Client, cm_officer) -> None:
    enrollment = EnrollmentFactory()
    login(client, cm_officer)

    assert client.post(page_url(enrollment), correct_form(enrollment)).status_code == 403
    assert not TestAttempt.objects.exists()


def test_an_unanswered_question_keeps_the_test_open(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)
    answers = correct_form(enrollment)
    answers.popitem()

    response = client.post(page_url(enrollment), answers)

    assert response.status_code == 400
    assert not TestAttempt.objects.exists()


def test_an_unknown_kind_of_test_is_not_found(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)
    assert client.get(page_url(enrollment, "mid")).status_code == 404


def test_the_pre_test_page_says_it_is_closed_after_the_post_test(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)
    client.post(page_url(enrollment, "post"), correct_form(enrollment))

    response = client.get(page_url(enrollment, "pre"))

    html = response.content.decode()
    assert 'id="test-closed"' in html
    assert 'id="test-form"' not in html
