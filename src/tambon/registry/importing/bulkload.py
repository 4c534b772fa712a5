"""A first load of a large file builds the registry tables' indexes once, at the end.

Inserting a million people into a table with eleven indexes (two on random 64-character
keys) and seven checked foreign keys makes the database update every index and check every
key row by row: about 70 µs a person on PostgreSQL before any Python runs. Building an index
over rows already in the table sorts them once, and a foreign key added to a full table is
checked with one join: PostgreSQL's own advice for populating a database ("Remove indexes",
"Remove foreign key constraints"). So when a file is at least as large as the registry, the
import drops those indexes and constraints inside its transaction and creates them again
from their saved definitions before it commits. The DDL is part of the transaction on both
databases: a failed or killed import rolls it back with the rows, and a unique index that
cannot be built (two rows with one import key) fails the import instead of losing the rule.

The same holds for the households of the file (a quarter of a million at 1 M people: with their
indexes kept they took half of the writing on PostgreSQL) and for the people's target groups.

The price: on PostgreSQL these tables are locked (ACCESS EXCLUSIVE) until the import commits,
so pages that read households or people wait for a first load to end; SQLite (WAL) readers keep
reading the previous state, as they do during any import.
"""

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from tambon.registry.models import Household, Person

logger = logging.getLogger(__name__)
# On PostgreSQL: memory for each index build (the session default is 64 MB).
BUILD_MEMORY = "256MB"
# On SQLite: the page cache while the indexes are built (KiB), and the sorter's helper
# threads. SQLite sorts with helper threads only when a sort spills into several runs; under
# the import's large cache every index sorted in memory on one core. With 4 MB the runs are
# sorted on every core and merged: 1 M rows, 8.2-8.7 s against 11.4 s (docs/benchmarks.md).
SQLITE_BUILD_CACHE_KIB = 4 * 1024
SQLITE_BUILD_THREADS = min(os.cpu_count() or 1, 4)


@dataclass(frozen=True)
class Definition:
    """One index or constraint as the database wrote it, to be made again."""

    table: str
    name: str
    sql: str
    is_constraint: bool


def worth_it(*, rows: int, registered: int) -> bool:
    """A load is large enough when it brings at least IMPORT_BULK_LOAD_MIN_ROWS rows (0:
    never) and at least as many as the registry holds."""
    threshold = settings.TAMBON_IMPORT_BULK_LOAD_MIN_ROWS
    return bool(threshold) and rows >= threshold and rows >= registered


def tables() -> list[str]:
    """The tables a person import fills: households, people and their target groups."""
    return [
        Household._meta.db_table,
        Person._meta.db_table,
        Person.target_groups.through._meta.db_table,
    ]


@contextmanager
def indexes_built_at_end(enabled: bool) -> Iterator[None]:
    """Within the caller's transaction: drop the registry tables' secondary indexes and
    foreign keys, and create them again when the block ends without an error."""
    if not enabled:
        yield
        return
    saved = [d for table in tables() for d in _definitions(table)]
    with connection.cursor() as cursor:
        for definition in saved:
            cursor.execute(_drop(definition))
    started = time.perf_counter()
    yield
    loaded = time.perf_counter()
    with connection.cursor() as cursor, _sorting(cursor):
        # Indexes first: the foreign keys' checks then read a table with its indexes.
        for definition in sorted(saved, key=lambda d: d.is_constraint):
            cursor.execute(_create(definition))
    logger.info(
        "bulk load: rows written in %.1f s, %d indexes and constraints built in %.1f s",
        loaded - started,
        len(saved),
        time.perf_counter() - loaded,
    )


@contextmanager
def _sorting(cursor: Any) -> Iterator[None]:
    """The database set up to sort for index builds, as it was afterwards."""
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")  # ends with the tx
        yield
        return
    cursor.execute("PRAGMA cache_size")
    cache = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA threads")
    threads = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_BUILD_CACHE_KIB}")
    cursor.execute(f"PRAGMA threads = {SQLITE_BUILD_THREADS}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {cache}")
        cursor.execute(f"PRAGMA threads = {threads}")


def _definitions(table: str) -> list[Definition]:
    if connection.vendor == "postgresql":
        return _postgresql_definitions(table)
    return _sqlite_definitions(table)


def _postgresql_definitions(table: str) -> list[Definition]:
    with connection.cursor() as cursor:
        # Unique and foreign-key constraints (the primary key stays).
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
            [table],
        )
        constraints = [Definition(table, name, sql, True) for name, sql in cursor.fetchall()]
        # Plain indexes: neither the primary key nor one that backs a constraint.
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname",
            [table],
        )
        indexes = [Definition(table, name, sql, False) for name, sql in cursor.fetchall()]
    return constraints + indexes


def _sqlite_definitions(table: str) -> list[Definition]:
    # Indexes SQLite made itself for UNIQUE columns (no sql) cannot be dropped: they stay.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL ORDER BY name",
            [table],
        )
        return [Definition(table, name, sql, False) for name, sql in cursor.fetchall()]


def _drop(definition: Definition) -> str:
    quote = connection.ops.quote_name
    if definition.is_constraint:
        return f"ALTER TABLE {quote(definition.table)} DROP CONSTRAINT {quote(definition.name)}"
    return f"DROP INDEX {quote(definition.name)}"


def _create(definition: Definition) -> str:
    quote = connection.ops.quote_name
    if definition.is_constraint:
        return (
            f"ALTER TABLE {quote(definition.table)} "
            f"ADD CONSTRAINT {quote(definition.name)} {definition.sql}"
        )
    return definition.sql
