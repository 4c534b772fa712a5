"""Base models shared by every domain app."""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.core.errors import Conflict


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """A record people edit concurrently: every save bumps `version` or raises Conflict."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save_versioned(self, *, expected_version: int, by: Any, update_fields: list[str]) -> None:
        """Save the given fields only if nobody saved since `expected_version` was read."""
        with transaction.atomic():
            # Compare-and-set first: atomic on every database, even without row locks.
            claimed = (
                type(self)
                ._default_manager.filter(pk=self.pk, version=expected_version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise Conflict()
            self.version = expected_version + 1
            self.updated_by = by
            fields = {*update_fields, "version", "updated_at", "updated_by"}
            self.save(update_fields=sorted(fields))


from tambon.core.jobs import Job  # noqa: E402  (registered with the core app)

__all__ = ["Job", "TimestampedModel", "VersionedModel"]
