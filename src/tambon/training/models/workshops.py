"""Workshops (กิจกรรม) run by facilitators: the next step of the cascade."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import VersionedModel
from tambon.geo.models import Subdistrict, Village
from tambon.training.models.certificates import Facilitator


class Workshop(VersionedModel):
    class Kind(models.TextChoices):
        YOUTH_CAMP = "youth_camp", _("youth camp")
        SCHOOL = "school", _("school activity")
        COMMUNITY_FORUM = "community_forum", _("community forum")
        VOLUNTEER_TRAINING = "volunteer_training", _("volunteer training")
        OTHER = "other", _("other")

    facilitator = models.ForeignKey(
        Facilitator,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    topics = models.TextField(_("topics"), blank=True)
    # The social problems the participants chose to work on (problem-type codes; the registry
    # issue brings the taxonomy).
    problems = models.JSONField(_("problems chosen"), default=list, blank=True)
    participants_known = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants with an account"), blank=True
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title

    @property
    def area_code(self) -> str:
        return self.subdistrict_id


class WorkshopHeadcount(models.Model):
    """Participants counted by age band and sex, when they are not known by name."""

    class AgeBand(models.TextChoices):
        CHILD = "child", _("children (under 15)")
        YOUTH = "youth", _("youth (15–25)")
        ADULT = "adult", _("adults (26–59)")
        ELDERLY = "elderly", _("elderly (60+)")

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other / not stated")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="headcounts")
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "age_band", "sex"], name="workshop_headcount_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.age_band}/{self.sex}: {self.count}"
