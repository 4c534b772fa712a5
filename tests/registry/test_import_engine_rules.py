"""The fast paths agree with the plain rules they replace: vectorised national-ID checks with
tambon.core.nationalid, vectorised birth dates with values.parse_birth_date, batch encryption
with crypto.encrypt, the keys of a chunk with hashlib, dumps of people with the encryption at
rest."""

import datetime as dt
import hashlib
import string

import polars as pl
import pytest
from cryptography.fernet import Fernet
from django.core import serializers
from hypothesis import given, settings
from hypothesis import strategies as st

from tambon.core import crypto, nationalid
from tambon.core.errors import ValidationError
from tambon.registry.importing import dates, keys, nid, values
from tambon.registry.models import Person
from tests.registry.factories import make_person, valid_national_id

pytestmark = pytest.mark.usefixtures("english")

TODAY = dt.date(2025, 6, 1)
id_like = st.one_of(
    st.text(alphabet="0123456789", min_size=11, max_size=15),
    st.text(alphabet="0123456789- ๑๒x", min_size=0, max_size=17),
    st.builds(lambda n: valid_national_id(f"{n:012d}"), st.integers(10**11, 9 * 10**11)),
)


def _rule(text: str) -> tuple[str | None, str | None]:
    try:
        return nationalid.validate(text), None
    except ValidationError as exc:
        return None, str(exc.message)


@settings(max_examples=300, deadline=None)
@given(st.lists(id_like, min_size=1, max_size=20))
def test_vectorised_national_id_checks_match_the_rule(samples):
    frame = pl.DataFrame({"id": samples}, schema={"id": pl.String}).with_columns(
        nid.normalized(pl.col("id")).alias("digits")
    )
    frame = frame.with_columns(nid.reason(pl.col("digits")).alias("reason"))
    frame = frame.with_columns(nid.number(pl.col("digits"), pl.col("reason")).alias("number"))

    for text, _digits, reason, number in frame.iter_rows():
        valid, message = _rule(text)
        if not nationalid.normalize(text):
            assert (reason, number) == (None, None)  # no ID at all: allowed in a survey
            continue
        assert reason == message
        assert (str(number) if number is not None else None) == valid


@settings(max_examples=100, deadline=None)
@given(st.lists(id_like, min_size=1, max_size=10))
def test_vectorised_masking_matches_the_rule(samples):
    frame = pl.DataFrame({"id": samples}, schema={"id": pl.String})

    masked = frame.select(nid.masked(pl.col("id"))).to_series().to_list()

    assert masked == [nationalid.mask(s) for s in samples]


dates_like = st.one_of(
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 32),
        st.integers(0, 13),
        st.integers(1790, 2710),
        st.sampled_from(["/", ".", "-", " / "]),
    ),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(1, 2710),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.builds(
        lambda d, m, y: f"{d} {m} {y}",
        st.integers(0, 32),
        st.sampled_from(["ม.ค.", "กพ", "มีนาคม", "เม.ย.", "ธ.ค.", "ธันวา", "ก.ค"]),
        st.integers(2390, 2710),
    ),
    st.text(alphabet=string.digits + "/-. ๒๕", max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(dates_like, min_size=1, max_size=20))
def test_the_fast_birth_dates_agree_with_the_parser(samples):
    frame = pl.DataFrame({"b": samples}, schema={"b": pl.String})

    fast = dates.fast_birth_dates(frame, "b", TODAY).to_list()

    for text, found in zip(samples, fast, strict=True):
        if found is None:
            continue  # left to the parser, which explains what is wrong
        assert values.parse_birth_date(text, today=TODAY) == found, text


def test_batch_encryption_makes_fernet_tokens_of_the_current_key(settings):
    texts = ["", "1", "1100100001006", "a" * 15, "a" * 16, "a" * 17, "สมชาย ใจดี" * 9]

    tokens = crypto.encrypt_many(texts)

    assert [crypto.decrypt(t) for t in tokens] == texts
    current = Fernet(settings.TAMBON_FIELD_ENCRYPTION_KEYS[0])
    assert [current.decrypt(t.encode()).decode() for t in tokens] == texts
    assert all(not crypto.needs_rotation(t) for t in tokens)


def test_batch_encryption_uses_a_fresh_iv_for_every_text():
    tokens = crypto.encrypt_many(["1100100001006"] * 500)

    assert len(set(tokens)) == 500
    assert crypto.encrypt_many([]) == []


def test_batch_encryption_of_texts_of_many_lengths_at_once():
    texts = [str(n) * n for n in range(40)] + ["ก" * n for n in range(12)]

    assert [crypto.decrypt(t) for t in crypto.encrypt_many(texts)] == texts


def _key_rows(house_numbers: list[str | None]) -> pl.DataFrame:
    count = len(house_numbers)
    frame = pl.DataFrame(
        {c: [f"{c}-{n}" for n in range(count)] for c in keys.KEY_COLUMNS}
        | {
            "national_id": ["1100100001006"] + [None] * (count - 1),
            "groups_key": ["1,4"] * count,
            "birth_date": [dt.date(1960, 1, n + 1) for n in range(count)],
            "subdistrict_id": ["500101"] * count,
            "village_id": [None] + ["50010102"] * (count - 1),
            "house_number": house_numbers,
            "valid": [True] * (count - 1) + [False],
        }
    )
    return keys.with_keys(frame, valid="valid")


def test_import_keys_of_a_chunk_are_the_sha256_of_the_documented_content():
    """Keys stored by earlier imports must still match: a re-import must create nothing."""
    rows = _key_rows(["12/3", "๑๒/๓", None])

    first = rows.row(0, named=True)
    content = "\x1f".join(
        [crypto.blind_index("1100100001006", purpose=nationalid.BLIND_INDEX_PURPOSE)]
        + [str(first[c] or "") for c in keys.KEY_COLUMNS]
        + ["1,4"]
    )
    assert first["import_key"] == hashlib.sha256(content.encode("utf-8")).hexdigest()
    assert rows["import_key"][2] is None  # not valid: no key
    assert rows["household_key"][2] is None


def test_household_keys_of_a_chunk_are_the_sha256_of_the_documented_text():
    """The normal forms below are those earlier imports stored: a re-import must find them."""
    numbers = ["12/3", "๑๒/๓", "  12/3  หมู่  ", "AB-7", "ab-7", "Straße 5", "", "x"]
    normal = ["12/3", "12/3", "12/3 หมู่", "ab-7", "ab-7", "strasse 5", None]
    villages = [""] + ["50010102"] * 6

    rows = _key_rows(numbers)

    expected = [
        hashlib.sha256(f"household\x1f500101\x1f{village}\x1f{number}".encode()).hexdigest()
        if number is not None
        else None
        for village, number in zip(villages, normal, strict=True)
    ]
    assert rows["household_key"].to_list()[:-1] == expected  # the last row is not valid


def test_batch_blind_indexes_equal_the_one_by_one_index():
    ids = [valid_national_id() for _ in range(5)]

    assert crypto.blind_index_many(ids, purpose=nationalid.BLIND_INDEX_PURPOSE) == [
        nationalid.blind_index(i) for i in ids
    ]


@pytest.mark.django_db
def test_a_dump_of_people_holds_the_ciphertext_and_loads_back():
    national_id = valid_national_id()
    person = make_person(national_id=national_id)

    dump = serializers.serialize("json", Person.objects.all())
    assert national_id not in dump
    Person.objects.all().delete()
    for record in serializers.deserialize("json", dump):
        record.save()

    assert Person.objects.get(pk=person.pk).national_id == national_id


def test_a_disability_type_given_as_a_superscript_digit_is_a_row_error_not_a_crash():
    assert values.parse_disability("2") == values.parse_disability("๒")

    with pytest.raises(ValidationError):
        values.parse_disability("²")  # str.isdigit takes it, int() refuses it
