"""The three steps of an import: inspect a file, validate it, import it.

A file is read in chunks (about 25,000 rows). The next chunk is read and checked (and its
national IDs encrypted) in a worker thread, or for a large file a process (preparing.py),
while this thread looks the current one up in the registry and writes it, so the two overlap
on two cores. Memory stays bounded by a few chunks whatever the size of the file.
"""

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import connection, transaction

from tambon.accounts.policy import area_prefixes
from tambon.core.errors import PermissionDenied
from tambon.registry.importing import bulkload, nid, preparing
from tambon.registry.importing.columns import check_column_map, missing_required, suggest_map
from tambon.registry.importing.errors import ERRORS_SCHEMA, ErrorList
from tambon.registry.importing.reading import (
    ROW,
    Source,
    column_name,
    iter_chunks,
    open_source,
)
from tambon.registry.importing.validate import FIELD_ORDER, OK, Checked, Checker
from tambon.registry.importing.write import (
    IMPORTED,
    NEW,
    REGISTERED,
    STATE,
    Registered,
    Writer,
)

Progress = Callable[[int, int], None]
SAMPLE_ROWS = 5
# SQLite's page cache during an import (KiB): most of the indexes being written stay in
# memory (the default 2 MB makes every insert read pages back). Bounded so that a million
# rows stay under 1 GB of memory in all; restored afterwards.
SQLITE_CACHE_KIB = 160 * 1024
# The key of PostgreSQL's advisory lock held by an import ("tambon-import" as a number).
ADVISORY_LOCK = 0x74616D626F6E


@dataclass
class FileInfo:
    """What a file holds, before any mapping: for the mapping page."""

    format: str
    encoding: str
    headers: list[str]
    suggested_map: dict[str, str]
    missing_required: list[str]
    sample_rows: list[dict[str, str]]


@dataclass
class Validation:
    """The outcome of checking every row of a file; nothing was written."""

    format: str
    encoding: str
    headers: list[str]
    column_map: dict[str, str]
    total_rows: int = 0
    valid_rows: int = 0
    error_rows: int = 0
    already_imported: int = 0
    already_in_registry: int = 0
    errors: ErrorList = field(
        default_factory=lambda: ErrorList(pl.DataFrame(schema=ERRORS_SCHEMA), {})
    )

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def skipped_rows(self) -> int:
        """Valid rows that an import would skip: imported before, or already registered."""
        return self.already_imported + self.already_in_registry

    @property
    def rows_to_import(self) -> int:
        return self.valid_rows - self.skipped_rows


@dataclass
class ImportResult:
    """The outcome of an import. `imported` is False when it was refused (errors and
    skip_invalid=False): then nothing was written."""

    format: str
    encoding: str
    headers: list[str]
    column_map: dict[str, str]
    total_rows: int
    valid_rows: int
    error_rows: int
    created_households: int
    created_people: int
    already_imported: int
    already_in_registry: int
    errors: ErrorList
    imported: bool = True

    @property
    def skipped_rows(self) -> int:
        return self.already_imported + self.already_in_registry

    @property
    def error_count(self) -> int:
        return len(self.errors)


def inspect_file(path: str | os.PathLike[str], *, encoding: str | None = None) -> FileInfo:
    """Format, encoding, headers, a suggested mapping and a few rows (IDs masked) of a file."""
    with open_source(path, encoding=encoding) as source:
        suggested = suggest_map(source.headers)
        return FileInfo(
            format=source.format,
            encoding=source.encoding,
            headers=source.headers,
            suggested_map=suggested,
            missing_required=missing_required(suggested),
            sample_rows=_sample(source, suggested.get("national_id")),
        )


def _sample(source: Source, id_header: str | None) -> list[dict[str, str]]:
    headers = source.headers
    indexes = range(len(headers))
    chunk = next(iter_chunks(source, columns=indexes, limit=SAMPLE_ROWS), None)
    if chunk is None:
        return []
    if id_header in headers:
        name = column_name(headers.index(id_header))
        chunk = chunk.with_columns(nid.masked(pl.col(name)).alias(name))
    first: dict[str, str] = {}
    for i, header in enumerate(headers):
        first.setdefault(header, column_name(i))
    return [
        {h: (row[c] or "") for h, c in first.items() if h}
        for row in chunk.select(list(first.values())).iter_rows(named=True)
    ]


class _Run:
    """Reads, checks and tallies one file; shared by validation and import."""

    def __init__(
        self,
        source: Source,
        column_map: dict[str, str],
        areas: Sequence[Sequence[str] | None],
    ) -> None:
        self.source = source
        self.column_map = check_column_map(column_map, source.headers)
        header_index: dict[str, int] = {}
        for i, header in enumerate(source.headers):
            header_index.setdefault(header, i)
        self.indexes = sorted({header_index[h] for h in self.column_map.values()})
        self.checker = Checker(column_map=self.column_map, header_index=header_index, areas=areas)
        self.in_registry = Registered()
        self.estimated_rows = source.estimated_rows()
        self.error_frames: list[pl.DataFrame] = []
        self.total = self.valid = self.error_rows = self.imported = self.registered = 0

    def chunks(self, progress: Progress | None, *, encrypt: bool = False) -> Iterator[pl.DataFrame]:
        """The valid rows not yet in the registry, chunk by chunk, with every row tallied.

        The next chunk is read and checked (and, to import it, its national IDs encrypted)
        without the database, in a thread or for a large file a process (preparing.py),
        while the caller writes the current one.
        """
        estimate = self.estimated_rows
        job = preparing.Job(
            source=self.source, columns=self.indexes, checker=self.checker, encrypt=encrypt
        )
        for checked in preparing.prepared(job, own_process=preparing.in_own_process(estimate)):
            yield self._tally(checked)
            if progress:
                progress(self.total, max(estimate, self.total))
        if progress:
            progress(self.total, self.total)

    def _tally(self, checked: Checked) -> pl.DataFrame:
        rows = checked.rows
        ok = rows.filter(pl.col(OK))
        self.total += rows.height
        self.valid += ok.height
        self.error_rows += rows.height - ok.height
        if checked.errors.height:
            self.error_frames.append(checked.errors)
        ok = self.in_registry.mark(ok)
        counts = dict(ok.group_by(STATE).len().iter_rows())
        self.imported += counts.get(IMPORTED, 0)
        self.registered += counts.get(REGISTERED, 0)
        return ok.filter(pl.col(STATE) == NEW).drop(STATE, OK)

    def errors(self) -> ErrorList:
        frame = (
            pl.concat(self.error_frames)
            if self.error_frames
            else pl.DataFrame(schema=ERRORS_SCHEMA)
        )
        frame = (
            frame.with_columns(
                pl.col("field")
                .replace_strict(FIELD_ORDER, default=len(FIELD_ORDER))
                .alias("__order")
            )
            .sort("row", "__order")
            .drop("__order")
        )
        return ErrorList(frame, self.column_map)


def validate_file(
    path: str | os.PathLike[str],
    *,
    column_map: dict[str, str],
    encoding: str | None = None,
    area_codes: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Validation:
    """Check every row of the file; writes nothing.

    `area_codes`: the DOPA codes rows must lie in (None: anywhere; []: nowhere), as
    tambon.accounts.policy.area_prefixes gives them for the importing user.
    """
    with open_source(path, encoding=encoding) as source:
        run = _Run(source, column_map, [area_codes])
        for _rows in run.chunks(progress):
            pass
        return Validation(
            format=source.format,
            encoding=source.encoding,
            headers=source.headers,
            column_map=run.column_map,
            total_rows=run.total,
            valid_rows=run.valid,
            error_rows=run.error_rows,
            already_imported=run.imported,
            already_in_registry=run.registered,
            errors=run.errors(),
        )


def import_file(
    path: str | os.PathLike[str],
    *,
    column_map: dict[str, str],
    encoding: str | None = None,
    user: Any,
    batch: Any = None,
    area_codes: Sequence[str] | None = None,
    progress: Progress | None = None,
    skip_invalid: bool = True,
) -> ImportResult:
    """Validate the file again and write its valid, new rows in one transaction.

    Rows with errors are not written (they are in the result). With `skip_invalid=False` one
    error refuses the whole file: nothing is written and `imported` is False. `user` None is
    the command line (no permission check, no area limit but `area_codes`); otherwise the
    user needs registry.import_people and rows must lie in their area and in `area_codes`.
    """
    areas: list[Sequence[str] | None] = [area_codes]
    if user is not None:
        if not user.has_perm("registry.import_people"):
            raise PermissionDenied()
        areas.append(area_prefixes(user))
    with open_source(path, encoding=encoding) as source, _fast_sqlite(), transaction.atomic():
        _one_import_at_a_time()
        _check_constraints_as_written(True)
        run = _Run(source, column_map, areas)
        writer = Writer(user=user, batch=batch, registered=run.in_registry)
        first_load = run.in_registry.preloaded and bulkload.worth_it(
            rows=run.estimated_rows, registered=run.in_registry.people
        )
        with bulkload.indexes_built_at_end(first_load):
            for rows in run.chunks(progress, encrypt=True):
                if skip_invalid or not run.error_frames:
                    writer.write(rows)
        refused = bool(run.error_frames) and not skip_invalid
        if refused:
            transaction.set_rollback(True)
        else:
            _check_constraints_as_written(False)
        return ImportResult(
            format=source.format,
            encoding=source.encoding,
            headers=source.headers,
            column_map=run.column_map,
            total_rows=run.total,
            valid_rows=run.valid,
            error_rows=run.error_rows,
            created_households=0 if refused else writer.created_households,
            created_people=0 if refused else writer.created_people,
            already_imported=run.imported,
            already_in_registry=run.registered,
            errors=run.errors(),
            imported=not refused,
        )


def _one_import_at_a_time() -> None:
    """Imports wait for each other (until the transaction ends) so that two imports of
    overlapping files never race for the same import keys. SQLite's write lock does this
    already; PostgreSQL takes a transaction-level advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _check_constraints_as_written(on: bool) -> None:
    """On PostgreSQL, check foreign keys as each COPY ends rather than all at the commit.

    Django declares them DEFERRABLE INITIALLY DEFERRED, so a million people would be checked
    at the commit, one after the other, with nothing else to do meanwhile; checked as they
    are written, the database checks one chunk while the worker thread prepares the next.
    The default is restored at the end (a failed import rolls the setting back with it).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if on else 'DEFERRED'}")


class _fast_sqlite:
    """A larger SQLite page cache for the duration of an import (no-op elsewhere)."""

    def __enter__(self) -> None:
        self.previous = None
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            self.previous = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")


__all__ = [
    "ROW",
    "FileInfo",
    "ImportResult",
    "Validation",
    "import_file",
    "inspect_file",
    "validate_file",
]
