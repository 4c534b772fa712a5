"""The slips planted duplicates carry: Thai name typos, swapped fields, mistyped IDs and dates."""

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tambon.core import nationalid
from tambon.registry.demo_data import perturb
from tambon.registry.names import normalize_name
from tests.registry.factories import valid_national_id

THAI_NAMES = ["สมศรี", "มีสุข", "เจษฎากร", "ใจดี", "บุญมา", "ศรีวิชัย", "ณัฐธิตา", "ก้องเกียรติ"]
NID = valid_national_id("350010123456")

# A Thai name starts with a consonant or a leading vowel; marks follow anywhere after.
thai_names = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("กขคงจชซญณดตถทธนบปผพภมยรลวศสหอเแโใไ"),
    st.text(
        alphabet=st.sampled_from("กขคงจฉชซญณดตถทธนบปผพฟภมยรลวศษสหอฮะาำเแโใไ่้๊๋ัิีึืุู์"),
        max_size=20,
    ),
)


@pytest.mark.parametrize("name", THAI_NAMES)
def test_a_thai_typo_changes_the_name_as_search_compares_it(name: str) -> None:
    rng = random.Random(7)
    for _ in range(30):
        typo = perturb.typo_thai(name, rng)
        assert normalize_name(typo) != normalize_name(name)


@settings(max_examples=200, deadline=None)
@given(name=thai_names, seed=st.integers(0, 10_000))
def test_any_thai_text_gets_a_different_normal_form(name: str, seed: int) -> None:
    typo = perturb.typo_thai(name, random.Random(seed))
    assert normalize_name(typo) != normalize_name(name)


def test_a_thai_typo_stays_close_to_the_name() -> None:
    rng = random.Random(3)
    for name in THAI_NAMES:
        typo = perturb.typo_thai(name, rng)
        assert abs(len(typo) - len(name)) <= 1
        assert len(set(typo) ^ set(name)) <= 3


def test_the_slips_of_a_thai_name_include_tone_vowel_and_swap() -> None:
    rng = random.Random(11)
    typos = {perturb.typo_thai("มีสุข", rng) for _ in range(200)}
    assert "มีสข" in typos  # a vowel dropped
    assert "มิสุข" in typos  # a long vowel written short
    assert "มีสุ่ข" in typos  # a tone mark added
    typos = {perturb.typo_thai("ก้องเกียรติ", rng) for _ in range(300)}
    assert "กองเกียรติ" in typos  # a tone mark dropped
    assert "ก่องเกียรติ" in typos  # a tone mark changed
    typos = {perturb.typo_thai("สมศรี", rng) for _ in range(200)}
    assert "สมสรี" in typos  # a homophone consonant
    assert "มสศรี" in typos  # two letters swapped


def test_the_same_seed_gives_the_same_typos() -> None:
    first = [perturb.typo_thai(n, random.Random(5)) for n in THAI_NAMES]
    second = [perturb.typo_thai(n, random.Random(5)) for n in THAI_NAMES]
    assert first == second


def test_an_empty_name_stays_empty() -> None:
    assert perturb.typo_thai("", random.Random(1)) == ""


def test_swapping_names_puts_each_in_the_other_column() -> None:
    assert perturb.swap_names("สมศรี", "มีสุข") == ("มีสุข", "สมศรี")


def test_day_and_month_swap_when_both_could_be_a_month() -> None:
    assert perturb.swap_day_month(dt.date(1958, 4, 3)) == dt.date(1958, 3, 4)


@pytest.mark.parametrize("day", [dt.date(1958, 4, 13), dt.date(1990, 5, 5)])
def test_a_date_that_cannot_be_read_the_other_way_is_kept(day: dt.date) -> None:
    assert not perturb.can_swap_day_month(day)
    assert perturb.swap_day_month(day) == day


def test_a_mistyped_birth_date_differs_in_one_digit_of_day_or_year() -> None:
    rng = random.Random(2)
    day = dt.date(1958, 4, 13)
    for _ in range(50):
        wrong = perturb.mistype_birth_date(day, rng)
        assert wrong != day
        assert wrong.month == day.month
        digits = sum(
            a != b for a, b in zip(wrong.strftime("%d%Y"), day.strftime("%d%Y"), strict=True)
        )
        assert digits == 1


def test_a_mistyped_national_id_differs_in_one_digit_and_fails_the_checksum() -> None:
    rng = random.Random(4)
    for _ in range(50):
        wrong = perturb.mistype_national_id(NID, rng)
        assert sum(a != b for a, b in zip(wrong, NID, strict=True)) == 1
        assert not nationalid.is_valid(wrong)


def test_a_mistyped_id_that_passes_the_checksum_is_another_valid_id() -> None:
    rng = random.Random(4)
    for _ in range(50):
        wrong = perturb.mistype_national_id(NID, rng, passes_checksum=True)
        assert sum(a != b for a, b in zip(wrong, NID, strict=True)) == 1
        assert nationalid.is_valid(wrong)
        assert nationalid.blind_index(wrong) != nationalid.blind_index(NID)


def test_a_house_number_is_written_another_way() -> None:
    rng = random.Random(6)
    variants = {perturb.vary_house_number("12/3", rng, village_number=4) for _ in range(100)}
    assert "12/3" not in variants
    assert {"12 ม.3", "เลขที่ 12/3", "๑๒/๓", "12/3 หมู่ 4"} <= variants


def test_a_duplicate_records_what_changed() -> None:
    person = perturb.PersonFields(
        first_name="สมศรี",
        last_name="มีสุข",
        sex="F",
        birth_date=dt.date(1958, 4, 3),
        national_id=NID,
        title="นาง",
        phone="0812345678",
        house_number="12/3",
        village_number=4,
    )
    rng = random.Random(9)
    for _ in range(200):
        duplicate = perturb.make_duplicate(person, rng)
        fields, changes = duplicate.fields, set(duplicate.changes)
        assert (fields.national_id is None) == (perturb.ID_MISSING in changes)
        assert fields.national_id in (None, NID)
        assert (fields.birth_date != person.birth_date) == bool(
            changes & {perturb.DAY_MONTH_SWAPPED, perturb.BIRTH_DATE_MISTYPED}
        )
        assert (fields.first_name, fields.last_name) != (person.first_name, person.last_name) or (
            not changes & {perturb.FIRST_NAME_TYPO, perturb.LAST_NAME_TYPO, perturb.NAMES_SWAPPED}
        )
        assert fields.sex == person.sex
        assert fields.house_number != person.house_number
        core = changes & {
            perturb.ID_MISSING,
            perturb.FIRST_NAME_TYPO,
            perturb.LAST_NAME_TYPO,
            perturb.NAMES_SWAPPED,
            perturb.DAY_MONTH_SWAPPED,
            perturb.BIRTH_DATE_MISTYPED,
        }
        assert len(core) <= 2


def test_about_forty_percent_of_duplicates_lose_their_id() -> None:
    person = perturb.PersonFields("บุญมา", "ใจดี", "M", dt.date(1950, 1, 20), NID)
    rng = random.Random(12)
    missing = sum(
        perturb.make_duplicate(person, rng).fields.national_id is None for _ in range(2000)
    )
    assert 0.36 <= missing / 2000 <= 0.44


def test_duplicates_can_carry_another_valid_id_for_benchmarks() -> None:
    person = perturb.PersonFields("บุญมา", "ใจดี", "M", dt.date(1950, 1, 20), NID)
    rng = random.Random(13)
    copies = [
        perturb.make_duplicate(person, rng, missing_id=0.0, mistyped_id=1.0) for _ in range(20)
    ]
    for copy in copies:
        assert perturb.ID_MISTYPED in copy.changes
        assert copy.fields.national_id != NID
        assert nationalid.is_valid(copy.fields.national_id or "")
