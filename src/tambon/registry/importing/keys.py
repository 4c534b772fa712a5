"""The keys of a valid row: its national ID's blind index, and the import keys of the row and
of its household, which make a second import of the same file create nothing.

The import key is the SHA-256 of the row's prepared values, in which the national ID enters
only as its blind index (a keyed hash): the key cannot be turned back into the ID by trying
the 10^12 possible IDs, as a hash of the plain ID could.

The SHA-256 of a chunk's keys is taken by polars-hash, in Rust and outside the GIL, so it
runs beside the thread that writes the previous chunk; the keys are the same as hashlib gives.
"""

import unicodedata

import polars as pl
import polars_hash as plh
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.core import crypto, nationalid

# Prepared values, in this order, make a row's import key (with the ID's blind index).
KEY_COLUMNS = (
    "title",
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "phone",
    "relation",
    "subdistrict_id",
    "village_id",
    "house_number",
    "address",
    "welfare_card",
    "disability_type",
    "disability_card",
    "housing",
    "income_band",
    "note",
)


def _house_number(number: str) -> str:
    """A house number as its household key holds it: Arabic digits, NFC, single spaces, case
    folded. The key of a household is the SHA-256 of "household", its sub-district code, its
    village code (or nothing) and this, joined by U+001F."""
    number = unicodedata.normalize("NFC", thai_digit_to_arabic_digit(number))
    return " ".join(number.split()).casefold()


def with_keys(rows: pl.DataFrame, *, valid: str) -> pl.DataFrame:
    """`rows` with national_id_index, import_key and household_key, for the rows where the
    boolean column `valid` holds (null elsewhere)."""
    ids = rows["national_id"].to_list()
    present = [i for i in ids if i is not None]
    indexes = iter(crypto.blind_index_many(present, purpose=nationalid.BLIND_INDEX_PURPOSE))
    rows = rows.with_columns(
        pl.Series(
            "national_id_index", [next(indexes) if i is not None else None for i in ids], pl.String
        )
    )
    # House numbers repeat within a household: each distinct one is normalised once.
    numbers = rows["house_number"].drop_nulls().unique().to_list()
    normal = dict(zip(numbers, map(_house_number, numbers), strict=True))
    good = pl.col(valid)
    texts = rows.with_columns(
        pl.when(good)
        .then(
            pl.concat_str(
                [
                    pl.col("national_id_index").fill_null(""),
                    *[pl.col(c).cast(pl.String).fill_null("") for c in KEY_COLUMNS],
                    pl.col("groups_key"),
                ],
                separator="\x1f",
            )
        )
        .alias("import_key"),
        pl.when(good & (pl.col("house_number").str.len_bytes() > 0))
        .then(
            pl.concat_str(
                [
                    pl.lit("household"),
                    pl.col("subdistrict_id"),
                    pl.col("village_id").fill_null(""),
                    pl.col("house_number").replace_strict(
                        normal, default=None, return_dtype=pl.String
                    ),
                ],
                separator="\x1f",
            )
        )
        .alias("household_key"),
    )
    return texts.with_columns(
        plh.col("import_key").chash.sha2_256(),
        plh.col("household_key").chash.sha2_256(),
    )
