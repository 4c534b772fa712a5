"""The rules of tambon.core.nationalid over a whole column at once (Polars), same messages.

`validate()` in core checks one ID in about a microsecond of Python; a million rows would
spend a second there and more building messages. Here the same checks, in the same order
(a stray character, the length, the first digit, the check digit), run as column arithmetic.
"""

import string

import polars as pl
from django.utils.translation import gettext as _

from tambon.core import nationalid

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# nationalid.normalize strips the ends, then drops these separators.
_SEPARATORS = "[ \\-.\t\u00a0\u2010\u2011\u2012\u2013\u2014\u2212]"
_WEIGHTS = [nationalid.LENGTH - i for i in range(12)]


def formatted(template: str, **values: pl.Expr) -> pl.Expr:
    """`template.format(**values)` for columns: "{count} digits" → concat of text and column."""
    parts: list[pl.Expr] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(values[name].cast(pl.String))
    return pl.concat_str(parts) if parts else pl.lit("")


def normalized(raw: pl.Expr) -> pl.Expr:
    """nationalid.normalize: Thai digits made Arabic, ends stripped, separators removed."""
    return (
        raw.str.replace_many(list(THAI_DIGITS), list(string.digits))
        .str.strip_chars()
        .str.replace_all(_SEPARATORS, "")
    )


def reason(digits: pl.Expr) -> pl.Expr:
    """Why the normalised ID `digits` is not valid, or null (empty or null means no ID)."""
    stray = digits.str.extract(r"([^0-9])", 1)
    length = digits.str.len_chars()
    first = digits.str.slice(0, 1)
    number = digits.cast(pl.Int64, strict=False)
    total = pl.sum_horizontal(
        ((number // 10 ** (12 - i)) % 10) * weight for i, weight in enumerate(_WEIGHTS)
    )
    expected = (11 - total % 11) % 10
    return (
        pl.when(digits.is_null() | (length == 0))
        .then(pl.lit(None, pl.String))
        .when(stray.is_not_null())
        .then(formatted(_(nationalid.MSG_NOT_A_DIGIT), character=stray))
        .when(length != nationalid.LENGTH)
        .then(formatted(_(nationalid.MSG_LENGTH), count=length))
        .when(~first.is_in(list(nationalid.FIRST_DIGITS)))
        .then(formatted(_(nationalid.MSG_FIRST_DIGIT), digit=first))
        .when(number % 10 != expected)
        .then(formatted(_(nationalid.MSG_CHECKSUM), expected=expected))
        .otherwise(pl.lit(None, pl.String))
    )


def number(digits: pl.Expr, reason: pl.Expr) -> pl.Expr:
    """The ID as an Int64 where it is valid (its `reason` is null and it is not empty)."""
    return pl.when(reason.is_null() & (digits.str.len_chars() == nationalid.LENGTH)).then(
        digits.cast(pl.Int64, strict=False)
    )


def masked(raw: pl.Expr) -> pl.Expr:
    """nationalid.mask for a column: only the last 3 digits of a 13-digit ID are kept."""
    digits = normalized(raw)
    full = digits.str.len_chars() == nationalid.LENGTH
    all_digits = digits.str.contains(r"^[0-9]+$")
    kept = digits.str.slice(nationalid.LENGTH - nationalid.MASK_KEEP)
    return (
        pl.when(digits.is_null() | (digits.str.len_chars() == 0))
        .then(pl.lit(""))
        .when(full & all_digits)
        .then(
            pl.concat_str(
                pl.lit("x-xxxx-xxxxx-"), kept.str.slice(0, 2), pl.lit("-"), kept.str.slice(2, 1)
            )
        )
        .otherwise(pl.lit(nationalid.mask("0" * 14)))
    )
