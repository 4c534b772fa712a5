"""Progress of long background jobs, shown to the user as a progress bar.

A service creates a Job (`start_job`), enqueues its django-tasks task with the job id, and the
task reports with `job.advance(n)` / `finish_job`. The page includes "core/_job_progress.html",
which polls `job_status` with htmx until the job ends.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("job"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # Where the result can be fetched when the job is done (a download or a page).
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done (one UPDATE; safe from several workers)."""
        Job.objects.filter(pk=self.pk).update(done=F("done") + count, status=Job.Status.RUNNING)


def start_job(*, kind: str, title: str, user: Any, total: int) -> Job:
    """Create the progress record of a job about to be enqueued."""
    return Job.objects.create(kind=kind, title=title, user=user, total=total)


def finish_job(job: Job, *, result_url: str = "", message: str = "", failed: bool = False) -> None:
    """Mark a job done (or failed) with where its result is."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED if failed else Job.Status.DONE,
        result_url=result_url,
        message=message[:500],
        finished_at=timezone.now(),
    )
