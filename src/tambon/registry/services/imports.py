"""Bulk imports of household and person surveys: upload → column map → preview → confirm.

The engine (registry.importing) reads, checks and writes the rows; these services keep the
batch (its stored file, column map, counts and report), check who may act on it, and hand the
long work to background tasks (registry.tasks.imports, which also holds the bodies of the
check and the import). Nothing reaches the registry before `confirm_import`.
"""

import datetime as dt
import hashlib
import uuid
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.policy import area_prefixes
from tambon.core.errors import Conflict, DomainError, PermissionDenied, ValidationError
from tambon.core.jobs import Job, start_job
from tambon.registry import importing
from tambon.registry.importing import columns
from tambon.registry.importing.columns import Field
from tambon.registry.importing.engine import FileInfo
from tambon.registry.models import ImportBatch

PERM = "registry.import_people"
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
# Files up to this size are checked while the user waits; larger ones in the background.
INLINE_CHECK_BYTES = 512 * 1024
JOB_CHECK = "registry.import.check"
JOB_IMPORT = "registry.import"
_XLSX_MAGIC = b"PK\x03\x04"

MSG_NO_FILE = gettext_noop("Choose a file to upload.")
MSG_EMPTY = gettext_noop("The file is empty.")
MSG_TOO_LARGE = gettext_noop("The file is too large: %(size)s; at most %(limit)s can be imported.")
MSG_FORMAT = gettext_noop(
    "“%(name)s” is not a file that can be imported: upload a CSV file (.csv) or an Excel "
    "workbook (.xlsx)."
)
MSG_NOT_XLSX = gettext_noop(
    "The file is named .xlsx but is not an Excel workbook: save it again from Excel as "
    "“Excel Workbook (.xlsx)” or as CSV."
)
MSG_BINARY_CSV = gettext_noop(
    "The file is named .csv but is not text: save it again as “CSV (comma delimited)”."
)
MSG_UTF16 = gettext_noop(
    "The file is UTF-16 text (Excel's “Unicode Text”): save it as “CSV UTF-8 (comma "
    "delimited)” and upload it again."
)
MSG_UNREADABLE = gettext_noop("The file could not be read (%(reason)s).")
MSG_NO_AREA = gettext_noop("You have no area assigned, so you cannot import people.")
MSG_NOT_YOURS = gettext_noop("Only the person who uploaded this file can do this.")
MSG_NOT_EDITABLE = gettext_noop("This import is %(status)s: it can no longer be changed.")
MSG_CHECK_RUNNING = gettext_noop("The file is still being checked: wait until the check ends.")
MSG_HEADER_TWICE = gettext_noop(
    "The column “%(header)s” is chosen for more than one field: each column fills one field."
)
MSG_NOT_CHECKED = gettext_noop("Check the file before importing it.")
MSG_NOTHING_VALID = gettext_noop("No row of the file is valid: there is nothing to import.")
MSG_ALREADY_CONFIRMED = gettext_noop("This import has already been confirmed.")
MSG_CANNOT_CANCEL = gettext_noop("This import is %(status)s: it cannot be cancelled.")
MSG_CHECK_TITLE = gettext_noop("Checking %(name)s")
MSG_IMPORT_TITLE = gettext_noop("Importing %(name)s")

EDITABLE = (ImportBatch.Status.UPLOADED, ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED)
CANCELLABLE = EDITABLE


# --- who may act ---------------------------------------------------------------------------


def _area_of(by: Any) -> list[str] | None:
    """The area the user may import into (None: everywhere); refused without an area."""
    if not by.has_perm(PERM):
        raise PermissionDenied()
    prefixes = area_prefixes(by)
    if prefixes is not None and not prefixes:
        raise PermissionDenied(_(MSG_NO_AREA))
    return prefixes


def _require_uploader(batch: ImportBatch, by: Any) -> None:
    _area_of(by)
    if batch.imported_by_id != by.pk:
        raise PermissionDenied(_(MSG_NOT_YOURS))


def can_act(batch: ImportBatch, user: Any) -> bool:
    """Whether `user` may change the mapping of, check and confirm `batch` (its uploader)."""
    return bool(user.has_perm(PERM) and batch.imported_by_id == user.pk)


def can_cancel(batch: ImportBatch, user: Any) -> bool:
    """The uploader, or a national admin clearing a stale upload, may cancel an unfinished one."""
    if batch.status not in CANCELLABLE or not user.has_perm(PERM):
        return False
    return bool(batch.imported_by_id == user.pk or user.is_national_admin)


def _require_editable(batch: ImportBatch) -> None:
    if batch.status not in EDITABLE:
        raise Conflict(_(MSG_NOT_EDITABLE) % {"status": batch.get_status_display()})
    if batch.status == ImportBatch.Status.UPLOADED and checking(batch):
        raise Conflict(_(MSG_CHECK_RUNNING))


def checking(batch: ImportBatch) -> bool:
    """Whether a background check of the batch is queued or running."""
    job = batch.job
    return bool(
        job is not None
        and job.kind == JOB_CHECK
        and not job.is_finished
        and batch.status == ImportBatch.Status.UPLOADED
    )


# --- upload --------------------------------------------------------------------------------


def _format_of(upload: UploadedFile) -> str:
    name = upload.name or ""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_(MSG_EMPTY), field="file")
    limit = settings.TAMBON_IMPORT_MAX_BYTES
    if upload.size > limit:
        sizes = {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        raise ValidationError(_(MSG_TOO_LARGE) % sizes, field="file")
    file_format = FORMATS.get(Path(name).suffix.lower())
    if file_format is None:
        raise ValidationError(_(MSG_FORMAT) % {"name": Path(name).name}, field="file")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if file_format == "xlsx" and not head.startswith(_XLSX_MAGIC):
        raise ValidationError(_(MSG_NOT_XLSX), field="file")
    if file_format == "csv" and head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(_(MSG_UTF16), field="file")
    if file_format == "csv" and (b"\x00" in head or head.startswith(_XLSX_MAGIC)):
        raise ValidationError(_(MSG_BINARY_CSV), field="file")
    return file_format


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def inspect(batch: ImportBatch) -> FileInfo:
    """What the engine sees in the batch's file: headers, suggested map, sample rows."""
    try:
        return importing.inspect_file(batch.file.path, encoding=batch.encoding or None)
    except DomainError as exc:
        raise ValidationError(exc.message, field="file") from None
    except (UnicodeError, ValueError, OSError) as exc:
        reason = type(exc).__name__
        raise ValidationError(_(MSG_UNREADABLE) % {"reason": reason}, field="file") from None


def start_import(*, upload: UploadedFile | None, by: Any, encoding: str = "") -> ImportBatch:
    """Store an uploaded survey file as a new batch with the engine's suggested column map.

    `encoding`: the CSV's text encoding as the user chose it ("": detect).

    A file whose every required field is found is checked at once (see `preview_import`);
    otherwise the batch waits for its column map.
    """
    area = _area_of(by)
    if upload is None:
        raise ValidationError(_(MSG_NO_FILE), field="file")
    file_format = _format_of(upload)
    batch = ImportBatch(
        original_name=Path(upload.name or "").name[:255],
        sha256=_sha256(upload),
        file_format=file_format,
        encoding=encoding if file_format == "csv" else "",
        area_codes=area or [],
        imported_by=by,
        created_by=by,
        updated_by=by,
    )
    # The stored name is random: the original one may name the people in it.
    batch.file.save(f"{uuid.uuid4().hex}.{file_format}", upload, save=False)
    try:
        with transaction.atomic():
            info = inspect(batch)
            batch.encoding = info.encoding or ""
            batch.column_map = dict(info.suggested_map)
            batch.save()
            if not info.missing_required:
                _check(batch, by=by)
    except BaseException:
        batch.file.delete(save=False)
        raise
    return batch


# --- column map ----------------------------------------------------------------------------


def field_specs() -> list[Field]:
    """The importable fields, in the engine's order."""
    return list(columns.FIELDS)


def missing_required(column_map: dict[str, str]) -> list[str]:
    """The required fields (names) that `column_map` leaves without a column."""
    return columns.missing_required(column_map)


def _clean_map(column_map: dict[str, str], headers: list[str]) -> dict[str, str]:
    cleaned = columns.check_column_map(column_map, headers)
    used: set[str] = set()
    for field, header in cleaned.items():
        if header in used:
            raise ValidationError(_(MSG_HEADER_TWICE) % {"header": header}, field=field)
        used.add(header)
    return cleaned


@transaction.atomic
def set_column_map(*, batch: ImportBatch, column_map: dict[str, str], by: Any) -> ImportBatch:
    """Say which column of the file holds each field, then check the file again."""
    _require_uploader(batch, by)
    _require_editable(batch)
    info = inspect(batch)
    batch.column_map = _clean_map(column_map, list(info.headers))
    _reset_check(batch)
    batch.updated_by = by
    batch.save()
    _check(batch, by=by)
    return batch


# --- check (preview) -----------------------------------------------------------------------


def _reset_check(batch: ImportBatch) -> None:
    batch.status = ImportBatch.Status.UPLOADED
    batch.total_rows = batch.valid_rows = batch.error_count = batch.skipped_rows = 0
    batch.errors_sample = []
    batch.message = ""
    if batch.report:
        batch.report.delete(save=False)


@transaction.atomic
def preview_import(*, batch: ImportBatch, by: Any) -> ImportBatch:
    """Check every row of the file with the current column map; writes nothing to the registry.

    A small file is checked at once; a large one by a background task whose progress the
    preview page shows.
    """
    _require_uploader(batch, by)
    _require_editable(batch)
    _reset_check(batch)
    batch.updated_by = by
    batch.save()
    _check(batch, by=by)
    return batch


def _check(batch: ImportBatch, *, by: Any) -> None:
    # The tasks module imports this one: import it when needed, not at load time.
    from tambon.registry.tasks.imports import check_file, check_import

    if batch.file.size <= INLINE_CHECK_BYTES:
        check_file(batch, area_codes=area_prefixes(by))
        return
    title = _(MSG_CHECK_TITLE) % {"name": batch.original_name}
    batch.job = start_job(kind=JOB_CHECK, title=title[:200], user=by, total=0)
    batch.save(update_fields=["job", "updated_at"])
    check_import.enqueue(batch.pk)


# --- confirm and import --------------------------------------------------------------------


@transaction.atomic
def confirm_import(*, batch: ImportBatch, by: Any) -> ImportBatch:
    """Queue the import of the checked file's valid rows; rows with errors are left out."""
    _require_uploader(batch, by)
    if batch.status != ImportBatch.Status.PREVIEWED:
        if batch.status in (ImportBatch.Status.RUNNING, ImportBatch.Status.DONE):
            raise Conflict(_(MSG_ALREADY_CONFIRMED))
        if batch.status == ImportBatch.Status.CANCELLED:
            raise Conflict(_(MSG_NOT_EDITABLE) % {"status": batch.get_status_display()})
        raise ValidationError(_(MSG_NOT_CHECKED))
    if not batch.valid_rows:
        raise ValidationError(_(MSG_NOTHING_VALID))
    # Compare-and-set: a second click (or a second tab) finds the batch already running.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.RUNNING
    )
    if not claimed:
        raise Conflict(_(MSG_ALREADY_CONFIRMED))
    from tambon.registry.tasks.imports import run_import

    title = _(MSG_IMPORT_TITLE) % {"name": batch.original_name}
    batch.status = ImportBatch.Status.RUNNING
    batch.job = start_job(kind=JOB_IMPORT, title=title[:200], user=by, total=batch.total_rows)
    batch.message = ""
    batch.updated_by = by
    batch.save(update_fields=["status", "job", "message", "updated_by", "updated_at"])
    run_import.enqueue(batch.pk)
    return batch


def delete_on_commit(*files: Any) -> None:
    """Delete stored files once the transaction that forgets them is committed."""
    for stored in files:
        if stored:
            transaction.on_commit(partial(stored.storage.delete, stored.name))


# --- cancel --------------------------------------------------------------------------------


@transaction.atomic
def cancel_import(*, batch: ImportBatch, by: Any) -> ImportBatch:
    """Drop an unfinished import: its stored file and report are deleted, nothing is written."""
    if not by.has_perm(PERM):
        raise PermissionDenied()
    if batch.imported_by_id != by.pk and not by.is_national_admin:
        raise PermissionDenied(_(MSG_NOT_YOURS))
    if batch.status not in CANCELLABLE:
        raise Conflict(_(MSG_CANNOT_CANCEL) % {"status": batch.get_status_display()})
    return _drop(batch, by=by)


def _drop(batch: ImportBatch, *, by: Any) -> ImportBatch:
    # Claim the batch first: a confirm racing with the cancel finds it gone.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status__in=CANCELLABLE).update(
        status=ImportBatch.Status.CANCELLED
    )
    if not claimed:
        batch.refresh_from_db()
        raise Conflict(_(MSG_CANNOT_CANCEL) % {"status": batch.get_status_display()})
    if batch.job is not None and not batch.job.is_finished:
        Job.objects.filter(pk=batch.job.pk).update(status=Job.Status.FAILED)
    delete_on_commit(batch.file, batch.report)
    batch.file = batch.report = None
    batch.status = ImportBatch.Status.CANCELLED
    batch.errors_sample = []
    batch.finished_at = timezone.now()
    batch.updated_by = by
    batch.save()
    return batch


@transaction.atomic
def expire_stale_imports(*, older_than: dt.timedelta) -> int:
    """Cancel uploads left unconfirmed for longer than `older_than`; their files hold plain IDs.

    Run daily (`tambon imports expire`); returns how many were cancelled.
    """
    cutoff = timezone.now() - older_than
    stale = ImportBatch.objects.filter(status__in=CANCELLABLE, updated_at__lt=cutoff)
    dropped = 0
    for batch in stale.select_related("job").order_by("pk"):
        try:
            _drop(batch, by=None)
        except Conflict:
            continue  # confirmed or cancelled meanwhile
        dropped += 1
    return dropped
