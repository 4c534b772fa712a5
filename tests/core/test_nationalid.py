"""National IDs: the checksum, the messages that name each mistake, masking and formatting."""

import pytest
from django.utils.translation import gettext as _
from hypothesis import assume, given
from hypothesis import strategies as st

from tambon.core import nationalid
from tambon.core.errors import ValidationError


@pytest.fixture(autouse=True)
def _keys(settings):  # type: ignore[no-untyped-def]
    settings.TAMBON_BLIND_INDEX_KEY = "blind-index-key-for-tests-only-0123456789"


# A real-shaped ID: 1-1037-02071-18-8 (checksum correct, the person made up).
VALID = "1103702071188"


def with_check_digit(first_twelve: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return first_twelve + str((11 - total % 11) % 10)


valid_ids = st.builds(
    lambda first, rest: with_check_digit(first + rest),
    st.sampled_from("12345678"),
    st.text(alphabet="0123456789", min_size=11, max_size=11),
)


def error_for(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        nationalid.validate(text)
    return caught.value


def test_the_example_id_is_valid() -> None:
    assert nationalid.validate(VALID) == VALID


@given(valid_ids)
def test_every_id_with_the_right_check_digit_validates(national_id: str) -> None:
    assert nationalid.validate(national_id) == national_id


def _blind_spot(original: str, changed: str, position: int) -> bool:
    """The two changes the Thai mod-11 check cannot see, whatever the implementation."""
    if position == 2:  # the third digit weighs 11, which is 0 modulo 11
        return True

    def remainder(digits: str) -> int:
        return sum(int(d) * (13 - i) for i, d in enumerate(digits[:12])) % 11

    # Remainders 0 and 10 both give the check digit 1.
    return {remainder(original), remainder(changed)} == {0, 10}


@given(valid_ids, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_every_detectable_single_digit_change_of_a_valid_id_fails(
    national_id: str, position: int, shift: int
) -> None:
    digit = str((int(national_id[position]) + shift) % 10)
    changed = national_id[:position] + digit + national_id[position + 1 :]
    assume(not _blind_spot(national_id, changed, position))
    assert not nationalid.is_valid(changed)


def test_the_checksum_cannot_see_a_change_of_the_third_digit() -> None:
    # A limit of the national scheme itself, stated so nobody relies on it: the blind index
    # and deduplication must not assume a valid checksum means the right person.
    changed = VALID[:2] + "9" + VALID[3:]
    assert nationalid.is_valid(changed)


@given(valid_ids, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_a_change_of_the_check_digit_always_fails(
    national_id: str, position: int, shift: int
) -> None:
    digit = str((int(national_id[12]) + shift) % 10)
    assert not nationalid.is_valid(national_id[:12] + digit)


def test_it_accepts_spaces_dashes_dots_and_thai_digits() -> None:
    assert nationalid.validate(" 1-1037-02071-18-8 ") == VALID
    assert nationalid.validate("1 1037 02071 18 8") == VALID
    assert nationalid.validate("1.1037.02071.18.8") == VALID
    assert nationalid.validate("๑-๑๐๓๗-๐๒๐๗๑-๑๘-๘") == VALID


def test_it_names_a_character_that_is_not_a_digit() -> None:
    error = error_for("1-1037-O2071-18-1")
    assert error.field == "national_id"
    assert error.message == _(nationalid.MSG_NOT_A_DIGIT).format(character="O")


def test_it_names_the_wrong_number_of_digits() -> None:
    error = error_for(VALID[:12])
    assert error.message == _(nationalid.MSG_LENGTH).format(count=12)


def test_it_rejects_an_id_that_starts_with_zero() -> None:
    error = error_for(with_check_digit("010370207118"))
    assert error.message == _(nationalid.MSG_FIRST_DIGIT).format(digit="0")


def test_it_tells_which_last_digit_the_first_twelve_call_for() -> None:
    error = error_for(VALID[:12] + "7")
    assert error.message == _(nationalid.MSG_CHECKSUM).format(expected=8)


def test_it_asks_for_an_id_when_given_nothing() -> None:
    assert error_for("  ").message == _(nationalid.MSG_EMPTY)


def test_the_messages_are_in_thai_by_default() -> None:
    assert "13" in error_for(VALID[:12]).message
    assert error_for(VALID[:12]).message != nationalid.MSG_LENGTH.format(count=12)


@given(
    valid_ids,
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["", "7", "A", "x", "-", "๗๗", "0000"]),
)
def test_an_error_message_never_contains_the_whole_id(
    national_id: str, position: int, insert: str
) -> None:
    # Given a valid ID garbled by a typing mistake (or a wrong check digit)
    garbled = national_id[:position] + insert + national_id[position + 1 :]
    assume(not nationalid.is_valid(garbled))
    # Then the message never repeats it, nor its first 12 digits
    message = str(error_for(garbled).message)
    assert national_id[:12] not in message
    assert nationalid.normalize(garbled) not in message


@given(valid_ids)
def test_masking_shows_only_the_last_three_digits(national_id: str) -> None:
    masked = nationalid.mask(national_id)
    assert masked == f"x-xxxx-xxxxx-{national_id[10:12]}-{national_id[12]}"
    assert sum(c.isdigit() for c in masked) == 3


@given(st.text(max_size=30))
def test_masking_never_reveals_more_than_three_digits_of_anything(text: str) -> None:
    assert sum(c.isdigit() for c in nationalid.mask(text)) <= 3


def test_formatting_groups_the_digits_as_on_the_card() -> None:
    assert nationalid.format("๑๑๐๓๗๐๒๐๗๑๑๘๘") == "1-1037-02071-18-8"
    assert nationalid.mask(VALID) == "x-xxxx-xxxxx-18-8"


def test_the_blind_index_of_an_id_ignores_how_it_was_typed() -> None:
    assert nationalid.blind_index("1-1037-02071-18-8") == nationalid.blind_index(VALID)


def test_the_blind_index_refuses_an_invalid_id() -> None:
    with pytest.raises(ValidationError):
        nationalid.blind_index(VALID[:12] + "7")
