"""Likely duplicate people found by record linkage, and the reversible merges they lead to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel


class DuplicateCandidate(TimestampedModel):
    """A pair of people that may be the same person, waiting for an officer's decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        NOT_SAME = "not_same", _("not the same person")

    # left.id < right.id, so a pair is found once whatever the order.
    left = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField(_("match probability"))
    # Field name → how it compared ("exact", "close", "different", "missing").
    comparison = models.JSONField(_("fields compared"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # Copied from the left person, so the queue is scoped by area without a join.
    subdistrict_code = models.CharField(max_length=6, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="registry_candidate_once"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="registry_candidate_ordered"
            ),
        ]


class Merge(TimestampedModel):
    """`merged` was found to be `survivor`: it points there until the merge is undone."""

    survivor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at", "-id"]
