"""The background search for duplicate people (django-tasks; run by `manage.py db_worker`).

The permission and the areas were checked when the run was started
(registry.services.duplicates.start_dedupe_run). Progress goes to the Job stage by stage:
people read, pairs scored, candidates written.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from tambon.accounts.models import User
from tambon.core.jobs import Job, finish_job
from tambon.registry.dedupe.run import RunSummary, find_duplicates

MSG_DONE = gettext_noop(
    "%(people)s people compared: %(created)s new possible duplicates, %(open)s already "
    "waiting for review, %(decided)s decided before."
)
MSG_FAILED = gettext_noop("The search stopped with an unexpected error (%(error)s).")


def summary_message(summary: RunSummary) -> str:
    return _(MSG_DONE) % {
        "people": f"{summary.people:,}",
        "created": f"{summary.created:,}",
        "open": f"{summary.already_open:,}",
        "decided": f"{summary.already_decided:,}",
    }


@task()
def find_duplicates_task(
    job_id: str, area_codes: list[str] | None, threshold: float, user_id: int | None = None
) -> int:
    """Run find_duplicates for the areas; returns the number of new candidates."""
    job = Job.objects.get(pk=job_id)
    by = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        summary = find_duplicates(
            area_code=area_codes,
            threshold=threshold,
            progress=lambda stage: job.advance(1),
            by=by,
        )
    except Exception as exc:
        with translation.override(settings.LANGUAGE_CODE):
            message = _(MSG_FAILED) % {"error": type(exc).__name__}
        finish_job(job, failed=True, message=message)
        raise
    with translation.override(settings.LANGUAGE_CODE):
        message = summary_message(summary)
    finish_job(job, result_url=reverse("registry:duplicate_list"), message=message)
    return summary.created
