"""A deduplication run over the database: read people, score pairs, fill the review queue."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Q

from tambon.registry.dedupe.features import INPUT_SCHEMA
from tambon.registry.dedupe.predict import DEFAULT_THRESHOLD, predict_pairs
from tambon.registry.models import DuplicateCandidate, Person

# The stages a run reports to its `progress` callback, in order.
STAGES = ("read", "scored", "written")
FETCH_ROWS = 50_000
INSERT_BATCH = 1_000


@dataclass(frozen=True)
class RunSummary:
    """What one run found: counts only, never a name or an ID."""

    people: int  # root records read (merged duplicates are left out)
    pairs: int  # pairs at or above the threshold
    created: int  # new candidates in the review queue
    already_open: int  # pairs already waiting for review
    already_decided: int  # pairs decided before (merged, not the same person): left alone
    seconds: float
    threshold: float


def _area_filter(area_codes: Sequence[str]) -> Q:
    condition = Q(pk__in=[])
    for code in area_codes:
        condition |= Q(subdistrict__code__startswith=code)
    return condition


def read_people(area_codes: Sequence[str] | None = None) -> pl.DataFrame:
    """Root people of the areas (all when None) as a frame with INPUT_SCHEMA.

    One SQL query read with a cursor, not model instances: 1,000,000 rows stay a few seconds.
    Names come from the normalised `search_name`, split where the surname's words start.
    """
    qs = Person.objects.filter(merged_into__isnull=True)
    if area_codes is not None:
        qs = qs.filter(_area_filter(area_codes))
    columns = (
        "id",
        "search_name",
        "last_name",
        "birth_date",
        "sex",
        "subdistrict_id",
        "village_id",
        "household__house_number",
        "national_id_index",
        "phone",
    )
    sql, params = qs.order_by().values_list(*columns).query.sql_with_params()
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            chunks.append(
                pl.DataFrame(rows, schema=list(columns), orient="row", infer_schema_length=None)
            )
    if not chunks:
        return pl.DataFrame(schema=INPUT_SCHEMA)
    raw = pl.concat(chunks, how="vertical_relaxed")
    return _to_input(raw)


def _to_input(raw: pl.DataFrame) -> pl.DataFrame:
    words = pl.col("search_name").fill_null("").str.split(" ")
    surname_words = (
        pl.col("last_name")
        .fill_null("")
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.len()
    )
    given_words = (words.list.len() - surname_words).clip(lower_bound=1)
    birth = pl.col("birth_date")
    if raw.schema["birth_date"] == pl.String():  # SQLite may hand dates over as text
        birth = birth.str.to_date("%Y-%m-%d", strict=False)
    return raw.select(
        pl.col("id").cast(pl.Int64()),
        words.list.slice(0, given_words).list.join(" ").alias("first_name"),
        words.list.slice(given_words).list.join(" ").alias("last_name"),
        birth.cast(pl.Date()).alias("birth_date"),
        pl.col("sex").cast(pl.String()),
        pl.col("subdistrict_id").cast(pl.String()).alias("subdistrict_code"),
        pl.col("village_id").cast(pl.String()).alias("village_code"),
        pl.col("household__house_number").cast(pl.String()).alias("house_number"),
        pl.col("national_id_index").cast(pl.String()),
        pl.col("phone").cast(pl.String()),
    )


def _existing(pairs: pl.DataFrame) -> dict[tuple[int, int], str]:
    """Status of the candidates that already exist for any of `pairs`."""
    found: dict[tuple[int, int], str] = {}
    lefts = pairs["left_id"].unique().to_list()
    for start in range(0, len(lefts), INSERT_BATCH):
        rows = DuplicateCandidate.objects.filter(
            left_id__in=lefts[start : start + INSERT_BATCH]
        ).values_list("left_id", "right_id", "status")
        found.update({(left, right): status for left, right, status in rows})
    return found


def _write(pairs: pl.DataFrame, subdistricts: dict[int, str], by: Any) -> tuple[int, int, int]:
    """Insert the new pairs; returns (created, already open, already decided)."""
    existing = _existing(pairs)
    new = []
    already_open = already_decided = 0
    for row in pairs.iter_rows(named=True):
        status = existing.get((row["left_id"], row["right_id"]))
        if status == DuplicateCandidate.Status.OPEN:
            already_open += 1
        elif status is not None:
            already_decided += 1
        else:
            new.append(
                DuplicateCandidate(
                    left_id=row["left_id"],
                    right_id=row["right_id"],
                    probability=row["probability"],
                    comparison=row["comparison"],
                    subdistrict_code=subdistricts[row["left_id"]],
                    created_by=by,
                    updated_by=by,
                )
            )
    with transaction.atomic():
        # A concurrent run may have inserted the same pair meanwhile: the constraint keeps one.
        DuplicateCandidate.objects.bulk_create(new, batch_size=INSERT_BATCH, ignore_conflicts=True)
    return len(new), already_open, already_decided


def find_duplicates(
    *,
    area_code: str | Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[str], None] | None = None,
    by: Any = None,
) -> RunSummary:
    """Score the root people of an area (or all) and queue new likely duplicate pairs.

    Pairs already in the queue, merged or marked "not the same person" are left as they are:
    a second run creates nothing twice and reopens no decision.
    """
    started = time.perf_counter()
    report = progress or (lambda stage: None)
    codes = [area_code] if isinstance(area_code, str) else area_code
    people = read_people(codes)
    report("read")
    pairs = predict_pairs(people, threshold=threshold)
    report("scored")
    subdistricts = dict(
        zip(people["id"].to_list(), people["subdistrict_code"].to_list(), strict=True)
    )
    created, already_open, already_decided = _write(pairs, subdistricts, by)
    report("written")
    return RunSummary(
        people=people.height,
        pairs=pairs.height,
        created=created,
        already_open=already_open,
        already_decided=already_decided,
        seconds=time.perf_counter() - started,
        threshold=threshold,
    )
