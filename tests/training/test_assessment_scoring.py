"""Scoring and storing tests taken online: the service, with `today` injected."""

import datetime as dt

import pytest

from tambon.core import errors
from tambon.training.models import Question, TestAnswer, TestAttempt
from tambon.training.services import assessment
from tests.training.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

DURING_THE_COURSE = dt.date(2021, 3, 31)


def all_correct(course) -> dict[int, object]:
    return {
        q.pk: q.correct_choice if q.kind == Question.Kind.CHOICE else q.accepted_answers[0]
        for q in course.questions.all()
    }


def short_question(course) -> Question:
    return course.questions.get(kind=Question.Kind.SHORT)


def test_it_scores_a_choice_correct_when_its_index_is_the_correct_one() -> None:
    enrollment = EnrollmentFactory()
    question = enrollment.cohort.course.questions.get(order=2)  # correct option is index 1
    assert assessment.score_answer(question, 1).is_correct
    assert assessment.score_answer(question, "1").points == 1
    assert not assessment.score_answer(question, 0).is_correct


def test_it_scores_a_short_answer_written_in_thai_digits() -> None:
    enrollment = EnrollmentFactory()
    scored = assessment.score_answer(short_question(enrollment.cohort.course), "๑๓๐๐")
    assert scored.is_correct
    assert scored.text == "๑๓๐๐"


def test_it_scores_a_short_answer_ignoring_spaces_and_case() -> None:
    enrollment = EnrollmentFactory()
    question = short_question(enrollment.cohort.course)
    question.accepted_answers = ["Shift and Share", "1300"]
    assert assessment.score_answer(question, "  shift   AND\tshare ").is_correct
    assert not assessment.score_answer(question, "shift share").is_correct
    assert not assessment.score_answer(question, "").is_correct


def test_it_stores_the_score_and_every_answer_of_an_online_test() -> None:
    enrollment = EnrollmentFactory()
    answers = all_correct(enrollment.cohort.course)
    answers[short_question(enrollment.cohort.course).pk] = "๑๓๐๐"
    first = enrollment.cohort.course.questions.get(order=1)
    answers[first.pk] = 3  # wrong

    attempt = assessment.submit_online_test(
        cohort=enrollment.cohort,
        kind="pre",
        answers=answers,
        by=enrollment.trainee,
        today=DURING_THE_COURSE,
    )

    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.source) == (4, 5, "online")
    assert attempt.entered_by == enrollment.trainee
    assert attempt.answers.count() == 5
    assert not attempt.answers.get(question=first).is_correct
    assert attempt.answers.get(text="๑๓๐๐").is_correct


def test_it_gives_each_question_its_points() -> None:
    enrollment = EnrollmentFactory()
    course = enrollment.cohort.course
    course.questions.filter(order=5).update(points=3)

    attempt = assessment.submit_online_test(
        cohort=enrollment.cohort, kind="post", answers=all_correct(course), by=enrollment.trainee
    )

    assert (attempt.score, attempt.max_score) == (7, 7)
    assert attempt.answers.get(question__order=5).points == 3


def test_it_refuses_a_second_submission_and_writes_nothing() -> None:
    enrollment = EnrollmentFactory()
    course = enrollment.cohort.course
    assessment.submit_online_test(
        cohort=enrollment.cohort, kind="pre", answers={}, by=enrollment.trainee
    )

    with pytest.raises(errors.Conflict) as exc:
        assessment.submit_online_test(
            cohort=enrollment.cohort, kind="pre", answers=all_correct(course), by=enrollment.trainee
        )

    assert exc.value.message == assessment.MSG_ALREADY_SUBMITTED
    attempt = TestAttempt.objects.get(enrollment=enrollment)
    assert attempt.score == 0
    assert TestAnswer.objects.filter(attempt__enrollment=enrollment).count() == 5


def test_it_refuses_the_post_test_before_the_cohort_starts() -> None:
    enrollment = EnrollmentFactory()

    with pytest.raises(errors.Conflict) as exc:
        assessment.submit_online_test(
            cohort=enrollment.cohort,
            kind="post",
            answers={},
            by=enrollment.trainee,
            today=dt.date(2021, 3, 28),
        )

    assert exc.value.message == str(assessment.MSG_POST_NOT_OPEN)
    assert not TestAttempt.objects.exists()


def test_it_opens_the_post_test_on_the_first_day() -> None:
    enrollment = EnrollmentFactory()
    attempt = assessment.submit_online_test(
        cohort=enrollment.cohort,
        kind="post",
        answers={},
        by=enrollment.trainee,
        today=dt.date(2021, 3, 29),
    )
    assert attempt.kind == "post"


def test_it_refuses_the_pre_test_once_the_post_test_is_submitted() -> None:
    enrollment = EnrollmentFactory()
    assessment.submit_online_test(
        cohort=enrollment.cohort, kind="post", answers={}, by=enrollment.trainee
    )

    with pytest.raises(errors.Conflict) as exc:
        assessment.submit_online_test(
            cohort=enrollment.cohort, kind="pre", answers={}, by=enrollment.trainee
        )

    assert exc.value.message == str(assessment.MSG_PRE_AFTER_POST)
    assert list(TestAttempt.objects.values_list("kind", flat=True)) == ["post"]


def test_post_test_percent_is_the_post_test_score_in_percent() -> None:
    enrollment = EnrollmentFactory()
    assert assessment.post_test_percent(enrollment) is None
    first = enrollment.cohort.course.questions.get(order=1)
    assessment.submit_online_test(
        cohort=enrollment.cohort,
        kind="post",
        answers={first.pk: first.correct_choice},
        by=enrollment.trainee,
    )
    assert assessment.post_test_percent(enrollment) == pytest.approx(20.0)
