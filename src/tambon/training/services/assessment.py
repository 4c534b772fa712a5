"""Pre/post tests (taken online or entered from paper) and the satisfaction survey."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.core import errors
from tambon.training.models import (
    Cohort,
    Enrollment,
    Question,
    SurveyQuestion,
    SurveyResponse,
    TestAnswer,
    TestAttempt,
)

# Days after the cohort's last day during which a trainee may still change their survey.
SURVEY_EDIT_DAYS = 7

MSG_NOT_A_TRAINEE = _("Only approved trainees of this cohort can take its tests.")
MSG_ALREADY_SUBMITTED = _("You have already submitted this test; it can be submitted only once.")
MSG_PRE_AFTER_POST = _("The pre-test can no longer be taken: the post-test is already submitted.")
MSG_POST_NOT_OPEN = _("The post-test opens on the first day of the cohort.")
MSG_NO_QUESTIONS = _("This course has no test questions yet.")
MSG_BAD_KIND = _("Unknown test: choose the pre-test or the post-test.")
MSG_ONLINE_EXISTS = _("The trainee took this test online; an entry from paper cannot replace it.")
MSG_NOT_APPROVED = _("Scores can be entered only for approved trainees.")
MSG_BAD_SCORE = _("The score must be between 0 and the maximum score.")
MSG_BAD_MAX_SCORE = _("The maximum score must be more than 0.")
MSG_SURVEY_NOT_OPEN = _("The survey opens on the first day of the cohort.")
MSG_SURVEY_CLOSED = _(
    "The survey is closed: answers could be changed until a week after the course."
)
MSG_RATING_REQUIRED = _("Give every rating question a score from 1 to 5.")

_SPACES = re.compile(r"\s+")


def normalise_answer(text: str) -> str:
    """A short answer as it is compared: Thai digits as Arabic, spaces collapsed, case folded."""
    return _SPACES.sub(" ", thai_digit_to_arabic_digit(text or "")).strip().casefold()


@dataclass(frozen=True)
class ScoredAnswer:
    question: Question
    choice: int | None
    text: str
    is_correct: bool
    points: int


def score_answer(question: Question, answer: Any) -> ScoredAnswer:
    """Score one answer: an option index for multiple choice, a text for a short answer."""
    if question.kind == Question.Kind.CHOICE:
        choice = _as_choice(answer, question)
        correct = choice is not None and choice == question.correct_choice
        return ScoredAnswer(question, choice, "", correct, question.points if correct else 0)
    text = str(answer or "").strip()[:300]
    given = normalise_answer(text)
    accepted = {normalise_answer(str(a)) for a in question.accepted_answers or []}
    correct = bool(given) and given in accepted
    return ScoredAnswer(question, None, text, correct, question.points if correct else 0)


def _as_choice(answer: Any, question: Question) -> int | None:
    if answer in (None, ""):
        return None
    try:
        index = int(answer)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < len(question.choices or []) else None


def score_test(questions: Iterable[Question], answers: Mapping[int, Any]) -> list[ScoredAnswer]:
    """Score every question of a test; a question without an answer scores 0."""
    return [score_answer(q, answers.get(q.pk)) for q in questions]


def _questions(cohort: Cohort) -> list[Question]:
    questions = list(Question.objects.filter(course_id=cohort.course_id).order_by("order", "pk"))
    if not questions:
        raise errors.ValidationError(MSG_NO_QUESTIONS)
    return questions


def _check_kind(kind: str) -> None:
    if kind not in TestAttempt.Kind.values:
        raise errors.ValidationError(MSG_BAD_KIND, field="kind")


def _trainee_enrollment(cohort: Cohort, by: Any) -> Enrollment:
    if not by.has_perm("training.take_tests", cohort):
        raise errors.PermissionDenied(MSG_NOT_A_TRAINEE)
    return Enrollment.objects.select_for_update().get(
        cohort=cohort, trainee=by, status=Enrollment.Status.APPROVED
    )


def why_test_closed(
    *, enrollment: Enrollment, kind: str, today: dt.date | None = None
) -> str | None:
    """Why `enrollment`'s trainee may not take the `kind` test now, or None when they may."""
    kinds = set(enrollment.tests.values_list("kind", flat=True))
    if kind in kinds:
        return str(MSG_ALREADY_SUBMITTED)
    if kind == TestAttempt.Kind.PRE and TestAttempt.Kind.POST in kinds:
        return str(MSG_PRE_AFTER_POST)
    if (
        kind == TestAttempt.Kind.POST
        and (today or timezone.localdate()) < enrollment.cohort.starts_on
    ):
        return str(MSG_POST_NOT_OPEN)
    return None


def _write_attempt(
    *,
    enrollment: Enrollment,
    kind: str,
    source: str,
    scored: list[ScoredAnswer] | None,
    score: int,
    max_score: int,
    by: Any,
) -> TestAttempt:
    attempt = TestAttempt(
        enrollment=enrollment,
        kind=kind,
        source=source,
        score=score,
        max_score=max_score,
        submitted_at=timezone.now(),
        entered_by=by,
    )
    attempt.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        # Two submissions raced past the check: the unique constraint keeps only the first.
        raise errors.Conflict(MSG_ALREADY_SUBMITTED) from None
    if scored:
        TestAnswer.objects.bulk_create(
            TestAnswer(
                attempt=attempt,
                question=s.question,
                choice=s.choice,
                text=s.text,
                is_correct=s.is_correct,
                points=s.points,
            )
            for s in scored
        )
    return attempt


@transaction.atomic
def submit_online_test(
    *, cohort: Cohort, kind: str, answers: Mapping[int, Any], by: Any, today: dt.date | None = None
) -> TestAttempt:
    """Score and store a trainee's own pre-test or post-test; each can be submitted once."""
    _check_kind(kind)
    enrollment = _trainee_enrollment(cohort, by)
    reason = why_test_closed(enrollment=enrollment, kind=kind, today=today)
    if reason is not None:
        raise errors.Conflict(reason)
    questions = _questions(cohort)
    scored = score_test(questions, answers)
    return _write_attempt(
        enrollment=enrollment,
        kind=kind,
        source=TestAttempt.Source.ONLINE,
        scored=scored,
        score=sum(s.points for s in scored),
        max_score=sum(q.points for q in questions),
        by=by,
    )


def _paper_enrollment(enrollment: Enrollment, kind: str, by: Any) -> None:
    _check_kind(kind)
    if not by.has_perm("training.run_sessions", enrollment.cohort):
        raise errors.PermissionDenied()
    if enrollment.status != Enrollment.Status.APPROVED:
        raise errors.ValidationError(MSG_NOT_APPROVED)
    existing = TestAttempt.objects.filter(enrollment=enrollment, kind=kind).first()
    if existing is None:
        return
    if existing.source == TestAttempt.Source.ONLINE:
        raise errors.Conflict(MSG_ONLINE_EXISTS)
    # A paper entry is corrected by entering it again.
    existing.delete()


@transaction.atomic
def enter_paper_test(
    *, enrollment: Enrollment, kind: str, answers: Mapping[int, Any], by: Any
) -> TestAttempt:
    """Enter a trainee's answers from a paper test, question by question, and score them."""
    _paper_enrollment(enrollment, kind, by)
    questions = _questions(enrollment.cohort)
    scored = score_test(questions, answers)
    return _write_attempt(
        enrollment=enrollment,
        kind=kind,
        source=TestAttempt.Source.PAPER,
        scored=scored,
        score=sum(s.points for s in scored),
        max_score=sum(q.points for q in questions),
        by=by,
    )


@transaction.atomic
def enter_paper_score(
    *, enrollment: Enrollment, kind: str, score: int, max_score: int | None = None, by: Any
) -> TestAttempt:
    """Enter only the total score of a paper test (no answers: it stays out of item analysis)."""
    _paper_enrollment(enrollment, kind, by)
    if max_score is None:
        max_score = sum(q.points for q in _questions(enrollment.cohort))
    if max_score <= 0:
        raise errors.ValidationError(MSG_BAD_MAX_SCORE, field="max_score")
    if not 0 <= score <= max_score:
        raise errors.ValidationError(MSG_BAD_SCORE, field="score")
    return _write_attempt(
        enrollment=enrollment,
        kind=kind,
        source=TestAttempt.Source.PAPER,
        scored=None,
        score=score,
        max_score=max_score,
        by=by,
    )


def post_test_percent(enrollment: Enrollment) -> float | None:
    """The trainee's post-test score in percent, or None when there is no post-test."""
    attempt = (
        TestAttempt.objects.filter(enrollment=enrollment, kind=TestAttempt.Kind.POST)
        .only("score", "max_score")
        .first()
    )
    return attempt.percent if attempt is not None and attempt.max_score else None


# --- satisfaction survey -------------------------------------------------------------------


def survey_closes_on(cohort: Cohort) -> dt.date:
    """The last day on which a trainee may submit or change the survey."""
    return cohort.ends_on + dt.timedelta(days=SURVEY_EDIT_DAYS)


def why_survey_closed(*, cohort: Cohort, today: dt.date | None = None) -> str | None:
    """Why the survey cannot be answered now, or None when it can."""
    today = today or timezone.localdate()
    if today < cohort.starts_on:
        return str(MSG_SURVEY_NOT_OPEN)
    if today > survey_closes_on(cohort):
        return str(MSG_SURVEY_CLOSED)
    return None


def _clean_survey(questions: list[SurveyQuestion], answers: Mapping[int, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q.pk)
        if q.kind == SurveyQuestion.Kind.RATING:
            try:
                rating = int(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise errors.ValidationError(MSG_RATING_REQUIRED, field=f"q{q.pk}") from None
            if not 1 <= rating <= 5:
                raise errors.ValidationError(MSG_RATING_REQUIRED, field=f"q{q.pk}")
            cleaned[str(q.pk)] = rating
        else:
            text = str(value or "").strip()[:2000]
            if text:
                cleaned[str(q.pk)] = text
    return cleaned


@transaction.atomic
def submit_survey(
    *, cohort: Cohort, answers: Mapping[int, Any], by: Any, today: dt.date | None = None
) -> SurveyResponse:
    """Save a trainee's satisfaction survey: one per enrollment, editable for a week after."""
    enrollment = _trainee_enrollment(cohort, by)
    reason = why_survey_closed(cohort=cohort, today=today)
    if reason is not None:
        raise errors.ValidationError(reason)
    questions = list(SurveyQuestion.objects.filter(course_id=cohort.course_id))
    cleaned = _clean_survey(questions, answers)
    response = SurveyResponse.objects.filter(enrollment=enrollment).first()
    if response is None:
        return SurveyResponse.objects.create(enrollment=enrollment, answers=cleaned)
    response.answers = cleaned
    response.submitted_at = timezone.now()
    response.save(update_fields=["answers", "submitted_at"])
    return response
