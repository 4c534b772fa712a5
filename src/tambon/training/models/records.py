"""What happens in a cohort: attendance, pre/post tests and the satisfaction survey."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.training.models.cohorts import CohortSession, Enrollment
from tambon.training.models.courses import Question


class Attendance(models.Model):
    class Method(models.TextChoices):
        QR = "qr", _("QR check-in")
        ROSTER = "roster", _("ticked by the trainer")
        PAPER = "paper", _("from the paper sign-in sheet")

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    at = models.DateTimeField(_("checked in at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} @ {self.session_id}"


class TestAttempt(models.Model):
    """One pre-test or post-test of a trainee, taken online or entered from paper."""

    __test__ = False  # its name starts with "Test": keep pytest from collecting it

    class Kind(models.TextChoices):
        PRE = "pre", _("pre-test")
        POST = "post", _("post-test")

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("entered from paper")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=4, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "kind"], name="one_test_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score}/{self.max_score}"

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


class TestAnswer(models.Model):
    __test__ = False  # its name starts with "Test": keep pytest from collecting it

    attempt = models.ForeignKey(TestAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)
    is_correct = models.BooleanField(default=False)
    points = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.points}"


class SurveyResponse(models.Model):
    """A trainee's satisfaction survey: {survey question id: rating 1–5 or text}."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="survey")
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"survey {self.enrollment_id}"
