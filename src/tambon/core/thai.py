"""Thai helpers: Buddhist-era dates, their parsing, and Thai number formatting."""

import datetime as dt
import re

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

from tambon.core.errors import ValidationError

BE_OFFSET = 543
# A Buddhist-era year people type today lies in this range; anything else is refused.
BE_YEAR_MIN, BE_YEAR_MAX = 2400, 2700
CE_LOOKALIKE_MIN, CE_LOOKALIKE_MAX = 1800, 2399

DATE_FORMATS = {
    "short": "%-d %b %Y",  # 29 มี.ค. 2564
    "long": "%-d %B %Y",  # 29 มีนาคม 2564
    "numeric": "%d/%m/%Y",  # 29/03/2564
}

_DATE_RE = re.compile(
    r"^\s*(?P<era_before>พ\.ศ\.|ค\.ศ\.)?\s*"
    r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d+)"
    r"\s*(?P<era_after>พ\.ศ\.|ค\.ศ\.)?\s*$"
)

MSG_FORMAT = gettext_noop("Write the date as day/month/year in the Buddhist era, e.g. 29/03/2564.")
MSG_SHORT_YEAR = gettext_noop(
    "The year “{year}” is ambiguous: write all four digits of the Buddhist-era year, e.g. 2568."
)
MSG_CE_YEAR = gettext_noop(
    "The year {year} looks like a Christian-era year. Write the Buddhist-era year "
    "({be}) or mark it explicitly with ค.ศ."
)
MSG_OUT_OF_RANGE = gettext_noop(
    "The year {year} is outside the range of Buddhist-era years ({lo}–{hi})."
)
MSG_NO_SUCH_DAY = gettext_noop("There is no such day: {text}.")


def be_year(year: int) -> int:
    return year + BE_OFFSET


def format_date(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """A date for display: Buddhist era with Thai month names in Thai, ISO-like in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if translation.get_language() == "th":
        as_dt = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        return thai_strftime(as_dt, DATE_FORMATS.get(style, DATE_FORMATS["short"]))
    english = {"short": "j M Y", "long": "j F Y", "numeric": "d/m/Y"}
    return formats.date_format(value, english.get(style, "j M Y"))


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local, 'short')} {local:%H:%M}"


def parse_be_date(text: str) -> dt.date:
    """Parse a date typed with a Buddhist-era year; refuse 2-digit and Christian-era-looking years.

    A year may be marked explicitly with พ.ศ. or ค.ศ.; Thai digits are accepted.
    """
    normalized = thai_digit_to_arabic_digit(text or "").strip()
    match = _DATE_RE.match(normalized)
    if not match:
        raise ValidationError(_(MSG_FORMAT))
    era = match["era_before"] or match["era_after"]
    year_text = match["year"]
    year = int(year_text)
    if len(year_text) != 4:
        raise ValidationError(_(MSG_SHORT_YEAR).format(year=year_text))
    if era == "ค.ศ.":
        ce_year = year
    elif CE_LOOKALIKE_MIN <= year <= CE_LOOKALIKE_MAX and era != "พ.ศ.":
        raise ValidationError(_(MSG_CE_YEAR).format(year=year, be=be_year(year)))
    elif not BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        raise ValidationError(_(MSG_OUT_OF_RANGE).format(year=year, lo=BE_YEAR_MIN, hi=BE_YEAR_MAX))
    else:
        ce_year = year - BE_OFFSET
    try:
        return dt.date(ce_year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValidationError(_(MSG_NO_SUCH_DAY).format(text=text.strip())) from None


def format_be_input(value: dt.date | None) -> str:
    """The text a Buddhist-era date input shows for a stored date."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


def format_number(
    value: int | float | None, *, decimals: int = 0, thai_digits: bool = False
) -> str:
    """A number with thousands separators, optionally in Thai digits."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return arabic_digit_to_thai_digit(text) if thai_digits else text
