"""Certificates (วุฒิบัตร) and the facilitators they make."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel
from tambon.geo.models import Subdistrict
from tambon.training.models.cohorts import Cohort, Enrollment


class Certificate(TimestampedModel):
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="certificate"
    )
    # Running number per Buddhist-era year of issue: "SS 2564/0001".
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"))
    serial = models.PositiveIntegerField(_("running number"))
    issued_on = models.DateField(_("issued on"))
    # The unguessable part of the public verification URL.
    verification_code = models.CharField(max_length=32, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["year_be", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["year_be", "serial"], name="certificate_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"SS {self.year_be}/{self.serial:04d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def area_code(self) -> str:
        return self.enrollment.subdistrict_id


class Facilitator(TimestampedModel):
    """A certified Shift and Share process facilitator (วิทยากรกระบวนการ)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitator"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="facilitators", null=True, blank=True
    )
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def area_code(self) -> str:
        return self.subdistrict_id


def signature_upload_to(instance: "Signatory", filename: str) -> str:
    # The uploaded name is not kept: it may carry a person's name or be unsafe on disk.
    suffix = ".png" if filename.lower().endswith(".png") else ".jpg"
    return f"signatures/cohort-{instance.cohort_id}/{uuid.uuid4().hex}{suffix}"


class Signatory(models.Model):
    """Who signs a cohort's certificates (in order, left to right), with an optional image."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    # A PNG or JPEG, checked by the service (no Pillow needed); stored under MEDIA_ROOT.
    signature = models.FileField(
        _("signature image"), upload_to=signature_upload_to, max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["cohort", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"
