"""Template filters for Thai display: {{ d|thdate }}, {{ d|thdate:"long" }}, {{ n|thnum }}."""

import datetime as dt

from django import template

from tambon.core import thai

register = template.Library()


@register.filter
def thdate(value: dt.date | None, style: str = "short") -> str:
    return thai.format_date(value, style)


@register.filter
def thdatetime(value: dt.datetime | None) -> str:
    return thai.format_datetime(value)


@register.filter
def thnum(value: int | float | None, decimals: int = 0) -> str:
    return thai.format_number(value, decimals=int(decimals))


@register.filter
def thdigits(value: object) -> str:
    return thai.arabic_digit_to_thai_digit(str(value))
