"""What happens on the ground: home visits (เยี่ยมบ้าน), assistance given, follow-ups due."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tambon.cases.models.cases import InCaseArea
from tambon.core.models import TimestampedModel


class HomeVisit(TimestampedModel):
    """A visit to the person's home by a volunteer or an officer, often from a phone."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    met = models.CharField(_("who was met"), max_length=300, blank=True)
    observations = models.TextField(_("observations"), blank=True)
    # A quick reassessment: the five dimensions (registry Dimension values) → a score 1–5
    # (1: serious problem, 5: no problem). Dimensions left out were not reassessed.
    dimension_scores = models.JSONField(_("quick reassessment"), default=dict, blank=True)
    photo = models.ImageField(_("photo"), upload_to="visits/%Y/%m/", null=True, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["case", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on}"


class Assistance(TimestampedModel):
    """Help given to the person of a case: cash, goods or a service, with its source."""

    class Kind(models.TextChoices):
        CASH = "cash", _("cash")
        GOODS = "goods", _("goods")
        SERVICE = "service", _("service")

    class Source(models.TextChoices):
        GOVERNMENT = "government", _("government budget")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        COMMUNITY_FUND = "community_fund", _("community welfare fund")
        DONOR = "donor", _("donor")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="assistance"
    )
    given_on = models.DateField(_("given on"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("what was given"), max_length=300)
    # Baht; required for cash, the estimated value for goods and services (optional).
    amount = models.DecimalField(
        _("amount (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("given by partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral = models.ForeignKey(
        "cases.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance",
    )

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["case", "given_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="cash") | Q(amount__isnull=False), name="assistance_cash_amount"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="assistance_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.given_on}"


class FollowUp(InCaseArea, TimestampedModel):
    """A follow-up due on a date: someone checks that the help given lasts."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("what to check"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.TextField(_("result"), blank=True)
    visit = models.ForeignKey(
        HomeVisit,
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["assigned_to", "status", "due_on"]),
            models.Index(fields=["subdistrict", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on} ({self.status})"
