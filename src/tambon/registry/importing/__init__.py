"""Bulk import of household and person surveys (CSV or XLSX): inspect, validate, import.

    info = inspect_file(path)                      # headers, suggested mapping, sample rows
    checked = validate_file(path, column_map=info.suggested_map, area_codes=["500101"])
    write_error_report(path, checked, "errors.xlsx")
    result = import_file(path, column_map=..., user=officer, batch=batch, progress=report)

Nothing is written before import_file, which writes every valid new row in one transaction
(a crash leaves nothing); importing the same file again creates nothing (import keys, see
keys.py); people whose national ID is registered already are skipped. Rows are written in
bulk (COPY on PostgreSQL, executemany on SQLite), so no per-row save(), no signals and no
per-row change history: the import batch (ImportBatch) is the record of who imported what.
One import runs at a time (SQLite's write lock; an advisory lock on PostgreSQL).

Detail: reading.py (files), columns.py (FIELDS and header mapping), geocode.py (addresses),
values.py, dates.py and nid.py (cell rules), validate.py (row checks), keys.py (import
keys), errors.py (the error list), write.py (bulk writes), report.py (the XLSX report),
engine.py (the three steps and the pipeline between them).
"""

from tambon.registry.importing.columns import FIELDS, Field, missing_required, suggest_map
from tambon.registry.importing.engine import (
    FileInfo,
    ImportResult,
    Validation,
    import_file,
    inspect_file,
    validate_file,
)
from tambon.registry.importing.errors import ErrorList, RowError
from tambon.registry.importing.report import write_error_report

__all__ = [
    "FIELDS",
    "ErrorList",
    "Field",
    "FileInfo",
    "ImportResult",
    "RowError",
    "Validation",
    "import_file",
    "inspect_file",
    "missing_required",
    "suggest_map",
    "validate_file",
    "write_error_report",
]
