"""Welfare services (บริการสวัสดิการ): what a partner provides, for whom, where, how much."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import VersionedModel
from tambon.network.models.partners import Partner
from tambon.registry.models.taxonomy import Term


class ServiceType(Term):
    """A kind of welfare service (cash allowance, home care, legal aid, ...)."""

    class Meta(Term.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


class WelfareService(VersionedModel):
    """A welfare service of a partner (บริการสวัสดิการ).

    Its area is its own ServiceArea rows; a service without any serves the partner's coverage
    (and follows it when the partner's coverage changes).
    """

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT, related_name="+"
    )
    target_groups = models.ManyToManyField(
        "registry.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    problem_types = models.ManyToManyField(
        "registry.ProblemType",
        verbose_name=_("needs it answers"),
        blank=True,
        related_name="+",
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    capacity_per_month = models.PositiveIntegerField(_("capacity per month"), null=True, blank=True)
    how_to_request = models.TextField(_("how to request"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("welfare service")
        verbose_name_plural = _("welfare services")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="welfare_service_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_codes(self) -> list[str]:
        """The service's own area codes ([] means: the partner's coverage)."""
        return sorted(a.code for a in self.areas.all())

    @property
    def serves_partner_area(self) -> bool:
        return not self.area_codes

    @property
    def effective_area_codes(self) -> list[str]:
        return self.area_codes or self.partner.coverage_codes


class ServiceArea(models.Model):
    """One area a service is offered in: a province, district or sub-district code."""

    service = models.ForeignKey(WelfareService, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("area code"), max_length=6, db_index=True)

    class Meta:
        verbose_name = _("area served")
        verbose_name_plural = _("areas served")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_area_unique"),
        ]

    def __str__(self) -> str:
        return self.code
