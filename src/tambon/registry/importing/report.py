"""The error report: an XLSX with the rows that have errors (their original columns and an
error column) and a sheet listing each error with its row, column, value and reason.

National IDs are masked in both sheets, even when valid: the report is downloaded, mailed and
printed.
"""

import os
from typing import IO, TYPE_CHECKING, Any

import polars as pl
import xlsxwriter
from django.utils.translation import gettext as _

from tambon.registry.importing import nid
from tambon.registry.importing.reading import ROW, column_name, iter_chunks, open_source

if TYPE_CHECKING:
    from tambon.registry.importing.engine import Validation

# Excel's last row; the header takes one.
MAX_ROWS = 1_048_575


def write_error_report(
    path: str | os.PathLike[str], validation: "Validation", out: str | os.PathLike[str] | IO[bytes]
) -> None:
    """Write the error report of `validation` (made from the file at `path`) to `out`."""
    target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#F2DEDE"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        _rows_sheet(workbook, path, validation, bold, wrap)
        _errors_sheet(workbook, validation, bold)
    finally:
        workbook.close()


def _rows_sheet(
    workbook: Any, path: str | os.PathLike[str], validation: "Validation", bold: Any, wrap: Any
) -> None:
    sheet = workbook.add_worksheet(_("Rows with errors")[:31])
    headers = validation.headers
    sheet.write_row(0, 0, [_("Row"), *headers, _("Errors")], bold)
    sheet.set_column(len(headers) + 1, len(headers) + 1, 60)
    sheet.freeze_panes(1, 1)
    errors = validation.errors.frame
    if not errors.height:
        return
    reasons = (
        errors.with_columns(
            pl.col("field")
            .replace_strict(validation.column_map, default=pl.col("field"), return_dtype=pl.String)
            .alias("header")
        )
        .group_by("row")
        .agg(
            pl.concat_str(
                pl.when(pl.col("header") != "")
                .then(pl.col("header") + pl.lit(": "))
                .otherwise(pl.lit("")),
                pl.col("reason"),
            )
            .str.join("\n")
            .alias("errors")
        )
        .rename({"row": ROW})
    )
    id_header = validation.column_map.get("national_id")
    id_index = headers.index(id_header) if id_header in headers else None
    line = 1
    with open_source(path, encoding=validation.encoding or None) as source:
        for chunk in iter_chunks(source, columns=range(len(headers))):
            bad = chunk.join(reasons, on=ROW, how="inner", maintain_order="left")
            if id_index is not None:
                name = column_name(id_index)
                bad = bad.with_columns(nid.masked(pl.col(name)).alias(name))
            for record in bad.select(
                ROW, *[column_name(i) for i in range(len(headers))], "errors"
            ).iter_rows():
                if line > MAX_ROWS:
                    return
                sheet.write_row(line, 0, record[:-1])
                sheet.write(line, len(record) - 1, record[-1], wrap)
                line += 1


def _errors_sheet(workbook: Any, validation: "Validation", bold: Any) -> None:
    sheet = workbook.add_worksheet(_("Errors")[:31])
    sheet.write_row(0, 0, [_("Row"), _("Column"), _("Value"), _("Reason")], bold)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 3, 80)
    for line, error in enumerate(validation.errors, start=1):
        if line > MAX_ROWS:
            break
        sheet.write_row(line, 0, (error.row, error.column, error.value, error.reason))
