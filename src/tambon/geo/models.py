"""Thailand's administrative areas, keyed by their DOPA codes (loaded from geothai)."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class NamedArea(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class Province(NamedArea):
    code = models.CharField(_("province code"), max_length=2, primary_key=True)

    class Meta(NamedArea.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(NamedArea):
    code = models.CharField(_("district code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta(NamedArea.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(NamedArea):
    code = models.CharField(_("sub-district code"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="subdistricts"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    postal_codes = models.CharField(
        _("postal codes"), max_length=60, blank=True, help_text=_("Space-separated")
    )

    class Meta(NamedArea.Meta):
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()


class Village(models.Model):
    """หมู่ที่ N of a sub-district; its 8-digit code is the sub-district code and the number."""

    code = models.CharField(
        _("village code"),
        max_length=8,
        primary_key=True,
        validators=[RegexValidator(r"^\d{8}$", _("A village code has 8 digits."))],
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("sub-district"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    number = models.PositiveSmallIntegerField(
        _("village number (หมู่ที่)"), validators=[MinValueValidator(1)]
    )
    name_th = models.CharField(_("name (Thai)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "number"], name="village_number_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        base = self.name_en if translation.get_language() == "en" and self.name_en else self.name_th
        label = translation.gettext("Moo %(number)s") % {"number": self.number}
        return f"{label} {base}".strip()


def area_level(code: str) -> str:
    """province / district / subdistrict / village from the length of a DOPA code."""
    return {2: "province", 4: "district", 6: "subdistrict", 8: "village"}.get(len(code), "")
