"""The linkage model: blocking rules, and comparisons whose m is fixed and u is counted.

m (how often a true duplicate shows a level) is written down from what is known about how
Thai survey records of one person differ: a slip in one name, a birth date typed with day and
month swapped, an ID left out. It is not estimated by expectation-maximisation: a run may
cover one sub-district, far too few duplicates to learn from, and the queue must not change
because another area was added to a run.

u (how often two *different* people agree by chance) is counted exactly from the run's own
records by frequencies.py (no random sampling: the same records always give the same
model), pulled towards the province-sized defaults below when a run has few records. The
prior (`duplicate_prior`) follows from an expected duplicate rate and the number of records.
So a run over one sub-district, where every pair shares the sub-district, gives the
sub-district no weight, and a national run gives it much.

Two departures from a plain splink model:
- the exact full-name level takes the term frequency of the name (registered by predict.py),
  so "สมชาย ใจดี" counts for less than a rare name;
- relatives share a surname *and* a house or village, so for pairs that share a surname the
  address levels use u among same-surname pairs. Without this, twins (same surname, house and
  birth date) would look like one person.

Blocking: equi-joins (fast in DuckDB) that together catch a duplicate with one or two fields
changed: the ID's blind index; the two name sound keys (features.py) in either order (they
survive vowel, tone and homophone typos and swaps); birth date with either key; sub-district
with birth date; sub-district and birth year, or day and month, with either key (a name
typo *and* a date slip); the keys crossed (swapped names with a typo); village and house
number; phone. Each rule joins on equal values, so blocks stay small at any scale.
"""

from dataclasses import dataclass
from typing import Any

from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_creator import ComparisonCreator

# Term frequencies are counted over at least this many records (a province's registry).
TF_MIN_POPULATION = 100_000
# Two different first names are one slip apart (FIRST_CLOSE) about this often, two slips ten
# times as often (measured on Thai names: 0.06 % and 0.7 %; rounded up, as parents give
# siblings names that rhyme).
CLOSE_NAME_CHANCE = 1e-3
TWO_SLIPS_CHANCE = 1e-2
ADDRESS_LEVELS = (
    "same_house",
    "same_village",
    "same_subdistrict",
    "same_district",
    "same_province",
)


@dataclass(frozen=True)
class Chances:
    """u probabilities: how often two different people agree, per field or address level."""

    same_first_name: float
    same_surname: float
    same_birth_date: float
    same_sex: float
    same_phone: float
    # Address levels in ADDRESS_LEVELS order (each excludes the ones before), for pairs that
    # share a surname and for the others; then the share of pairs in different provinces.
    address_family: tuple[float, float, float, float, float]
    address_others: tuple[float, float, float, float, float]
    different_province: float
    duplicate_prior: float


# A province-sized registry of about a million people (about 150 sub-districts and 300,000
# households, 3 % of people recorded twice), as measured on a generated one and rounded. A
# run's own counts replace these as it grows (frequencies.py).
DEFAULT_CHANCES = Chances(
    same_first_name=1.5e-3,
    same_surname=5e-4,
    same_birth_date=3.7e-5,
    same_sex=0.5,
    same_phone=1e-6,
    address_family=(5e-3, 2.5e-3, 0.02, 0.05, 0.9),
    address_others=(8e-7, 6.5e-4, 6e-3, 0.06, 0.9),
    different_province=0.03,
    duplicate_prior=6e-8,
)

# One slip: Damerau-Levenshtein 1 (a changed, dropped or added character, or two swapped),
# or the same sound key (vowels, tone marks or a homophone consonant changed). The cheap
# equality comes first: DuckDB then computes the distance only for the rows it leaves.
FIRST_CLOSE = "(first_key_l = first_key_r OR damerau_levenshtein(first_name_l, first_name_r) <= 1)"
LAST_CLOSE = "(last_key_l = last_key_r OR damerau_levenshtein(last_name_l, last_name_r) <= 1)"
# Relatives share a surname; with the names swapped or mistyped a shared surname still shows
# (equal sound keys, in either order). Equalities only: it is evaluated for many levels.
SAME_SURNAME = "(last_key_l = last_key_r OR first_key_l = last_key_r OR last_key_l = first_key_r)"
# House numbers are unique within a village (หมู่); a record without its village still counts.
SAME_HOUSE = (
    "subdistrict_code_l = subdistrict_code_r AND house_no_l = house_no_r"
    " AND (village_code_l = village_code_r OR village_code_l IS NULL OR village_code_r IS NULL)"
)
_ADDRESS_SQL = (
    SAME_HOUSE,
    "village_code_l = village_code_r",
    "subdistrict_code_l = subdistrict_code_r",
    "district_code_l = district_code_r",
    "province_code_l = province_code_r",
)
_ADDRESS_M = (0.65, 0.12, 0.08, 0.07, 0.04)
_TINY = 1e-12


def _level(sql: str, label: str, m: float, u: float) -> dict[str, Any]:
    u = min(max(u, _TINY), 1 - _TINY)
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _null(sql: str) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": "missing", "is_null_level": True}


def _comparison(name: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"output_column_name": name, "comparison_description": name, "comparison_levels": levels}


def national_id() -> dict[str, Any]:
    return _comparison(
        "national_id",
        [
            _null("national_id_index_l IS NULL OR national_id_index_r IS NULL"),
            # A blind index is equal only for the same ID: practically never two people.
            _level("national_id_index_l = national_id_index_r", "exact", 0.88, 1e-9),
            # One digit typed wrong changes the whole index: duplicates differ here too.
            _level("ELSE", "different", 0.12, 1.0),
        ],
    )


def name(c: Chances) -> dict[str, Any]:
    close = CLOSE_NAME_CHANCE
    return _comparison(
        "name",
        [
            _null("first_name_l IS NULL OR first_name_r IS NULL"),
            {
                # u is replaced by the name's term frequency.
                **_level("full_name_l = full_name_r", "exact", 0.5, 1e-6),
                "tf_adjustment_column": "full_name",
                "tf_adjustment_weight": 1.0,
            },
            _level(
                "first_name_l = last_name_r AND last_name_l = first_name_r",
                "swapped",
                0.05,
                c.same_first_name * c.same_surname,
            ),
            _level(
                f"first_name_l = first_name_r AND {LAST_CLOSE}",
                "last_close",
                0.15,
                c.same_first_name * close,
            ),
            _level(
                f"{SAME_SURNAME} AND {FIRST_CLOSE}", "first_close", 0.21, c.same_surname * close
            ),
            _level(
                f"({FIRST_CLOSE} AND {LAST_CLOSE}) OR name_pair_key_l = name_pair_key_r",
                "both_close",
                0.05,
                close * close,
            ),
            # Two records of one person that each carry a slip are two slips apart.
            _level(
                "(first_name_l = last_name_r"
                " AND damerau_levenshtein(last_name_l, first_name_r) <= 1)"
                " OR (last_name_l = first_name_r"
                " AND damerau_levenshtein(first_name_l, last_name_r) <= 1)",
                "swapped_close",
                0.01,
                c.same_first_name * c.same_surname * close,
            ),
            _level(
                "first_name_l = first_name_r"
                " AND damerau_levenshtein(last_name_l, last_name_r) <= 2",
                "last_two_slips",
                0.01,
                c.same_first_name * TWO_SLIPS_CHANCE,
            ),
            _level(
                "last_name_l = last_name_r"
                " AND damerau_levenshtein(first_name_l, first_name_r) <= 2",
                "first_two_slips",
                0.02,
                c.same_surname * TWO_SLIPS_CHANCE,
            ),
            _level(
                "first_name_l = first_name_r AND (last_name_l IS NULL OR last_name_r IS NULL)",
                "last_missing",
                0.005,
                c.same_first_name,
            ),
            _level("first_name_l = first_name_r", "last_different", 0.003, c.same_first_name),
            # A duplicate rarely has a wholly different first name (nicknames are not names).
            _level(SAME_SURNAME, "first_different", 1e-4, c.same_surname),
            _level("ELSE", "different", 0.0009, 1.0),
        ],
    )


def birth_date(c: Chances) -> dict[str, Any]:
    return _comparison(
        "birth_date",
        [
            _null("birth_date_l IS NULL OR birth_date_r IS NULL"),
            _level("birth_date_l = birth_date_r", "exact", 0.8, c.same_birth_date),
            _level(
                "year(birth_date_l) = year(birth_date_r)"
                " AND day(birth_date_l) = month(birth_date_r)"
                " AND month(birth_date_l) = day(birth_date_r)",
                "day_month_swapped",
                0.08,
                c.same_birth_date,
            ),
            # Ten times as many dates are one digit off as are equal.
            _level(
                "damerau_levenshtein(birth_text_l, birth_text_r) <= 1",
                "one_digit",
                0.08,
                10 * c.same_birth_date,
            ),
            # Two records that each carry a slip.
            _level(
                "damerau_levenshtein(birth_text_l, birth_text_r) <= 2",
                "two_digits",
                0.03,
                100 * c.same_birth_date,
            ),
            _level(
                "abs(date_diff('day', birth_date_l, birth_date_r)) <= 366",
                "within_year",
                0.01,
                0.025,
            ),
            _level("ELSE", "different", 0.01, 1.0),
        ],
    )


def sex(c: Chances) -> dict[str, Any]:
    return _comparison(
        "sex",
        [
            _null("sex_l IS NULL OR sex_r IS NULL OR sex_l = 'X' OR sex_r = 'X'"),
            _level("sex_l = sex_r", "exact", 0.985, c.same_sex),
            _level("ELSE", "different", 0.015, 1 - c.same_sex),
        ],
    )


def address(c: Chances) -> dict[str, Any]:
    family = [
        _level(f"{sql} AND {SAME_SURNAME}", f"{label}_family", m, u)
        for sql, label, m, u in zip(
            _ADDRESS_SQL, ADDRESS_LEVELS, _ADDRESS_M, c.address_family, strict=True
        )
    ]
    others = [
        _level(sql, label, m, u)
        for sql, label, m, u in zip(
            _ADDRESS_SQL, ADDRESS_LEVELS, _ADDRESS_M, c.address_others, strict=True
        )
    ]
    return _comparison(
        "address",
        [
            _null("subdistrict_code_l IS NULL OR subdistrict_code_r IS NULL"),
            *family,
            *others,
            _level("ELSE", "different", 0.04, c.different_province),
        ],
    )


def phone(c: Chances) -> dict[str, Any]:
    return _comparison(
        "phone",
        [
            _null("phone_l IS NULL OR phone_r IS NULL"),
            # People change numbers and households share one: modest evidence either way.
            _level("phone_l = phone_r", "exact", 0.5, max(c.same_phone, 5e-3)),
            _level("ELSE", "different", 0.5, 1 - max(c.same_phone, 5e-3)),
        ],
    )


def comparisons(c: Chances = DEFAULT_CHANCES) -> list[dict[str, Any]]:
    return [national_id(), name(c), birth_date(c), sex(c), address(c), phone(c)]


BLOCKING_RULES = [
    block_on("national_id_index"),
    block_on("name_pair_key"),
    block_on("birth_date", "last_key"),
    block_on("birth_date", "first_key"),
    block_on("subdistrict_code", "birth_date"),
    block_on("subdistrict_code", "birth_year", "last_key"),
    block_on("subdistrict_code", "birth_year", "first_key"),
    block_on("subdistrict_code", "birth_day", "last_key"),
    block_on("subdistrict_code", "birth_day", "first_key"),
    # The same house and sex: whatever slips the names and dates carry.
    block_on("village_code", "house_no", "sex"),
    # First and last name swapped, and one of them mistyped.
    CustomRule("l.first_key = r.last_key AND l.birth_date = r.birth_date"),
    CustomRule("l.last_key = r.first_key AND l.birth_date = r.birth_date"),
    CustomRule("l.first_key = r.last_key AND l.subdistrict_code = r.subdistrict_code"),
    CustomRule("l.last_key = r.first_key AND l.subdistrict_code = r.subdistrict_code"),
    CustomRule("l.phone = r.phone"),
]


def level_case_sql(comparison: dict[str, Any]) -> str:
    """A SQL CASE naming the level of `comparison` that a pair falls in (as splink decides)."""
    whens = [
        f"WHEN {lvl['sql_condition']} THEN '{lvl['label_for_charts']}'"
        for lvl in comparison["comparison_levels"]
        if lvl["sql_condition"] != "ELSE"
    ]
    return f"CASE {' '.join(whens)} ELSE 'different' END"


def settings(c: Chances = DEFAULT_CHANCES) -> SettingsCreator:
    """The splink settings of the model with the chances `c`."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=c.duplicate_prior,
        comparisons=list[ComparisonCreator | dict[str, Any]](comparisons(c)),
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
