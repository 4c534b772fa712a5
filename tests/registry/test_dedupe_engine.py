"""The linkage model on its own (registry.dedupe.predict_pairs): a Polars frame in, pairs out."""

import datetime as dt

import polars as pl
import pytest

from tambon.registry.dedupe import DEFAULT_THRESHOLD, predict_pairs, synthetic
from tambon.registry.dedupe.features import INPUT_SCHEMA, empty_frame
from tambon.registry.names import normalize_name

SIPHUM = "500101"


def _person(pk: int, first: str, last: str, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": pk,
        "first_name": normalize_name(first),
        "last_name": normalize_name(last),
        "birth_date": dt.date(1958, 4, 13),
        "sex": "F",
        "subdistrict_code": SIPHUM,
        "village_code": "50010101",
        "house_number": "12/3",
        "national_id_index": None,
        "phone": "",
    }
    row.update(fields)
    return row


def _frame(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=INPUT_SCHEMA)


def _pair(pairs: pl.DataFrame, left: int, right: int) -> dict | None:
    found = pairs.filter((pl.col("left_id") == left) & (pl.col("right_id") == right))
    return found.row(0, named=True) if found.height else None


# A village of unrelated people, so the frequencies of the run look like a registry's.
NEIGHBOURS = [
    _person(100 + i, first, last, birth_date=dt.date(1950 + i, 1 + i % 12, 1 + i % 28),
            house_number=str(40 + i), national_id_index=f"idx{i:03d}")
    for i, (first, last) in enumerate(
        [("ประยูร", "ทองคำ"), ("วันเพ็ญ", "บุญมา"), ("สุริยา", "แก้วมณี"), ("อรทัย", "ศรีวงศ์"),
         ("ณัฐพล", "พรหมมา"), ("จันทร์เพ็ญ", "สายสุวรรณ"), ("บัวผัน", "ใจคำ"), ("คำแสง", "อินต๊ะ")]
    )
]  # fmt: skip


def test_a_typo_and_a_missing_id_are_still_found() -> None:
    # Given the same woman recorded twice: a tone mark dropped, her ID left out the second time
    people = _frame(
        _person(1, "สมศรี", "มีสุข", national_id_index="a" * 64),
        _person(2, "สมศรี", "มีสข"),
        *NEIGHBOURS,
    )
    # When the pairs are scored
    pairs = predict_pairs(people)
    # Then the two records are a likely duplicate, and the fields say why
    pair = _pair(pairs, 1, 2)
    assert pair is not None and pair["probability"] >= DEFAULT_THRESHOLD
    assert pair["comparison"]["first_name"] == "exact"
    assert pair["comparison"]["last_name"] == "close"
    assert pair["comparison"]["national_id"] == "missing"
    assert pair["comparison"]["birth_date"] == "exact"


def test_swapped_names_and_day_month_are_found() -> None:
    people = _frame(
        _person(1, "สมศรี", "มีสุข", birth_date=dt.date(1958, 4, 3)),
        _person(2, "มีสุข", "สมศรี", birth_date=dt.date(1958, 3, 4)),
        *NEIGHBOURS,
    )
    pair = _pair(predict_pairs(people), 1, 2)
    assert pair is not None
    assert pair["comparison"]["first_name"] == "swapped"
    assert pair["comparison"]["birth_date"] == "swapped"


def test_a_clear_non_duplicate_is_not_found() -> None:
    people = _frame(
        _person(1, "สมศรี", "มีสุข"),
        _person(2, "ประเสริฐ", "วงศ์สวัสดิ์", birth_date=dt.date(1990, 11, 2), sex="M"),
        *NEIGHBOURS,
    )
    assert _pair(predict_pairs(people), 1, 2) is None


def test_twins_with_their_own_ids_are_not_one_person() -> None:
    # Same household, surname and birth date; another first name and another ID
    people = _frame(
        _person(1, "กมลชนก", "ใจดี", birth_date=dt.date(2012, 6, 1), national_id_index="b" * 64),
        _person(2, "สุภาวดี", "ใจดี", birth_date=dt.date(2012, 6, 1), national_id_index="c" * 64),
        *NEIGHBOURS,
    )
    assert _pair(predict_pairs(people), 1, 2) is None


def test_the_same_blind_index_is_a_duplicate_whatever_the_name() -> None:
    people = _frame(
        _person(1, "สมศรี", "มีสุข", national_id_index="d" * 64),
        _person(2, "ศรี", "มีสุข", national_id_index="d" * 64, house_number="99"),
        *NEIGHBOURS,
    )
    pair = _pair(predict_pairs(people), 1, 2)
    assert pair is not None and pair["comparison"]["national_id"] == "exact"


def test_no_people_or_one_person_gives_no_pairs() -> None:
    assert predict_pairs(empty_frame()).is_empty()
    assert predict_pairs(_frame(_person(1, "สมศรี", "มีสุข"))).is_empty()


def test_a_frame_without_a_column_is_refused() -> None:
    with pytest.raises(ValueError, match="national_id_index"):
        predict_pairs(_frame(_person(1, "สมศรี", "มีสุข")).drop("national_id_index"))


def test_pairs_are_ordered_and_the_same_on_every_run() -> None:
    people = _frame(_person(2, "สมศรี", "มีสุข"), _person(1, "สมศรี", "มีสข"), *NEIGHBOURS)
    first, second = predict_pairs(people), predict_pairs(people)
    assert first.equals(second)
    assert (first["left_id"] < first["right_id"]).all()


@pytest.mark.slow
def test_generated_registry_precision_and_recall(db: None) -> None:
    # db: the generator reuses the demo's slips, which translate their messages.
    registry = synthetic.generate(6000, seed=7)
    pairs = predict_pairs(registry.people).select("left_id", "right_id")
    found = pairs.join(registry.duplicates, on=["left_id", "right_id"], how="semi").height
    precision = found / pairs.height
    recall = found / registry.duplicates.height
    exact_ids = registry.people.filter(pl.col("national_id_index").is_not_null())
    baseline = exact_ids.height - exact_ids["national_id_index"].n_unique()
    assert precision >= 0.99
    assert recall >= 0.97
    assert found >= 1.5 * baseline
