"""Reading survey files in chunks: CSV (UTF-8, or TIS-620/cp874 as Thai offices write them)
and XLSX (streamed with openpyxl's read-only mode).

Every chunk is a Polars frame of strings, one column per file column ("c0", "c1", ...) plus
"__row", the row number as the user counts it in the file (the header is row 1). Blank cells
are null; rows blank in every column that is read are dropped.
"""

import codecs
import csv
import datetime as dt
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import ValidationError

CHUNK_ROWS = 25_000  # rows per chunk of a spreadsheet
BLOCK_BYTES = 6 << 20  # bytes per chunk of a CSV (about 25,000 survey rows)
ROW = "__row"
FIRST_DATA_ROW = 2
CSV, XLSX = "csv", "xlsx"
UTF8, CP874 = "utf-8", "cp874"
_BLOCK = 1 << 20
# The encoding is detected on the first bytes; a later stray byte stops the reading with
# MSG_BAD_TEXT (Polars checks UTF-8 as it parses, the codec checks the others).
_SAMPLE = 4 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_SEPARATORS = (",", ";", "\t", "|")

MSG_EMPTY = gettext_noop("The file is empty.")
MSG_NO_HEADER = gettext_noop("The first row of the file must hold the column names.")
MSG_OLD_EXCEL = gettext_noop(
    "This is an old Excel file (.xls): save it as .xlsx or as CSV and upload it again."
)
MSG_NOT_A_SHEET = gettext_noop("The file could not be read as an Excel workbook (.xlsx).")
MSG_ENCODING = gettext_noop(
    "The file is neither UTF-8 nor TIS-620 (Thai Windows) text: save it as CSV UTF-8 and "
    "upload it again."
)
MSG_BAD_ENCODING = gettext_noop("The file cannot be read as {encoding} text.")
MSG_UNKNOWN_ENCODING = gettext_noop("Unknown text encoding “{encoding}”.")
MSG_BAD_TEXT = gettext_noop(
    "From row {row} on, the file cannot be read as {encoding} text: save it again as CSV "
    "UTF-8 (or choose its encoding) and upload it again."
)
MSG_BAD_CSV = gettext_noop("The CSV file could not be read: check its quotes and separators.")


@dataclass
class Source:
    """A file opened for reading: its format, encoding and headers."""

    path: Path
    format: str
    encoding: str
    headers: list[str]
    separator: str = ","

    def estimated_rows(self) -> int:
        """About how many data rows the file has (for progress bars)."""
        if self.format == XLSX:
            return _xlsx_row_count(self.path)
        newlines = 0
        with open(self.path, "rb") as handle:
            while block := handle.read(_BLOCK):
                newlines += block.count(b"\n")
        return max(newlines - 1, 1)  # the header

    def close(self) -> None:
        """Nothing to release today; kept so callers need not know the format."""


@contextmanager
def open_source(path: str | os.PathLike[str], *, encoding: str | None = None) -> Iterator[Source]:
    """The file at `path`, with its format and encoding detected (or the encoding given)."""
    source = _open(Path(path), encoding)
    try:
        yield source
    finally:
        source.close()


def _open(path: Path, encoding: str | None) -> Source:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise ValidationError(_(MSG_EMPTY), field="file")
    if head.startswith(_OLE_MAGIC):
        raise ValidationError(_(MSG_OLD_EXCEL), field="file")
    if head.startswith(_ZIP_MAGIC):
        return Source(path=path, format=XLSX, encoding="", headers=_xlsx_headers(path))
    encoding = _checked_encoding(path, encoding)
    headers, separator = _csv_headers(path, encoding)
    return Source(path=path, format=CSV, encoding=encoding, headers=headers, separator=separator)


def _checked_encoding(path: Path, encoding: str | None) -> str:
    """The encoding given (checked to decode the whole file), or the one detected."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise ValidationError(
                _(MSG_UNKNOWN_ENCODING).format(encoding=encoding), field="encoding"
            ) from None
        name = UTF8 if name in ("utf-8", "utf-8-sig") else name
        if not _decodes(path, "utf-8-sig" if name == UTF8 else name):
            raise ValidationError(_(MSG_BAD_ENCODING).format(encoding=encoding), field="encoding")
        return name
    # UTF-8 is strict enough that a Thai Windows file never passes for it; cp874 then reads
    # TIS-620 and its Windows extensions.
    for candidate, codec in ((UTF8, "utf-8-sig"), (CP874, CP874)):
        if _decodes(path, codec):
            return candidate
    raise ValidationError(_(MSG_ENCODING), field="encoding")


def _decodes(path: Path, codec: str) -> bool:
    """Whether the start of the file is text in `codec` (the rest is checked as it is read)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE)
        complete = not handle.read(1)
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _csv_headers(path: Path, encoding: str) -> tuple[list[str], str]:
    codec = "utf-8-sig" if encoding == UTF8 else encoding
    with open(path, encoding=codec, newline="") as handle:
        sample = handle.read(64 * 1024)
    first_line = sample.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=first_line.count)
    try:
        header = next(csv.reader(io.StringIO(sample), delimiter=separator), [])
    except csv.Error:
        raise ValidationError(_(MSG_BAD_CSV), field="file") from None
    headers = _clean_headers(header)
    if not any(headers):
        raise ValidationError(_(MSG_NO_HEADER), field="file")
    return headers, separator


def _clean_headers(values: Sequence[object]) -> list[str]:
    headers = [" ".join(str(v).split()) if v is not None else "" for v in values]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def column_name(index: int) -> str:
    return f"c{index}"


def iter_chunks(
    source: Source,
    *,
    columns: Sequence[int],
    chunk_rows: int = CHUNK_ROWS,
    block_bytes: int = BLOCK_BYTES,
    limit: int | None = None,
) -> Iterator[pl.DataFrame]:
    """The rows of the file in frames of up to `chunk_rows` (a spreadsheet) or `block_bytes`
    (a CSV), with the columns at `columns` (the first `limit` rows only, if given)."""
    indexes = sorted(set(columns))
    names = [column_name(i) for i in indexes]
    chunks = (
        _csv_chunks(source, names, block_bytes, limit)
        if source.format == CSV
        else _xlsx_chunks(source, indexes, chunk_rows, limit)
    )
    for chunk in chunks:
        chunk = chunk.with_columns(pl.col(names).str.strip_chars().replace("", None))
        chunk = chunk.filter(pl.any_horizontal(pl.col(names).is_not_null()))
        if chunk.height:
            yield chunk


def _csv_chunks(
    source: Source, names: list[str], block_bytes: int, limit: int | None
) -> Iterator[pl.DataFrame]:
    """Frames of the file read a block of bytes at a time, cut after the last complete record.

    Polars parses each block (in UTF-8: other encodings are converted block by block). A
    block starts on a record boundary, so a newline ends a record where the quotes before it
    are balanced; a quoted newline inside a cell is never a cut. Each block is given a header
    line of the file's width, so that short rows read as blanks.
    """
    header = source.separator.join(column_name(i) for i in range(len(source.headers)))
    header_bytes = (header + "\n").encode()
    decoder = (
        None
        if source.encoding == UTF8
        else codecs.getincrementaldecoder(source.encoding)(errors="strict")
    )
    row = FIRST_DATA_ROW
    rest = b""
    first = True
    with open(source.path, "rb") as handle:
        while True:
            block = handle.read(block_bytes)
            if decoder is not None:
                try:
                    block = decoder.decode(block, final=not block).encode("utf-8")
                except UnicodeDecodeError:
                    raise _bad_text(source, row) from None
            data = rest + block
            if first:
                cut = _record_end(data, 0)
                if cut < 0 and block:
                    rest = data
                    continue
                data, first = data[cut:] if cut >= 0 else b"", False
            cut = len(data) if not block else _record_end(data, len(data))
            if cut < 0:
                rest = data
                continue
            piece, rest = data[:cut], data[cut:]
            if piece.strip():
                frame = _parse_block(header_bytes + piece, source, names, row)
                if limit is not None and row - FIRST_DATA_ROW + frame.height >= limit:
                    yield frame.head(limit - (row - FIRST_DATA_ROW))
                    return
                row += frame.height
                yield frame
            if not block:
                return


def _bad_text(source: Source, row: int) -> ValidationError:
    name = "UTF-8" if source.encoding == UTF8 else source.encoding
    return ValidationError(_(MSG_BAD_TEXT).format(row=row, encoding=name), field="encoding")


def _record_end(data: bytes, search_from: int) -> int:
    """The index just after the newline ending the last complete record before
    `search_from` (the first record if `search_from` is 0), or -1."""
    if search_from == 0:
        position = data.find(b"\n")
        while position >= 0 and data.count(b'"', 0, position) % 2:
            position = data.find(b"\n", position + 1)
        return position + 1 if position >= 0 else -1
    position = data.rfind(b"\n", 0, search_from)
    while position >= 0 and data.count(b'"', 0, position) % 2:
        position = data.rfind(b"\n", 0, position)
    return position + 1 if position >= 0 else -1


def _parse_block(data: bytes, source: Source, names: list[str], first_row: int) -> pl.DataFrame:
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=source.separator,
            infer_schema=False,
            columns=names,
            truncate_ragged_lines=True,
            quote_char='"',
        )
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc).lower():
            raise _bad_text(source, first_row) from None
        raise ValidationError(_(MSG_BAD_CSV), field="file") from None
    except pl.exceptions.PolarsError:
        raise ValidationError(_(MSG_BAD_CSV), field="file") from None
    return frame.with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))


# --- XLSX -------------------------------------------------------------------------------


def _workbook(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ValidationError(_(MSG_NOT_A_SHEET), field="file") from None


def _xlsx_headers(path: Path) -> list[str]:
    workbook = _workbook(path)
    try:
        sheet = workbook.worksheets[0]
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    finally:
        workbook.close()
    headers = _clean_headers([cell_text(v) for v in first])
    if not any(headers):
        raise ValidationError(_(MSG_NO_HEADER), field="file")
    return headers


def _xlsx_row_count(path: Path) -> int:
    workbook = _workbook(path)
    try:
        return max((workbook.worksheets[0].max_row or 1) - 1, 1)
    finally:
        workbook.close()


def cell_text(value: object) -> str | None:
    """The text of a spreadsheet cell as the user sees it (numbers without ".0")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def _xlsx_chunks(
    source: Source, columns: list[int], chunk_rows: int, limit: int | None
) -> Iterator[pl.DataFrame]:
    workbook = _workbook(source.path)
    schema = {ROW: pl.Int64, **{column_name(i): pl.String for i in columns}}
    try:
        sheet = workbook.worksheets[0]
        buffer: dict[str, list[object]] = {name: [] for name in schema}
        last = FIRST_DATA_ROW + limit - 1 if limit else None
        rows = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=last, values_only=True)
        for number, row in enumerate(rows, start=FIRST_DATA_ROW):
            buffer[ROW].append(number)
            for i in columns:
                buffer[column_name(i)].append(cell_text(row[i]) if i < len(row) else None)
            if len(buffer[ROW]) >= chunk_rows:
                yield pl.DataFrame(buffer, schema=schema)
                buffer = {name: [] for name in schema}
        if buffer[ROW]:
            yield pl.DataFrame(buffer, schema=schema)
    finally:
        workbook.close()
