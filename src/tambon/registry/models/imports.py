"""Bulk imports of household and person surveys: one batch per uploaded file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tambon.core.models import TimestampedModel


class ImportBatch(TimestampedModel):
    """An uploaded survey file on its way upload → mapping → preview → confirm → done."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PREVIEWED = "previewed", _("checked, waiting for confirmation")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    file = models.FileField(_("file"), upload_to="imports/persons/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=10)  # csv | xlsx
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    # Our field name → the file's column header.
    column_map = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    created_households = models.PositiveIntegerField(_("households created"), default=0)
    created_people = models.PositiveIntegerField(_("people created"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows already imported"), default=0)
    # The first errors, for the page; the full list is in the downloadable report.
    errors_sample = models.JSONField(default=list)
    report = models.FileField(upload_to="imports/reports/%Y/%m/", blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The area the importing user may write to: rows outside it are errors.
    area_codes = models.JSONField(default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
