"""Background tasks of registry imports (django-tasks; run by `manage.py db_worker`).

`check_import` validates a large uploaded file; `run_import` writes a confirmed batch. Both
report the engine's progress(done, total) to the batch's Job, which the pages poll. Their
bodies, `check_file` and `import_batch`, keep the outcome on the batch: counts, the first
errors, the XLSX error report. The permission was checked when the work was started
(registry.services.imports); the engine checks it again before writing.

The engine writes a whole import in one transaction, so progress written on the task's own
connection stays invisible to the pages until the end. On PostgreSQL the progress therefore
goes through a second, autocommitting connection; SQLite allows one writer at a time, so there
it is written on the task's connection (visible while the engine is reading and checking).
"""

import contextlib
import logging
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from tambon.accounts.policy import area_prefixes
from tambon.core.errors import DomainError, PermissionDenied
from tambon.core.jobs import Job, finish_job
from tambon.registry import importing
from tambon.registry.importing.engine import Validation
from tambon.registry.models import ImportBatch
from tambon.registry.services import imports as services

# The first errors kept on the batch for the pages; the report file has them all.
ERRORS_KEPT = 1000
MSG_CHECK_FAILED = gettext_noop(
    "The check stopped with an unexpected error (%(error)s): nothing was written. "
    "Check the file again, or tell the support team."
)
MSG_IMPORT_FAILED = gettext_noop(
    "The import stopped with an unexpected error (%(error)s): nothing was written. "
    "Check the file again, or tell the support team."
)
MSG_IMPORT_DONE = gettext_noop(
    "%(people)s people and %(households)s households created; %(skipped)s rows were already "
    "in the registry; %(errors)s rows with errors were not imported."
)

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds): enough for a bar polled every second.
PROGRESS_EVERY = 0.5


class JobProgress:
    """The engine's `progress(done, total)` callback, reported to a Job now and then."""

    def __init__(self, job: Job | None, *, own_connection: bool | None = None) -> None:
        """`own_connection`: report through a second connection (default: on PostgreSQL)."""
        self.job = job
        self._last = 0.0
        self.last: tuple[int, int] | None = None
        self._connection: Any = None
        if own_connection is None:
            own_connection = connection.vendor == "postgresql"
        if job is not None and own_connection:
            self._connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        if self.job is None:
            return
        self.last = (done, total)
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        if self._connection is None:
            Job.objects.filter(pk=self.job.pk).update(
                done=done, total=total, status=Job.Status.RUNNING
            )
            return
        pk = Job._meta.pk.get_db_prep_value(self.job.pk, self._connection)
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET done = %s, total = %s, status = %s "  # noqa: S608
                "WHERE id = %s",
                [done, total, Job.Status.RUNNING, pk],
            )

    def settle(self) -> None:
        """Write the last progress on the task's own connection, once the work is over."""
        if self.job is not None and self.last is not None:
            done, total = self.last
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _savepoint() -> Any:
    """A savepoint when the task runs inside a request's transaction (the immediate backend):
    a crash then leaves that transaction usable for recording the failure. A worker runs in
    autocommit, where the engine's own transaction is enough and progress stays visible."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _batch(batch_id: int) -> ImportBatch | None:
    return ImportBatch.objects.select_related("job", "imported_by").filter(pk=batch_id).first()


@task()
def check_import(batch_id: int) -> str:
    """Validate a large uploaded file (nothing is written to the registry)."""
    batch = _batch(batch_id)
    if batch is None or batch.status != ImportBatch.Status.UPLOADED:
        return "skipped"  # cancelled, or checked again meanwhile
    job = batch.job
    progress = JobProgress(job)
    try:
        user = job.user if job is not None and job.user is not None else batch.imported_by
        with _savepoint():
            check_file(batch, area_codes=area_prefixes(user), progress=progress)
    except Exception as exc:
        fail_check(batch, exc)
        if job is not None:
            finish_job(job, failed=True, message=batch.message)
        return "failed"
    finally:
        progress.close()
        progress.settle()
    if job is not None:
        url = reverse("registry:import_preview", args=[batch.pk])
        finish_job(job, result_url=url, message=batch.message)
    return "checked"


@task()
def run_import(batch_id: int) -> str:
    """Write the valid rows of a confirmed batch, all of them or (on a crash) none."""
    batch = _batch(batch_id)
    if batch is None or batch.status != ImportBatch.Status.RUNNING:
        return "skipped"
    job = batch.job
    user = job.user if job is not None and job.user is not None else batch.imported_by
    progress = JobProgress(job)
    try:
        # One transaction around the engine's and the batch's writes: a crash anywhere
        # leaves no row behind, so "nothing was written" is true.
        with transaction.atomic():
            import_batch(batch, user=user, progress=progress)
    except Exception as exc:
        fail_import(batch, exc)
        return "failed"
    finally:
        progress.close()
        progress.settle()
    if job is not None:
        url = reverse("registry:import_detail", args=[batch.pk])
        finish_job(job, result_url=url, message=batch.message)
    return "done"


# --- the work of the tasks (also the inline check of small files) -----------------------


def check_file(batch: ImportBatch, *, area_codes: list[str] | None, progress: Any = None) -> None:
    """Validate the batch's file and keep the counts, the first errors and the error report."""
    validation = importing.validate_file(
        batch.file.path,
        column_map=batch.column_map,
        encoding=batch.encoding or None,
        area_codes=area_codes,
        progress=progress,
    )
    if ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CANCELLED).exists():
        return  # cancelled while a background check ran: its file is gone, keep nothing
    batch.area_codes = area_codes or []
    batch.total_rows = validation.total_rows
    batch.valid_rows = validation.valid_rows
    # At this stage: the valid rows an import would skip (imported before, or registered).
    batch.skipped_rows = validation.skipped_rows
    _keep_errors(batch, validation, error_rows=validation.error_rows)
    batch.status = ImportBatch.Status.PREVIEWED
    batch.message = ""
    batch.save()


def _keep_errors(batch: ImportBatch, validation: Validation, *, error_rows: int) -> None:
    errors = validation.errors
    batch.error_count = error_rows
    batch.errors_sample = [
        {"row": e.row, "column": e.column, "value": e.value, "reason": str(e.reason)}
        for e in errors[:ERRORS_KEPT]
    ]
    if batch.report:
        batch.report.delete(save=False)
    if len(errors):
        _save_report(batch, validation)


def _save_report(batch: ImportBatch, validation: Validation) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.xlsx"
        importing.write_error_report(batch.file.path, validation, out)
        with out.open("rb") as report:
            batch.report.save(f"{uuid.uuid4().hex}.xlsx", File(report), save=False)


def fail_check(batch: ImportBatch, exc: BaseException) -> None:
    """Record that a background check crashed (its cause is logged, never shown with data)."""
    _log_failure(batch, exc, "check")
    batch.refresh_from_db()
    batch.message = _failure_message(exc, MSG_CHECK_FAILED)
    batch.save(update_fields=["message", "updated_at"])


def import_batch(batch: ImportBatch, *, user: Any, progress: Any = None) -> None:
    """Write the valid rows of a confirmed batch (the body of the background task)."""
    area = area_prefixes(user)
    if area is not None and not area:
        raise PermissionDenied(_(services.MSG_NO_AREA))
    path = batch.file.path
    result = importing.import_file(
        path,
        column_map=batch.column_map,
        encoding=batch.encoding or None,
        user=user,
        batch=batch,
        area_codes=area,
        progress=progress,
    )
    batch.refresh_from_db()
    batch.total_rows = result.total_rows
    batch.valid_rows = result.valid_rows
    batch.created_households = result.created_households
    batch.created_people = result.created_people
    batch.skipped_rows = result.skipped_rows
    # The report is made from the file: before the file goes.
    info = services.inspect(batch)
    outcome = Validation(
        format=info.format,
        encoding=info.encoding,
        headers=info.headers,
        column_map=batch.column_map,
        total_rows=result.total_rows,
        valid_rows=result.valid_rows,
        error_rows=result.error_rows,
        errors=result.errors,
    )
    _keep_errors(batch, outcome, error_rows=result.error_rows)
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.message = _(MSG_IMPORT_DONE) % {
        "people": batch.created_people,
        "households": batch.created_households,
        "skipped": batch.skipped_rows,
        "errors": batch.error_count,
    }
    # The registry now holds the rows (national IDs encrypted): the plaintext file goes,
    # once the import is committed.
    services.delete_on_commit(batch.file)
    batch.file = None
    batch.save()


def fail_import(batch: ImportBatch, exc: BaseException) -> None:
    """Record that an import crashed; its transaction was rolled back, so nothing was written."""
    _log_failure(batch, exc, "import")
    batch.refresh_from_db()
    batch.status = ImportBatch.Status.FAILED
    batch.finished_at = timezone.now()
    batch.message = _failure_message(exc, MSG_IMPORT_FAILED)
    batch.save(update_fields=["status", "finished_at", "message", "updated_at"])
    if batch.job is not None:
        finish_job(batch.job, failed=True, message=batch.message)


def _failure_message(exc: BaseException, unexpected: str) -> str:
    # The engine's own refusals (an unreadable file, a lost permission) say what to do, and
    # never quote a national ID; anything else is named by its type only.
    if isinstance(exc, DomainError):
        return str(exc.message)[:500]
    return _(unexpected) % {"error": type(exc).__name__}


def _log_failure(batch: ImportBatch, exc: BaseException, stage: str) -> None:
    # The frames only, never the exception's text: it may quote a row of the file.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error(
        "Import batch %s: the %s failed with %s at\n%s", batch.pk, stage, type(exc).__name__, frames
    )
