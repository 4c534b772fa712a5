"""Care plans (แผนช่วยเหลือ): one per case, with goals and the actions that reach them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel, VersionedModel


class CarePlan(VersionedModel):
    """The care plan of a case; its version guards the plan and every goal and action in it."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="care_plan"
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")

    def __str__(self) -> str:
        return f"{self.case_id}"


class CarePlanGoal(TimestampedModel):
    """A goal of a care plan, tied to one of the case's (or its assessment's) problems."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(
        CarePlan, verbose_name=_("care plan"), on_delete=models.PROTECT, related_name="goals"
    )
    text = models.CharField(_("goal"), max_length=300)
    problem_type = models.ForeignKey(
        "registry.ProblemType",
        verbose_name=_("problem type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("care-plan goal")
        verbose_name_plural = _("care-plan goals")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.text


class CarePlanAction(TimestampedModel):
    """An action toward a goal: who does it (a user, or a named partner) and by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    goal = models.ForeignKey(
        CarePlanGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Someone without an account: a partner organisation, a relative, a village headman.
    owner_text = models.CharField(_("owner (not a user)"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("care-plan action")
        verbose_name_plural = _("care-plan actions")
        ordering = ["goal", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="care_plan_action_done_iff_done_at",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        if self.owner is not None:
            return str(self.owner)
        return self.owner_text
