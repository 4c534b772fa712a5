"""Writing prepared rows with the fastest path of each database, inside the caller's transaction.

PostgreSQL: COPY (psycopg 3) straight into the tables. SQLite: executemany of one INSERT.
Conflicts are checked before writing (import keys and blind indexes already in the registry),
and the primary keys are taken first (a sequence on PostgreSQL, max(id) on SQLite, whose
write lock the transaction holds), so people can point at their new households and target
groups at their new people without reading anything back.
"""

import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from tambon.core import crypto
from tambon.registry.models import Household, Person

NEW, IMPORTED, REGISTERED = "new", "imported", "registered"
STATE = "__state"
# Rows per statement for the IN/ANY look-ups.
LOOKUP_BATCH = 20_000
# A registry up to this size is read into memory once per import (see Registered).
PRELOAD_PEOPLE = 200_000
# Rows per executemany on SQLite.
INSERT_SLICE = 5_000

PERSON_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "created_by",
    "updated_by",
    "household",
    "relation",
    "title",
    "first_name",
    "last_name",
    "search_name",
    "sex",
    "birth_date",
    "phone",
    "subdistrict",
    "village",
    "address",
    "national_id",
    "national_id_index",
    "disability_type",
    "disability_card",
    "welfare_card",
    "note",
    "import_batch",
    "import_key",
)
HOUSEHOLD_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "created_by",
    "updated_by",
    "subdistrict",
    "village",
    "house_number",
    "address",
    "housing",
    "income_band",
    "note",
    "import_batch",
    "import_key",
)
# Frame column of each model field (the frame uses our import names).
_FRAME_COLUMN = {
    "household": "household_id",
    "subdistrict": "subdistrict_id",
    "village": "village_id",
    "created_by": "created_by_id",
    "updated_by": "updated_by_id",
    "import_batch": "import_batch_id",
}


@contextmanager
def raw_cursor() -> Iterator[Any]:
    """The database's own cursor, without Django's query log: with DEBUG on, Django keeps
    the text of every query with its parameters (megabytes for a 20,000-key look-up)."""
    with connection.cursor() as wrapper:
        yield wrapper.cursor


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def existing(table: str, column: str, values: Sequence[str]) -> dict[str, int]:
    """The `values` already present in `table.column`, with the id of their row."""
    found: dict[str, int] = {}
    if not values:
        return found
    # Table and column names come from the models, values are parameters.
    select = f"SELECT {_quote(column)}, id FROM {_quote(table)} WHERE {_quote(column)}"  # noqa: S608
    # The values go as one text parameter: passing a list of 20,000 strings costs psycopg
    # far more than the query. Keys and indexes are hexadecimal: no comma inside.
    if connection.vendor == "postgresql":
        sql = f"{select} = ANY(string_to_array(%s, ','))"
    else:
        sql = f"{select} IN (SELECT value FROM json_each(%s))"  # noqa: S608
    with raw_cursor() as cursor:
        for start in range(0, len(values), LOOKUP_BATCH):
            part = list(values[start : start + LOOKUP_BATCH])
            param = ",".join(part) if connection.vendor == "postgresql" else json.dumps(part)
            cursor.execute(sql, [param])
            found.update(cursor.fetchall())
    return found


class Registered:
    """Which import keys and national IDs (blind indexes) the registry holds already, and
    the import keys of its households.

    A registry of up to PRELOAD_PEOPLE people and as many households is read once, into
    memory: looking every chunk's keys up in the tables that the import is filling is what
    slows a large first load down (index probes per row in ever bigger indexes), and a first
    load drops those indexes until it ends (bulkload.py). Rows this import writes need no
    look-up: the checker refuses a national ID or a row seen before in the file, and the
    writer remembers the households it made. Made after the import's lock is taken, so no
    other import writes meanwhile.
    """

    def __init__(self) -> None:
        self.keys: set[str] | None = None
        self.indexes: set[str] | None = None
        self.households: dict[str, int] | None = None
        people, households = _quote(Person._meta.db_table), _quote(Household._meta.db_table)
        with raw_cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {people}")  # noqa: S608
            self.people: int = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {households}")  # noqa: S608
            if self.people > PRELOAD_PEOPLE or cursor.fetchone()[0] > PRELOAD_PEOPLE:
                return
            cursor.execute(
                f"SELECT import_key, national_id_index FROM {people} "  # noqa: S608
                "WHERE import_key IS NOT NULL OR national_id_index IS NOT NULL"
            )
            rows = cursor.fetchall()
            cursor.execute(
                f"SELECT import_key, id FROM {households} WHERE import_key IS NOT NULL"  # noqa: S608
            )
            self.households = dict(cursor.fetchall())
        self.keys = {key for key, _index in rows if key}
        self.indexes = {index for _key, index in rows if index}

    @property
    def preloaded(self) -> bool:
        """Whether the look-ups need no index of the people table."""
        return self.keys is not None

    def mark(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Valid rows with STATE: NEW, IMPORTED (the same row came in before) or REGISTERED
        (a person with this national ID is already in the registry)."""
        table = Person._meta.db_table
        import_keys = rows["import_key"].drop_nulls().to_list()
        indexes = rows["national_id_index"].drop_nulls().to_list()
        if self.keys is not None and self.indexes is not None:
            known_keys = [k for k in import_keys if k in self.keys]
            known_indexes = [i for i in indexes if i in self.indexes]
        else:
            known_keys = list(existing(table, "import_key", import_keys))
            known_indexes = list(existing(table, "national_id_index", indexes))
        return rows.with_columns(
            pl.when(pl.col("import_key").is_in(known_keys))
            .then(pl.lit(IMPORTED))
            .when(pl.col("national_id_index").is_in(known_indexes))
            .then(pl.lit(REGISTERED))
            .otherwise(pl.lit(NEW))
            .alias(STATE)
        )


class Writer:
    """Inserts the new households, people and their target groups of one import."""

    def __init__(self, *, user: Any, batch: Any, registered: Registered) -> None:
        self.vendor = connection.vendor
        # The id of every household key met so far. Seeded with the registry's households
        # when they were read once (Registered): then nothing is looked up chunk by chunk.
        self.household_ids: dict[str, int] = dict(registered.households or {})
        self.look_up_households = registered.households is None
        self.now = timezone.now()
        self.user_id = getattr(user, "pk", None)
        self.batch_id = getattr(batch, "pk", None)
        self.created_households = 0
        self.created_people = 0
        self._next_id: dict[str, int] = {}
        self._sequence: dict[str, str] = {}

    # -- ids -------------------------------------------------------------------------------

    def _ids(self, model: type[Model], count: int) -> list[int]:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                if table not in self._sequence:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                    self._sequence[table] = cursor.fetchone()[0]
                # The sequence as a constant: pg_get_serial_sequence once per row made taking
                # 300,000 ids cost seconds.
                cursor.execute(
                    "SELECT string_agg(nextval(%s::regclass)::text, ',') "
                    "FROM generate_series(1, %s)",
                    [self._sequence[table], count],
                )
                return [int(i) for i in cursor.fetchone()[0].split(",")]
            if table not in self._next_id:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(table)}")  # noqa: S608
                self._next_id[table] = cursor.fetchone()[0] + 1
        start = self._next_id[table]
        self._next_id[table] = start + count
        return list(range(start, start + count))

    # -- rows ------------------------------------------------------------------------------

    def write(self, rows: pl.DataFrame) -> None:
        """Insert `rows` (valid, new, national IDs encrypted) with their households and
        target groups."""
        if not rows.height:
            return
        rows = self._households(rows)
        ids = self._ids(Person, rows.height)
        rows = rows.with_columns(
            pl.Series("id", ids, dtype=pl.Int64),
        )
        self._insert(Person, PERSON_FIELDS, self._common(rows))
        self.created_people += rows.height
        links = (
            rows.select(
                pl.col("id").alias("person_id"), pl.col("target_groups").alias("targetgroup_id")
            )
            .explode("targetgroup_id")
            .drop_nulls()
        )
        if links.height:
            through = Person.target_groups.through
            self._insert_plain(
                through._meta.db_table,
                _columns(through, ("person", "targetgroup")),
                links,
            )

    def _households(self, rows: pl.DataFrame) -> pl.DataFrame:
        """`rows` with the household_id of their household_key, the new households made."""
        keys = rows["household_key"].drop_nulls().unique(maintain_order=True).to_list()
        ids = self.household_ids
        unseen = [key for key in keys if key not in ids]
        if unseen and self.look_up_households:
            ids.update(existing(Household._meta.db_table, "import_key", unseen))
            unseen = [key for key in unseen if key not in ids]
        if unseen:
            new = rows.filter(pl.col("household_key").is_in(unseen)).unique(
                "household_key", keep="first", maintain_order=True
            )
            new = new.with_columns(
                pl.Series("id", self._ids(Household, new.height), dtype=pl.Int64)
            )
            frame = self._common(new).with_columns(
                pl.col("household_key").alias("import_key"), pl.lit("").alias("note")
            )
            self._insert(Household, HOUSEHOLD_FIELDS, frame)
            self.created_households += new.height
            ids.update(zip(new["household_key"].to_list(), new["id"].to_list(), strict=True))
        # Joined on this chunk's keys only, not on every household of the import so far.
        chunk = pl.DataFrame(
            {"household_key": keys, "household_id": [ids[key] for key in keys]},
            schema={"household_key": pl.String, "household_id": pl.Int64},
        )
        return rows.join(chunk, on="household_key", how="left", maintain_order="left")

    def _common(self, rows: pl.DataFrame) -> pl.DataFrame:
        now = (
            self.now
            if self.vendor == "postgresql"
            else connection.ops.adapt_datetimefield_value(self.now)
        )
        return rows.with_columns(
            pl.lit(now).alias("created_at"),
            pl.lit(now).alias("updated_at"),
            pl.lit(1).alias("version"),
            pl.lit(self.user_id, pl.Int64).alias("created_by_id"),
            pl.lit(self.user_id, pl.Int64).alias("updated_by_id"),
            pl.lit(self.batch_id, pl.Int64).alias("import_batch_id"),
        )

    def _insert(self, model: type[Model], fields: Sequence[str], frame: pl.DataFrame) -> None:
        names = [_FRAME_COLUMN.get(f, f) for f in fields]
        self._insert_plain(model._meta.db_table, _columns(model, fields), frame.select(names))

    def _insert_plain(self, table: str, columns: list[str], frame: pl.DataFrame) -> None:
        column_list = ", ".join(_quote(c) for c in columns)
        if self.vendor == "postgresql":
            data = io.BytesIO()
            frame.write_csv(
                data, include_header=False, null_value="", datetime_format="%Y-%m-%d %H:%M:%S.%f%z"
            )
            with (
                raw_cursor() as cursor,
                cursor.copy(
                    f"COPY {_quote(table)} ({column_list}) FROM STDIN WITH (FORMAT csv)"
                ) as copy,
            ):
                copy.write(data.getvalue())
            return
        frame = frame.with_columns(pl.col(pl.Date).cast(pl.String))
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {_quote(table)} ({column_list}) VALUES ({placeholders})"  # noqa: S608
        with raw_cursor() as cursor:
            # In slices: a row as a Python tuple costs far more memory than in the frame.
            for start in range(0, frame.height, INSERT_SLICE):
                cursor.executemany(sql, frame.slice(start, INSERT_SLICE).rows())


def encrypted(ids: pl.Series) -> pl.Series:
    """The national IDs as stored: Fernet tokens (crypto.encrypt_many), nulls kept."""
    present = ids.drop_nulls().to_list()
    tokens = iter(crypto.encrypt_many(present))
    return pl.Series(
        ids.name, [next(tokens) if v is not None else None for v in ids.to_list()], pl.String
    )
