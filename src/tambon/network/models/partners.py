"""Network partners (ภาคีเครือข่าย): organisations of every sector, the areas they cover and
the people to contact there."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel, VersionedModel
from tambon.geo.models import Subdistrict


class Sector(models.TextChoices):
    """The sectors of DOMAIN.md that take part in a sub-district's welfare."""

    GOVERNMENT = "government", _("government agency")
    LOCAL_GOVERNMENT = "local_government", _("local government (อปท.)")
    SCHOOL = "school", _("school")
    RELIGIOUS = "religious", _("religious organisation")
    NGO = "ngo", _("NGO or foundation")
    BUSINESS = "business", _("business")
    COMMUNITY = "community", _("community organisation")
    WELFARE_FUND = "welfare_fund", _("community welfare fund (กองทุนสวัสดิการชุมชน)")


class Partner(VersionedModel):
    """A partner organisation (ภาคีเครือข่าย): located in a sub-district, covering some areas."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="partner_organisations",
        help_text=_("Accounts of role “network partner” who act for this organisation."),
    )

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["subdistrict", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def coverage_codes(self) -> list[str]:
        """The DOPA codes (2, 4 or 6 digits) of the areas the partner covers."""
        return sorted(a.code for a in self.areas.all())


class PartnerArea(models.Model):
    """One area a partner covers: a province, district or sub-district code."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("area code"), max_length=6, db_index=True)

    class Meta:
        verbose_name = _("area covered")
        verbose_name_plural = _("areas covered")
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="partner_area_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class PartnerContact(TimestampedModel):
    """A person to contact at a partner organisation."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
