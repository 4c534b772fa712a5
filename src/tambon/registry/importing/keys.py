"""The keys of a valid row: its national ID's blind index, and the import keys of the row and
of its household, which make a second import of the same file create nothing.

The import key is the SHA-256 of the row's prepared values, in which the national ID enters
only as its blind index (a keyed hash): the key cannot be turned back into the ID by trying
the 10^12 possible IDs, as a hash of the plain ID could.
"""

import hashlib
import unicodedata

import polars as pl
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


def household_key(subdistrict: str, village: str | None, house_number: str) -> str:
    """The import key of a household: its sub-district, village and house number."""
    number = unicodedata.normalize("NFC", thai_digit_to_arabic_digit(house_number))
    text = "\x1f".join(("household", subdistrict, village or "", " ".join(number.split())))
    return hashlib.sha256(text.casefold().encode("utf-8")).hexdigest()


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
    content = rows.select(
        pl.when(pl.col(valid)).then(
            pl.concat_str(
                [
                    pl.col("national_id_index").fill_null(""),
                    *[pl.col(c).cast(pl.String).fill_null("") for c in KEY_COLUMNS],
                    pl.col("groups_key"),
                ],
                separator="\x1f",
            )
        )
    ).to_series()
    import_keys = [
        hashlib.sha256(c.encode("utf-8")).hexdigest() if c is not None else None
        for c in content.to_list()
    ]
    houses = rows.select("subdistrict_id", "village_id", "house_number", valid).rows()
    household_keys = [
        household_key(sub, village, number) if good and number else None
        for sub, village, number, good in houses
    ]
    return rows.with_columns(
        pl.Series("import_key", import_keys, dtype=pl.String),
        pl.Series("household_key", household_keys, dtype=pl.String),
    )
