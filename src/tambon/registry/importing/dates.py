"""The common shapes of values.parse_birth_date as Polars expressions: the fast path.

Birth dates are nearly all different, so parsing each in Python would cost a second per
100,000 rows. The shapes below are read by column arithmetic; a value that fits none of them,
or gives no valid date, goes to values.parse_birth_date, which says what is wrong. The fast
path accepts only what the parser accepts, to the same date (tests compare the two).
"""

import datetime as dt

import polars as pl

from tambon.core import thai
from tambon.registry.importing.nid import THAI_DIGITS
from tambon.registry.importing.values import THAI_MONTHS

# One regular expression for the four shapes (one pass over the column), in groups:
# 1–3 day/month/year, 4–6 ISO year-month-day, 7–9 day, Thai month, year, 10 a year alone.
_SHAPES = (
    r"^(?:"
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"|(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(\d{1,2})\s*([ก-๙.]+)\s*(?:พ\.ศ\.)?\s*(\d{4})"
    r"|(?:(?:0{1,2}|-)\s*[/.\-]\s*(?:0{1,2}|-)\s*[/.\-]\s*)?(\d{4})"
    r")$"
)
_MONTHS = {name: n for n, names in enumerate(THAI_MONTHS, start=1) for name in names}
_EPOCH_SHIFT = 719_468  # days from 0000-03-01 to 1970-01-01


def _be_year(year: pl.Expr) -> pl.Expr:
    """The Christian-era year of a Buddhist-era year the parser accepts (else null)."""
    in_range = (year >= thai.BE_YEAR_MIN) & (year <= thai.BE_YEAR_MAX)
    return pl.when(in_range).then(year - thai.BE_OFFSET)


def _date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date of (year, month, day), null if there is no such day (integer arithmetic:
    the days-from-civil algorithm, valid for the proleptic Gregorian calendar)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days_in_month = month.replace_strict(
        {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31},
        default=0,
        return_dtype=pl.Int32,
    ) + pl.when((month == 2) & leap).then(1).otherwise(0)
    valid = (year >= 1) & (day >= 1) & (day <= days_in_month)
    y = year - pl.when(month <= 2).then(1).otherwise(0)
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month + pl.when(month > 2).then(-3).otherwise(9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days = era * 146_097 + day_of_era - _EPOCH_SHIFT
    return pl.when(valid).then(days.cast(pl.Int32).cast(pl.Date))


def fast_birth_dates(frame: pl.DataFrame, column: str, today: dt.date) -> pl.Series:
    """The date of each value in one of the common shapes; null where the parser must look.

    Evaluated in stages (parts, then numbers, then dates) so that each regular expression
    runs once per value rather than once per use.
    """
    text = pl.col(column).str.replace_many(list(THAI_DIGITS), list("0123456789")).str.strip_chars()
    parts = frame.select(text.str.extract_groups(_SHAPES).alias("p")).unnest("p")
    numbers = parts.select(
        pl.col("1").cast(pl.Int32, strict=False).alias("day"),
        pl.col("2").cast(pl.Int32, strict=False).alias("month"),
        _be_year(pl.col("3").cast(pl.Int32, strict=False)).alias("year"),
        pl.col("4").cast(pl.Int32, strict=False).alias("iso_year"),
        pl.col("5").cast(pl.Int32, strict=False).alias("iso_month"),
        pl.col("6").cast(pl.Int32, strict=False).alias("iso_day"),
        pl.col("7").cast(pl.Int32, strict=False).alias("word_day"),
        pl.col("8")
        .str.replace_all(".", "", literal=True)
        .replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)
        .alias("word_month"),
        _be_year(pl.col("9").cast(pl.Int32, strict=False)).alias("word_year"),
        _be_year(pl.col("10").cast(pl.Int32, strict=False)).alias("only_year"),
    )
    numbers = numbers.with_columns(
        pl.when(pl.col("iso_year") >= thai.BE_YEAR_MIN)
        .then(pl.col("iso_year") - thai.BE_OFFSET)
        .otherwise(pl.col("iso_year"))
        .alias("iso_year")
    )
    one = pl.lit(1, pl.Int32)
    found = numbers.select(
        pl.coalesce(
            _date(pl.col("year"), pl.col("month"), pl.col("day")),
            _date(pl.col("iso_year"), pl.col("iso_month"), pl.col("iso_day")),
            _date(pl.col("word_year"), pl.col("word_month"), pl.col("word_day")),
            _date(pl.col("only_year"), one, one),
        ).alias("date")
    )
    return found.select(pl.when(pl.col("date") <= pl.lit(today)).then(pl.col("date"))).to_series()
