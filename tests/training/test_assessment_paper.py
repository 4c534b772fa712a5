"""Entering a trainee's test from paper: answers question by question, or only the score."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.core import errors
from tambon.training.models import Enrollment, Question, TestAttempt
from tambon.training.services import assessment
from tests.conftest import login
from tests.training.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def entry_url(enrollment: Enrollment, kind: str = "pre") -> str:
    return reverse("training:enter_test", args=[enrollment.cohort.pk, enrollment.pk, kind])


def with_trainer(enrollment: Enrollment):  # type: ignore[no-untyped-def]
    trainer = UserFactory(first_name="วิไลวรรณ", last_name="ครูดี")
    enrollment.cohort.trainers.add(trainer)
    return trainer


def paper_answers(enrollment: Enrollment) -> dict[str, str]:
    """The trainee chose option ก everywhere and wrote the hotline in Thai digits."""
    data = {"mode": "answers"}
    for q in enrollment.cohort.course.questions.all():
        data[f"answers-q{q.pk}"] = "0" if q.kind == Question.Kind.CHOICE else "๑๓๐๐"
    return data


def test_a_trainer_enters_a_paper_test_question_by_question(client: Client) -> None:
    enrollment = EnrollmentFactory()
    trainer = with_trainer(enrollment)
    login(client, trainer)

    response = client.post(entry_url(enrollment), paper_answers(enrollment))

    assert response.status_code == 302
    attempt = TestAttempt.objects.get(enrollment=enrollment, kind="pre")
    # Options ก are right for questions 1 and 4; the short answer is right.
    assert (attempt.score, attempt.max_score) == (3, 5)
    assert (attempt.source, attempt.entered_by) == ("paper", trainer)
    assert attempt.answers.count() == 5


def test_a_question_left_blank_on_paper_scores_nothing(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, with_trainer(enrollment))
    data = paper_answers(enrollment)
    first = enrollment.cohort.course.questions.get(order=1)
    data[f"answers-q{first.pk}"] = ""

    client.post(entry_url(enrollment), data)

    attempt = TestAttempt.objects.get(enrollment=enrollment)
    assert attempt.score == 2
    assert attempt.answers.get(question=first).choice is None


def test_an_organiser_enters_only_the_score(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.cohort.organiser)

    response = client.post(
        entry_url(enrollment, "post"),
        {"mode": "score", "score-score": "18", "score-max_score": "20"},
    )

    assert response.status_code == 302
    attempt = TestAttempt.objects.get(enrollment=enrollment, kind="post")
    assert (attempt.score, attempt.max_score, attempt.source) == (18, 20, "paper")
    assert attempt.percent == 90.0
    assert not attempt.answers.exists()


def test_entering_a_paper_test_again_corrects_the_first_entry() -> None:
    enrollment = EnrollmentFactory()
    trainer = with_trainer(enrollment)
    assessment.enter_paper_score(enrollment=enrollment, kind="pre", score=2, by=trainer)

    assessment.enter_paper_score(enrollment=enrollment, kind="pre", score=4, by=trainer)

    attempt = TestAttempt.objects.get(enrollment=enrollment)
    assert (attempt.score, attempt.max_score) == (4, 5)


def test_a_paper_entry_cannot_replace_a_test_taken_online() -> None:
    enrollment = EnrollmentFactory()
    assessment.submit_online_test(
        cohort=enrollment.cohort, kind="pre", answers={}, by=enrollment.trainee
    )

    with pytest.raises(errors.Conflict):
        assessment.enter_paper_score(
            enrollment=enrollment, kind="pre", score=5, by=enrollment.cohort.organiser
        )

    attempt = TestAttempt.objects.get(enrollment=enrollment)
    assert (attempt.score, attempt.source) == (0, "online")


def test_a_score_above_the_maximum_is_refused_on_the_form(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, with_trainer(enrollment))

    response = client.post(
        entry_url(enrollment), {"mode": "score", "score-score": "7", "score-max_score": "5"}
    )

    assert response.status_code == 400
    assert not TestAttempt.objects.exists()


def test_a_trainee_cannot_enter_paper_scores(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    response = client.post(
        entry_url(enrollment), {"mode": "score", "score-score": "5", "score-max_score": "5"}
    )

    assert response.status_code == 403
    assert not TestAttempt.objects.exists()


def test_an_officer_of_another_province_cannot_enter_paper_scores(
    client: Client, bkk_officer
) -> None:
    enrollment = EnrollmentFactory()
    login(client, bkk_officer)

    response = client.post(entry_url(enrollment), paper_answers(enrollment))

    assert response.status_code == 403
    assert not TestAttempt.objects.exists()


def test_scores_cannot_be_entered_for_a_nominee_not_yet_approved() -> None:
    enrollment = EnrollmentFactory(status="nominated")

    with pytest.raises(errors.ValidationError):
        assessment.enter_paper_score(
            enrollment=enrollment, kind="pre", score=3, by=enrollment.cohort.organiser
        )

    assert not TestAttempt.objects.exists()


def test_the_entry_list_shows_every_approved_trainee_with_their_tests(client: Client) -> None:
    enrollment = EnrollmentFactory()
    EnrollmentFactory(cohort=enrollment.cohort, status="waitlisted")
    trainer = with_trainer(enrollment)
    assessment.enter_paper_score(enrollment=enrollment, kind="pre", score=3, by=trainer)
    login(client, trainer)

    response = client.get(reverse("training:test_entry", args=[enrollment.cohort.pk]))

    html = response.content.decode()
    assert html.count('id="entry-') == 1
    assert "3/5" in html
    assert entry_url(enrollment, "post") in html
