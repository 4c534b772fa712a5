"""Public requests for help (ขอความช่วยเหลือ): anyone may ask, without an account.

A request lands in its sub-district's intake queue; an officer opens a case from it (finding
or registering the person) or closes it with a note. The requester checks its status with
the reference number, which shows the status only, never personal data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel
from tambon.geo.models import Subdistrict, Village


class HelpRequest(TimestampedModel):
    """A request for help sent through the public form."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("being handled")
        CLOSED = "closed", _("closed")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    problem_type = models.ForeignKey(
        "registry.ProblemType",
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("what happened"))
    place_detail = models.CharField(_("house number or landmark"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    for_someone_else = models.BooleanField(_("asked for someone else"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subdistrict", "status"])]

    def __str__(self) -> str:
        return self.reference
