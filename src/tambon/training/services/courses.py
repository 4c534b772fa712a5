"""Every write to courses: the course and its completion rule, modules, test questions, survey."""

import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Course, CourseModule, Question, SurveyQuestion, SurveyResponse

MSG_CODE_REQUIRED = gettext_noop("Give the course a short code (letters, digits and dashes).")
MSG_CODE_TAKEN = gettext_noop("Another course already has the code “%(code)s”.")
MSG_NAME_REQUIRED = gettext_noop("Give the course its Thai name.")
MSG_PERCENT = gettext_noop("%(what)s must be a whole number from 0 to 100.")
MSG_MODULE_TITLE = gettext_noop("Give the module a title.")
MSG_MODULE_HOURS = gettext_noop("The hours of a module must be more than 0 and at most 999.")
MSG_QUESTION_TEXT = gettext_noop("Write the question.")
MSG_CHOICE_OPTIONS = gettext_noop(
    "A multiple-choice question needs at least two options, one per line."
)
MSG_CHOICE_CORRECT = gettext_noop(
    "Choose the correct option: the number of one of the options, from 1 to %(count)s."
)
MSG_SHORT_ANSWERS = gettext_noop("A short-answer question needs at least one accepted answer.")
MSG_POINTS = gettext_noop("A question is worth from 1 to 100 points.")
MSG_QUESTION_ANSWERED = gettext_noop(
    "This question has already been answered in tests, so it cannot be removed. "
    "Edit its wording instead."
)
MSG_SURVEY_ANSWERED = gettext_noop(
    "This survey question has already been answered, so it cannot be removed."
)

ATTENDANCE_LABEL = gettext_noop("The minimum attendance")
PASS_MARK_LABEL = gettext_noop("The post-test pass mark")


def _require_manager(by: Any) -> None:
    if not by.has_perm("training.manage_courses"):
        raise PermissionDenied()


def _validate_course(*, code: str, name_th: str, percents: dict[str, Any], pk: int | None) -> None:
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", code):
        raise ValidationError(_(MSG_CODE_REQUIRED), field="code")
    if not name_th:
        raise ValidationError(_(MSG_NAME_REQUIRED), field="name_th")
    labels = {"min_attendance_percent": ATTENDANCE_LABEL, "pass_mark_percent": PASS_MARK_LABEL}
    for field, value in percents.items():
        if not isinstance(value, int) or not 0 <= value <= 100:
            raise ValidationError(_(MSG_PERCENT) % {"what": _(labels[field])}, field=field)
    others = Course.objects.filter(code__iexact=code)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        raise ValidationError(_(MSG_CODE_TAKEN) % {"code": code}, field="code")


COURSE_FIELDS = (
    "code",
    "name_th",
    "name_en",
    "description",
    "objectives",
    "min_attendance_percent",
    "pass_mark_percent",
    "is_active",
)


@transaction.atomic
def create_course(
    *,
    by: Any,
    code: str,
    name_th: str,
    name_en: str = "",
    description: str = "",
    objectives: str = "",
    min_attendance_percent: int = 80,
    pass_mark_percent: int = 60,
    is_active: bool = True,
) -> Course:
    """Create a course with its completion rule (modules and questions are added after)."""
    _require_manager(by)
    code, name_th = code.strip(), name_th.strip()
    _validate_course(
        code=code,
        name_th=name_th,
        percents={
            "min_attendance_percent": min_attendance_percent,
            "pass_mark_percent": pass_mark_percent,
        },
        pk=None,
    )
    course = Course(
        code=code,
        name_th=name_th,
        name_en=name_en.strip(),
        description=description,
        objectives=objectives,
        min_attendance_percent=min_attendance_percent,
        pass_mark_percent=pass_mark_percent,
        is_active=is_active,
        created_by=by,
        updated_by=by,
    )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def update_course(*, by: Any, course: Course, **changes: Any) -> Course:
    """Change a course's names, description, objectives, completion rule or whether it is used."""
    _require_manager(by)
    unknown = set(changes) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"update_course() got unexpected fields {sorted(unknown)}")
    for name in ("code", "name_th", "name_en"):
        if name in changes:
            changes[name] = str(changes[name]).strip()
    values = {name: changes.get(name, getattr(course, name)) for name in COURSE_FIELDS}
    _validate_course(
        code=values["code"],
        name_th=values["name_th"],
        percents={
            "min_attendance_percent": values["min_attendance_percent"],
            "pass_mark_percent": values["pass_mark_percent"],
        },
        pk=course.pk,
    )
    for name, value in values.items():
        setattr(course, name, value)
    course.updated_by = by
    course.full_clean()
    course.save(update_fields=[*COURSE_FIELDS, "updated_by", "updated_at"])
    return course


# --- modules --------------------------------------------------------------------------------


def _validate_module(title: str, hours: Decimal) -> None:
    if not title:
        raise ValidationError(_(MSG_MODULE_TITLE), field="title")
    if hours is None or not Decimal(0) < Decimal(hours) <= Decimal(999):
        raise ValidationError(_(MSG_MODULE_HOURS), field="hours")


def _next_order(qs: Any) -> int:
    last = qs.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_module(
    *,
    by: Any,
    course: Course,
    title: str,
    hours: Decimal,
    objectives: str = "",
    order: int | None = None,
) -> CourseModule:
    """Add a module with its hours and learning objectives to a course."""
    _require_manager(by)
    title = title.strip()
    _validate_module(title, hours)
    module = CourseModule(
        course=course,
        title=title,
        hours=hours,
        objectives=objectives,
        order=order or _next_order(course.modules.all()),
    )
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def update_module(
    *,
    by: Any,
    module: CourseModule,
    title: str,
    hours: Decimal,
    objectives: str = "",
    order: int | None = None,
) -> CourseModule:
    """Change a module's title, hours, objectives or place in the course."""
    _require_manager(by)
    title = title.strip()
    _validate_module(title, hours)
    module.title, module.hours, module.objectives = title, hours, objectives
    if order:
        module.order = order
    module.full_clean()
    module.save(update_fields=["title", "hours", "objectives", "order"])
    return module


@transaction.atomic
def remove_module(*, by: Any, module: CourseModule) -> None:
    """Remove a module from its course."""
    _require_manager(by)
    module.delete()


# --- test questions ---------------------------------------------------------------------------


def _lines(values: list[str] | None) -> list[str]:
    return [v.strip() for v in values or [] if v and v.strip()]


def _question_values(
    *,
    kind: str,
    text: str,
    choices: list[str] | None,
    correct_choice: int | None,
    accepted_answers: list[str] | None,
    points: int,
) -> dict[str, Any]:
    """The validated, normalised fields of a question (the other kind's fields emptied)."""
    text = text.strip()
    if not text:
        raise ValidationError(_(MSG_QUESTION_TEXT), field="text")
    if not isinstance(points, int) or not 1 <= points <= 100:
        raise ValidationError(_(MSG_POINTS), field="points")
    if kind == Question.Kind.CHOICE:
        options = _lines(choices)
        if len(options) < 2:
            raise ValidationError(_(MSG_CHOICE_OPTIONS), field="choices")
        if correct_choice is None or not 0 <= correct_choice < len(options):
            raise ValidationError(
                _(MSG_CHOICE_CORRECT) % {"count": len(options)}, field="correct_choice"
            )
        return {
            "kind": kind,
            "text": text,
            "choices": options,
            "correct_choice": correct_choice,
            "accepted_answers": [],
            "points": points,
        }
    if kind == Question.Kind.SHORT:
        answers = _lines(accepted_answers)
        if not answers:
            raise ValidationError(_(MSG_SHORT_ANSWERS), field="accepted_answers")
        return {
            "kind": kind,
            "text": text,
            "choices": [],
            "correct_choice": None,
            "accepted_answers": answers,
            "points": points,
        }
    raise ValidationError(field="kind")


@transaction.atomic
def add_question(
    *,
    by: Any,
    course: Course,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    correct_choice: int | None = None,
    accepted_answers: list[str] | None = None,
    points: int = 1,
    order: int | None = None,
) -> Question:
    """Add a test question: multiple choice (`correct_choice` counts from 0) or short answer."""
    _require_manager(by)
    values = _question_values(
        kind=kind,
        text=text,
        choices=choices,
        correct_choice=correct_choice,
        accepted_answers=accepted_answers,
        points=points,
    )
    question = Question(course=course, order=order or _next_order(course.questions.all()), **values)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def update_question(
    *,
    by: Any,
    question: Question,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    correct_choice: int | None = None,
    accepted_answers: list[str] | None = None,
    points: int = 1,
    order: int | None = None,
) -> Question:
    """Change a test question (answers already given keep the score they were given)."""
    _require_manager(by)
    values = _question_values(
        kind=kind,
        text=text,
        choices=choices,
        correct_choice=correct_choice,
        accepted_answers=accepted_answers,
        points=points,
    )
    for name, value in values.items():
        setattr(question, name, value)
    if order:
        question.order = order
    question.full_clean()
    question.save(update_fields=[*values, "order"])
    return question


@transaction.atomic
def remove_question(*, by: Any, question: Question) -> None:
    """Remove a test question that nobody has answered yet."""
    _require_manager(by)
    if question.answers.exists():
        raise ValidationError(_(MSG_QUESTION_ANSWERED))
    question.delete()


# --- survey questions -------------------------------------------------------------------------


def _survey_values(kind: str, text: str) -> dict[str, str]:
    text = text.strip()
    if not text:
        raise ValidationError(_(MSG_QUESTION_TEXT), field="text")
    if kind not in SurveyQuestion.Kind.values:
        raise ValidationError(field="kind")
    return {"kind": kind, "text": text}


@transaction.atomic
def add_survey_question(
    *, by: Any, course: Course, kind: str, text: str, order: int | None = None
) -> SurveyQuestion:
    """Add a satisfaction-survey question (a 1–5 rating or free text)."""
    _require_manager(by)
    values = _survey_values(kind, text)
    question = SurveyQuestion(
        course=course, order=order or _next_order(course.survey_questions.all()), **values
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def update_survey_question(
    *, by: Any, question: SurveyQuestion, kind: str, text: str, order: int | None = None
) -> SurveyQuestion:
    """Change a survey question's wording, kind or place."""
    _require_manager(by)
    values = _survey_values(kind, text)
    question.kind, question.text = values["kind"], values["text"]
    if order:
        question.order = order
    question.full_clean()
    question.save(update_fields=["kind", "text", "order"])
    return question


@transaction.atomic
def remove_survey_question(*, by: Any, question: SurveyQuestion) -> None:
    """Remove a survey question that nobody has answered yet."""
    _require_manager(by)
    answered = SurveyResponse.objects.filter(
        enrollment__cohort__course_id=question.course_id, answers__has_key=str(question.pk)
    ).exists()
    if answered:
        raise ValidationError(_(MSG_SURVEY_ANSWERED))
    question.delete()
