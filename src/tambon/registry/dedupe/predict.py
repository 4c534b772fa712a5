"""Score pairs of people with splink on DuckDB: a pure function of a Polars frame (no Django)."""

import logging

import duckdb
import polars as pl
from splink import DuckDBAPI, Linker

from tambon.registry.dedupe import model
from tambon.registry.dedupe.features import prepare
from tambon.registry.dedupe.frequencies import chances

DEFAULT_THRESHOLD = 0.9

# How each comparison level reads on the review page, field by field. Statuses: exact,
# close (one slip), swapped, different, missing.
_NAME_FIELDS = {
    "exact": ("exact", "exact"),
    "swapped": ("swapped", "swapped"),
    "last_close": ("exact", "close"),
    "first_close": ("close", "exact"),
    "both_close": ("close", "close"),
    "swapped_close": ("swapped", "swapped"),
    "last_two_slips": ("exact", "close"),
    "first_two_slips": ("close", "exact"),
    "last_missing": ("exact", "missing"),
    "last_different": ("exact", "different"),
    "first_different": ("different", "exact"),
    "different": ("different", "different"),
    "missing": ("missing", "missing"),
}
_ADDRESS_FIELDS = {
    "same_house": ("exact", "exact", "exact"),
    "same_village": ("different", "exact", "exact"),
    "same_subdistrict": ("different", "different", "exact"),
}
_BIRTH_DATE = {
    "day_month_swapped": "swapped",
    "one_digit": "close",
    "two_digits": "close",
    "within_year": "different",
}
COMPARED_FIELDS = (
    "national_id",
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "house_number",
    "village",
    "subdistrict",
    "phone",
)

# The columns the level conditions read, for each side of a pair.
PAIR_COLUMNS = (
    "national_id_index",
    "first_name",
    "last_name",
    "first_key",
    "last_key",
    "full_name",
    "name_pair_key",
    "birth_date",
    "birth_text",
    "sex",
    "house_no",
    "village_code",
    "subdistrict_code",
    "district_code",
    "province_code",
    "phone",
)


def field_statuses(levels: dict[str, str]) -> dict[str, str]:
    """The per-field statuses shown to an officer, from the level label of each comparison."""
    first, last = _NAME_FIELDS[levels["name"]]
    address = levels["address"].removesuffix("_family")
    house, village, subdistrict = _ADDRESS_FIELDS.get(address, ("different",) * 3)
    birth = levels["birth_date"]
    return {
        "national_id": levels["national_id"],
        "first_name": first,
        "last_name": last,
        "birth_date": _BIRTH_DATE.get(birth, birth),
        "sex": levels["sex"],
        "house_number": house,
        "village": village,
        "subdistrict": subdistrict,
        "phone": levels["phone"],
    }


def _term_frequencies(people: pl.DataFrame) -> pl.DataFrame:
    population = max(people.height, model.TF_MIN_POPULATION)
    return (
        people.filter(pl.col("full_name").is_not_null())
        .group_by("full_name")
        .agg((pl.len() / population).alias("tf_full_name"))
    )


def empty_pairs() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "left_id": pl.Int64(),
            "right_id": pl.Int64(),
            "probability": pl.Float64(),
            "comparison": pl.Struct({name: pl.String() for name in COMPARED_FIELDS}),
        }
    )


def predict_pairs(
    frame: pl.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    threads: int | None = None,
) -> pl.DataFrame:
    """Pairs of likely duplicates: (left_id < right_id, probability, comparison per field).

    `frame` has features.INPUT_SCHEMA; the result is sorted by probability, highest first.
    `threads` limits DuckDB's threads (default: one per core).
    """
    people = prepare(frame)
    if people.height < 2:
        return empty_pairs()
    # Splink logs every SQL step at INFO: a run reports through its own summary instead.
    logging.getLogger("splink").setLevel(logging.WARNING)
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads TO {int(threads)}")
    try:
        db_api = DuckDBAPI(connection=con)
        table = db_api.register(people.to_arrow(), table_name="people")
        settings = model.settings(chances(people))
        linker = Linker(table, settings, log_level=None, validate_settings=False)
        tf = db_api.register(_term_frequencies(people).to_arrow(), table_name="tf_full_name")
        linker.table_management.register_term_frequency_lookup(tf, "full_name")
        scored = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        pairs = _levels_of(con, scored.physical_name)
    finally:
        con.close()
    return _with_comparison(pairs)


def _levels_of(con: duckdb.DuckDBPyConnection, predictions: str) -> pl.DataFrame:
    """The scored pairs with the level of each comparison, by the model's own conditions."""
    sides = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in PAIR_COLUMNS)
    cases = ", ".join(
        f"{model.level_case_sql(c)} AS {c['output_column_name']}" for c in model.comparisons()
    )
    sql = f"""
        WITH pairs AS (
            SELECT p.unique_id_l, p.unique_id_r, p.match_probability, {sides}
            FROM {predictions} p
            JOIN people l ON l.unique_id = p.unique_id_l
            JOIN people r ON r.unique_id = p.unique_id_r
        )
        SELECT unique_id_l, unique_id_r, match_probability, {cases} FROM pairs
    """  # noqa: S608 (names and conditions are the model's constants)
    return con.sql(sql).pl()


def _with_comparison(pairs: pl.DataFrame) -> pl.DataFrame:
    if pairs.is_empty():
        return empty_pairs()
    names = [c["output_column_name"] for c in model.comparisons()]
    statuses = [field_statuses(row) for row in pairs.select(names).to_dicts()]
    left = pl.min_horizontal("unique_id_l", "unique_id_r")
    right = pl.max_horizontal("unique_id_l", "unique_id_r")
    return (
        pairs.select(
            left.cast(pl.Int64()).alias("left_id"),
            right.cast(pl.Int64()).alias("right_id"),
            pl.col("match_probability").cast(pl.Float64()).alias("probability"),
        )
        .with_columns(
            pl.Series(
                "comparison",
                statuses,
                dtype=pl.Struct({name: pl.String() for name in COMPARED_FIELDS}),
            )
        )
        .sort(["probability", "left_id", "right_id"], descending=[True, False, False])
    )
