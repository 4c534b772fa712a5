"""Courses (หลักสูตร): modules, the completion rule, the test question bank and the survey."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Course(TimestampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("learning objectives"), blank=True)
    # The completion rule: attendance share of sessions and post-test score, both in percent.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=PERCENT
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("post-test pass mark (%)"), default=60, validators=PERCENT
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def hours(self) -> float:
        return float(sum(m.hours for m in self.modules.all()))


class CourseModule(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("learning objectives"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=1)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A pre/post-test question: multiple choice (one correct option) or a short answer."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("multiple choice")
        SHORT = "short", _("short answer")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHOICE)
    text = models.TextField(_("question"))
    # Multiple choice: the options, and the index of the correct one.
    choices = models.JSONField(_("options"), default=list, blank=True)
    correct_choice = models.PositiveSmallIntegerField(_("correct option"), null=True, blank=True)
    # Short answer: accepted answers, compared after normalising spaces and case.
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        ordering = ["course", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyQuestion(models.Model):
    """A satisfaction-survey question: a 1–5 rating or free text."""

    class Kind(models.TextChoices):
        RATING = "rating", _("rating 1–5")
        TEXT = "text", _("free text")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="survey_questions")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["course", "order"]

    def __str__(self) -> str:
        return self.text
