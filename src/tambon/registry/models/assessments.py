"""Needs assessments (การประเมินความต้องการ) and the versioned mapping onto the 4S and problems.

Indicators are scored on the five dimensions of Thai poverty targeting; an admin-edited mapping
(MappingVersion and its rules) says which 4S dimension and which problem type each unmet
indicator counts against. An assessment keeps the mapping version it was scored with.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel
from tambon.geo.models import Subdistrict


class Dimension(models.TextChoices):
    """The five dimensions of Thai poverty targeting (TPMAP / family logbook)."""

    HEALTH = "health", _("health")
    LIVING = "living", _("living conditions")
    EDUCATION = "education", _("education")
    INCOME = "income", _("income")
    ACCESS = "access", _("access to public services")


class FourS(models.TextChoices):
    SAFETY = "safety", _("Safety")
    SMILE = "smile", _("Smile")
    SMART = "smart", _("Smart")
    SUFFICIENCY = "sufficiency", _("Sufficiency")


class Indicator(models.Model):
    """A question of the survey: is this basic need met?"""

    class Scope(models.TextChoices):
        HOUSEHOLD = "household", _("household")
        PERSON = "person", _("person")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    scope = models.CharField(
        _("asked of"), max_length=10, choices=Scope.choices, default=Scope.HOUSEHOLD
    )
    text_th = models.CharField(_("question (Thai)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        if translation.get_language() == "en" and self.text_en:
            return self.text_en
        return self.text_th


class MappingVersion(TimestampedModel):
    """One version of the indicator → 4S / problem mapping; the newest published one scores."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("4S mapping version")
        verbose_name_plural = _("4S mapping versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"


class MappingRule(models.Model):
    """An unmet indicator counts against a 4S dimension (with a weight) and signals a problem."""

    version = models.ForeignKey(MappingVersion, on_delete=models.CASCADE, related_name="rules")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    four_s = models.CharField(_("4S dimension"), max_length=20, choices=FourS.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    problem_type = models.ForeignKey(
        "registry.ProblemType",
        verbose_name=_("problem when unmet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("4S mapping rule")
        verbose_name_plural = _("4S mapping rules")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "indicator", "four_s"], name="registry_rule_once_per_4s"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} → {self.four_s}"


class NeedsAssessment(TimestampedModel):
    """A dated survey of a household or a person, with its scores and the problems it found."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    mapping_version = models.ForeignKey(
        MappingVersion, verbose_name=_("4S mapping"), on_delete=models.PROTECT, related_name="+"
    )
    # Share of indicators met per dimension and per 4S dimension, 0–100 (null: none asked).
    scores = models.JSONField(_("dimension scores"), default=dict)
    four_s_scores = models.JSONField(_("4S scores"), default=dict)
    problems = models.ManyToManyField(
        "registry.ProblemType", verbose_name=_("problems"), blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(household__isnull=False) | models.Q(person__isnull=False),
                name="registry_assessment_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    # True: the need is met; False: not met; None: not asked / not applicable.
    met = models.BooleanField(_("met"), null=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="registry_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.met}"
