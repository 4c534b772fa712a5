"""The import API, /api/v1/registry/imports/: upload a survey file, follow it, confirm, report.

The same rules as the pages: every route needs registry.import_people (403), a batch the
caller may not see is a 404, and only its uploader changes it. Nothing is written to the
registry before `confirm`.
"""

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import NotFound, PermissionDenied
from tambon.registry.api.import_schemas import ColumnMapIn, ImportBatchOut, ImportBatchSummaryOut
from tambon.registry.models import ImportBatch
from tambon.registry.selectors import imports as selectors
from tambon.registry.services import imports as services

router = Router(tags=["registry: imports"])

MSG_NO_REPORT = gettext_noop("This import has no report: no row had an error.")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _importer(request: HttpRequest) -> User:
    """The caller, who must be allowed to import people (403 otherwise)."""
    user = signed_in_user(request)
    if not user.has_perm("registry.import_people"):
        raise PermissionDenied()
    return user


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = selectors.batch_for(_importer(request), batch_id)
    if batch is None:
        raise NotFound()
    return batch


@router.get("/", response=list[ImportBatchSummaryOut], summary="List imports")
@paginate(Pagination)
def list_imports(request: HttpRequest) -> QuerySet[ImportBatch]:
    """The imports the caller may see, newest first: their own, and for national admins and
    provincial officers those of their area."""
    return selectors.batch_list(_importer(request))


@router.post(
    "/",
    response={201: ImportBatchOut, **ERRORS},
    summary="Upload a survey file",
)
def upload(
    request: HttpRequest,
    file: File[UploadedFile],
    encoding: Form[str] = "",
) -> Status[ImportBatch]:
    """Upload a CSV (UTF-8 or TIS-620) or XLSX file of people (multipart, field `file`; an
    optional field `encoding`, e.g. `cp874`, when detection reads the text wrongly).

    The answer has the suggested column map and, when every required field was found, the
    check's summary: counts and the first errors. A large file is checked in the background:
    follow `progress` with GET /imports/{id}. Nothing is written to the registry yet.
    """
    batch = services.start_import(upload=file, by=_importer(request), encoding=encoding)
    return Status(201, batch)


@router.get("/{batch_id}", response={200: ImportBatchOut, **ERRORS}, summary="Get an import")
def get_import(request: HttpRequest, batch_id: int) -> ImportBatch:
    """An import's status, column map, counts, first errors and progress."""
    return _batch(request, batch_id)


@router.put(
    "/{batch_id}/columns",
    response={200: ImportBatchOut, **ERRORS},
    summary="Set the column map of an import",
)
def set_columns(request: HttpRequest, batch_id: int, payload: ColumnMapIn) -> ImportBatch:
    """Say which column of the file holds each field; the file is then checked again."""
    batch = _batch(request, batch_id)
    return services.set_column_map(batch=batch, column_map=payload.column_map, by=request.user)


@router.post(
    "/{batch_id}/confirm",
    response={202: ImportBatchOut, **ERRORS},
    summary="Confirm an import",
)
def confirm(request: HttpRequest, batch_id: int) -> Status[ImportBatch]:
    """Import the checked file's valid rows in the background (rows with errors are left out);
    follow `progress` with GET /imports/{id} until the status is done or failed."""
    batch = services.confirm_import(batch=_batch(request, batch_id), by=request.user)
    return Status(202, batch)


@router.post(
    "/{batch_id}/cancel",
    response={200: ImportBatchOut, **ERRORS},
    summary="Cancel an import",
)
def cancel(request: HttpRequest, batch_id: int) -> ImportBatch:
    """Drop an import that has not run: its stored file is deleted, nothing is written."""
    return services.cancel_import(batch=_batch(request, batch_id), by=request.user)


@router.get(
    "/{batch_id}/report",
    response={200: None, **ERRORS},
    summary="Download the error report of an import",
    url_name="registry_import_report",
)
def report(request: HttpRequest, batch_id: int) -> FileResponse:
    """The rows with errors as XLSX: the file's columns plus the reason of each error."""
    batch = _batch(request, batch_id)
    if not batch.report or not batch.report.storage.exists(batch.report.name):
        raise NotFound(_(MSG_NO_REPORT))
    record_access(
        user=request.user,
        obj=batch,
        request=request,
        action=AccessLog.Action.EXPORT,
        description=_("Error report of the import %(name)s") % {"name": batch.original_name},
    )
    stem = batch.original_name.rsplit(".", 1)[0] or "import"
    return FileResponse(
        batch.report.open("rb"),
        as_attachment=True,
        filename=f"{stem}-errors.xlsx",
        content_type=XLSX_TYPE,
    )
