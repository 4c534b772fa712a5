import datetime as dt

import pytest
from django.utils import translation

from tambon.core import thai
from tambon.core.errors import ValidationError
from tambon.core.forms import BuddhistDateField


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/03/2564", dt.date(2021, 3, 29)),
        ("29/3/2564", dt.date(2021, 3, 29)),
        ("๒๙/๐๓/๒๕๖๔", dt.date(2021, 3, 29)),
        ("29-03-2564 พ.ศ.", dt.date(2021, 3, 29)),
        ("ค.ศ. 29/03/2021", dt.date(2021, 3, 29)),
        ("1/1/2500", dt.date(1957, 1, 1)),
    ],
)
def test_it_parses_buddhist_era_dates(text: str, expected: dt.date) -> None:
    assert thai.parse_be_date(text) == expected


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def test_it_rejects_a_two_digit_year() -> None:
    with pytest.raises(ValidationError, match="ambiguous"):
        thai.parse_be_date("29/03/68")


def test_the_ambiguous_year_message_is_in_thai_for_thai_users() -> None:
    with translation.override("th"), pytest.raises(ValidationError) as info:
        thai.parse_be_date("29/03/68")
    assert "กำกวม" in str(info.value.message)


def test_it_rejects_a_year_that_looks_christian_era() -> None:
    with pytest.raises(ValidationError) as info:
        thai.parse_be_date("25/11/2025")
    assert "2568" in str(info.value.message)


def test_it_rejects_a_day_that_does_not_exist() -> None:
    with pytest.raises(ValidationError, match="no such day"):
        thai.parse_be_date("30/02/2568")


def test_it_rejects_text_that_is_not_a_date() -> None:
    with pytest.raises(ValidationError, match="day/month/year"):
        thai.parse_be_date("next Tuesday")


def test_it_shows_dates_in_the_buddhist_era_in_thai() -> None:
    with translation.override("th"):
        assert thai.format_date(dt.date(2021, 3, 29), "long") == "29 มีนาคม 2564"
        assert thai.format_date(dt.date(2021, 3, 29)) == "29 มี.ค. 2564"


def test_it_shows_dates_in_the_christian_era_in_english() -> None:
    with translation.override("en"):
        assert thai.format_date(dt.date(2021, 3, 29), "long") == "29 March 2021"


def test_the_form_field_round_trips_a_date() -> None:
    field = BuddhistDateField()
    assert field.clean("29/03/2564") == dt.date(2021, 3, 29)
    assert field.widget.format_value(dt.date(2021, 3, 29)) == "29/03/2564"


def test_the_form_field_explains_an_ambiguous_year() -> None:
    from django import forms

    with translation.override("en"), pytest.raises(forms.ValidationError) as info:
        BuddhistDateField().clean("1/2/25")
    assert "four digits" in info.value.messages[0]


def test_thai_number_formatting() -> None:
    assert thai.format_number(1234567) == "1,234,567"
    assert thai.format_number(1234.5, decimals=2, thai_digits=True) == "๑,๒๓๔.๕๐"
