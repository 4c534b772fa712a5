"""Cohorts (รุ่น), their sessions, and the trainees enrolled in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from tambon.core.models import TimestampedModel, VersionedModel
from tambon.geo.models import Province, Subdistrict
from tambon.training.models.courses import Course


class Cohort(VersionedModel):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    number = models.PositiveSmallIntegerField(_("cohort number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=60)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_cohorts",
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_cohorts",
    )
    # Nominations are taken until this date (inclusive); empty means until the first day.
    nominations_close_on = models.DateField(_("nominations close"), null=True, blank=True)
    # Optional places per province of the trainees' sub-districts: {"50": 20, "51": 10}.
    province_quotas = models.JSONField(_("places per province"), default=dict, blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="cohort_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} รุ่นที่ {self.number}"

    @property
    def area_code(self) -> str:
        """Cohorts are scoped by the province where they are held."""
        return self.province_id


class CohortSession(models.Model):
    """One half-day of a cohort: the unit of attendance."""

    class Period(models.TextChoices):
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort", "date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "date", "period"], name="cohort_session_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_period_display()}"


class Enrollment(TimestampedModel):
    """A trainee's place in a cohort, from nomination to completion."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        APPROVED = "approved", _("approved")
        WAITLISTED = "waitlisted", _("waiting list")
        REJECTED = "rejected", _("not accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Channel(models.TextChoices):
        NOMINATION = "nomination", _("nominated by a provincial office")
        APPLICATION = "application", _("applied")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.NOMINATION
    )
    status = FSMField(_("status"), default=Status.NOMINATED, choices=Status.choices, protected=True)
    # The program sub-district the trainee comes from; its province is the quota key.
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["cohort", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "trainee"], name="enrollment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} — {self.cohort}"

    @property
    def area_code(self) -> str:
        return self.subdistrict_id

    # Transitions: services call these inside their transaction, after the permission check.
    @transition(field=status, source=[Status.NOMINATED, Status.WAITLISTED], target=Status.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=status, source=Status.NOMINATED, target=Status.WAITLISTED)
    def waitlist(self) -> None:
        pass

    @transition(field=status, source=[Status.NOMINATED, Status.WAITLISTED], target=Status.REJECTED)
    def reject(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.NOMINATED, Status.WAITLISTED, Status.APPROVED],
        target=Status.WITHDRAWN,
    )
    def withdraw(self) -> None:
        pass
