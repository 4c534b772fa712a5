"""Taxonomies national admins configure: target groups and problem types."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """An entry of a taxonomy: a stable code, names in Thai and English, an order."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class TargetGroup(Term):
    """A target group (กลุ่มเป้าหมาย).

    A group with an age range or a sex is derived from the person's birth date or sex and never
    recorded; the others are recorded on the person (Person.target_groups).
    """

    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    @property
    def is_derived(self) -> bool:
        return self.min_age is not None or self.max_age is not None or bool(self.sex)


class ProblemType(Term):
    """A social problem (ปัญหาทางสังคม): the ten hotline 1300 categories and the program's own."""

    hotline_1300 = models.BooleanField(_("hotline 1300 category"), default=False)

    class Meta(Term.Meta):
        verbose_name = _("problem type")
        verbose_name_plural = _("problem types")
