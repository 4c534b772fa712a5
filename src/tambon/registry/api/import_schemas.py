"""Shapes of the import API: a batch with its column map, counts, first errors and progress."""

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from tambon.registry.models import ImportBatch
from tambon.registry.selectors import imports as selectors
from tambon.registry.services import imports as services

# The first errors in a batch's answer; the XLSX report (GET …/report) has them all.
ERRORS_IN_ANSWER = 100


class ImportErrorOut(Schema):
    row: int = Field(..., description="The row as counted in the file: the header is row 1.")
    column: str = Field(..., description="The column's header in the file.")
    value: str = Field(..., description="The value (a national ID is masked).")
    reason: str


class ImportProgressOut(Schema):
    kind: str = Field(..., description="check (a large file being checked) or import.")
    status: str = Field(..., examples=["running"], description="queued, running, done, failed.")
    done: int
    total: int
    percent: int


class ImportBatchSummaryOut(Schema):
    id: int
    original_name: str
    file_format: str = Field(..., examples=["csv"])
    status: str = Field(
        ...,
        examples=["previewed"],
        description="uploaded → previewed → running → done, or failed / cancelled.",
    )
    status_label: str
    total_rows: int
    valid_rows: int
    error_count: int = Field(..., description="Rows with at least one error.")
    created_households: int
    created_people: int
    skipped_rows: int = Field(..., description="Rows already in the registry, not added again.")
    imported_by: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: ImportBatch) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_imported_by(obj: ImportBatch) -> str | None:
        return obj.imported_by.get_username() if obj.imported_by else None


class ImportBatchOut(ImportBatchSummaryOut):
    encoding: str
    column_map: dict[str, str] = Field(
        ...,
        description="Our field name → the file's column header.",
        examples=[{"first_name": "ชื่อ"}],
    )
    missing_required: list[str] = Field(
        ..., description="Required fields without a column: set them with PUT …/columns."
    )
    errors: list[ImportErrorOut] = Field(
        ..., description=f"The first {ERRORS_IN_ANSWER} errors of the last check or import."
    )
    report_url: str | None = Field(None, description="The XLSX of the rows with errors.")
    earlier_import_id: int | None = Field(
        None, description="Your finished import of a file with the same content, if any."
    )
    earlier_import_at: dt.datetime | None = None
    progress: ImportProgressOut | None = None
    message: str

    @staticmethod
    def resolve_missing_required(obj: ImportBatch) -> list[str]:
        if obj.status in (ImportBatch.Status.DONE, ImportBatch.Status.CANCELLED):
            return []
        return services.missing_required(obj.column_map)

    @staticmethod
    def resolve_errors(obj: ImportBatch) -> list[dict[str, object]]:
        return selectors.error_rows(obj)[:ERRORS_IN_ANSWER]

    @staticmethod
    def resolve_report_url(obj: ImportBatch) -> str | None:
        if not obj.report:
            return None
        return reverse("api-1:registry_import_report", kwargs={"batch_id": obj.pk})

    @staticmethod
    def resolve_earlier_import_id(obj: ImportBatch) -> int | None:
        earlier = selectors.earlier_import(obj)
        return earlier.pk if earlier else None

    @staticmethod
    def resolve_earlier_import_at(obj: ImportBatch) -> dt.datetime | None:
        earlier = selectors.earlier_import(obj)
        return (earlier.finished_at or earlier.created_at) if earlier else None

    @staticmethod
    def resolve_progress(obj: ImportBatch) -> ImportProgressOut | None:
        job = obj.job
        if job is None:
            return None
        kind = "check" if job.kind == services.JOB_CHECK else "import"
        return ImportProgressOut(
            kind=kind, status=job.status, done=job.done, total=job.total, percent=job.percent
        )


class ColumnMapIn(Schema):
    column_map: dict[str, str] = Field(
        ...,
        description="Our field name → the file's column header; fields left out have no column.",
        examples=[{"first_name": "ชื่อ", "last_name": "นามสกุล", "subdistrict": "ตำบล"}],
    )
