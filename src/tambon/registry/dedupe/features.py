"""The people frame the linkage model reads, and the columns derived from it for blocking.

`predict_pairs` takes a Polars frame with INPUT_SCHEMA (names already in the registry's normal
form, see registry.names; never a national ID, only its blind index). `prepare` adds the
derived columns in one vectorised pass, so the SQL of the model stays simple:

- a sound key of each name part: its consonants only, with the consonants that sound alike
  written one way (ศ ษ ซ → ส, ธ ฑ ฒ → ท, ณ → น, ภ → พ ...), so a dropped or changed tone mark
  or vowel, or a homophone consonant (the commonest slips of a heard Thai name), keep the key;
- a name-pair key (the two sound keys in sorted order) that also survives first/last swaps;
- the birth date as text, for "one digit off" comparisons;
- the house number in one spelling: Arabic digits, no "เลขที่" before or "ม.4" after it, no
  spaces, "12-3" as "12/3";
- district and province codes (prefixes of the sub-district code).
"""

import polars as pl

INPUT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "first_name": pl.String(),
    "last_name": pl.String(),
    "birth_date": pl.Date(),
    "sex": pl.String(),
    "subdistrict_code": pl.String(),
    "village_code": pl.String(),
    "house_number": pl.String(),
    "national_id_index": pl.String(),
    "phone": pl.String(),
}

# Thai vowels (ะ ั า ำ ิ ี ึ ื ุ ู ฺ, เ แ โ ใ ไ ๅ ๆ) and marks (็ ่ ้ ๊ ๋ ์ ํ ๎): what a skeleton drops.
_THAI_VOWELS_AND_MARKS = r"[\x{0E30}-\x{0E3A}\x{0E40}-\x{0E4E}]"
# Consonants that sound alike (as the first sound of a syllable), each group written one way.
_SOUND_GROUPS = {
    "ส": "ศษซ",
    "ท": "ธฑฒ",
    "ถ": "ฐ",
    "น": "ณ",
    "พ": "ภ",
    "ค": "ฆฅ",
    "ข": "ฃ",
    "ต": "ฏ",
    "ด": "ฎ",
    "ช": "ฌ",
    "ย": "ญ",
    "ล": "ฬ",
    "ห": "ฮ",
}
_SOUND_FROM = [ch for group in _SOUND_GROUPS.values() for ch in group]
_SOUND_TO = [key for key, group in _SOUND_GROUPS.items() for _ in group]
_HOUSE_PREFIX = r"^(?:บ้านเลขที่|เลขที่|บ้าน)\s*"
# A village written after the number ("12/3 ม.4", "12 หมู่ที่ 4"): the village has its own column.
_VILLAGE_SUFFIX = r"\s*(?:ม\.|หมู่ที่|หมู่)\s*[0-9]+$"
_THAI_DIGITS = [chr(0x0E50 + d) for d in range(10)]
_ARABIC_DIGITS = [str(d) for d in range(10)]
_NOT_DIGIT = r"[^0-9]"


def empty_frame() -> pl.DataFrame:
    """A frame with the input schema and no rows."""
    return pl.DataFrame(schema=INPUT_SCHEMA)


def _blank_to_null(column: str) -> pl.Expr:
    value = pl.col(column).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value).alias(column)


def _sound_key(column: str) -> pl.Expr:
    key = (
        pl.col(column)
        .str.replace_all(_THAI_VOWELS_AND_MARKS, "")
        .str.replace_all(" ", "")
        .str.replace_many(_SOUND_FROM, _SOUND_TO)
    )
    return pl.when(key == "").then(None).otherwise(key)


def prepare(frame: pl.DataFrame) -> pl.DataFrame:
    """The input frame cast to INPUT_SCHEMA, blanks as nulls, with the derived columns."""
    missing = [name for name in INPUT_SCHEMA if name not in frame.columns]
    if missing:
        raise ValueError(f"the people frame lacks the columns {', '.join(missing)}")
    frame = frame.select(
        [pl.col(name).cast(dtype) for name, dtype in INPUT_SCHEMA.items()]
    ).with_columns(
        [
            _blank_to_null(name)
            for name in (
                "first_name",
                "last_name",
                "sex",
                "village_code",
                "house_number",
                "national_id_index",
            )
        ]
        + [pl.col("phone").str.replace_all(_NOT_DIGIT, "").alias("phone")]
    )
    house = (
        pl.col("house_number")
        .str.replace_many(_THAI_DIGITS, _ARABIC_DIGITS)
        .str.replace(_HOUSE_PREFIX, "")
        .str.replace(_VILLAGE_SUFFIX, "")
        .str.replace_all(r"\s+", "")
        .str.replace_all("-", "/")
    )
    frame = frame.with_columns(
        pl.col("id").alias("unique_id"),
        pl.when(pl.col("phone").str.len_chars() >= 9).then(pl.col("phone")).alias("phone"),
        _sound_key("first_name").alias("first_key"),
        _sound_key("last_name").alias("last_key"),
        pl.concat_str(
            [pl.col("first_name"), pl.col("last_name")], separator=" ", ignore_nulls=True
        ).alias("full_name"),
        pl.col("birth_date").dt.strftime("%Y-%m-%d").alias("birth_text"),
        pl.col("birth_date").dt.year().alias("birth_year"),
        pl.col("birth_date").dt.strftime("%m-%d").alias("birth_day"),
        pl.col("subdistrict_code").str.slice(0, 4).alias("district_code"),
        pl.col("subdistrict_code").str.slice(0, 2).alias("province_code"),
        pl.when(house != "").then(house).alias("house_no"),
    )
    return frame.with_columns(
        pl.when(pl.col("first_key").is_not_null() & pl.col("last_key").is_not_null())
        .then(
            pl.concat_str(
                [
                    pl.min_horizontal("first_key", "last_key"),
                    pl.max_horizontal("first_key", "last_key"),
                ],
                separator="|",
            )
        )
        .otherwise(pl.col("first_key"))
        .alias("name_pair_key"),
    )
