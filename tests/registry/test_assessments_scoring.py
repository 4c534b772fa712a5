"""The pure scoring of a survey: per dimension, per 4S, and the problems it signals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tambon.registry import seed
from tambon.registry.services.assessments import Rule, score

# The seeded TPMAP survey and its first mapping, as plain data (no database needed).
DIMENSIONS = {code: dimension for code, dimension, *_rest in seed.INDICATORS}
SEED_RULES = [
    Rule(indicator=code, four_s=four_s, weight=1, problem_type=problem)
    for code, _dim, _scope, _th, _en, four_s, problem in seed.INDICATORS
]
CODES = sorted(DIMENSIONS)
WITH_PROBLEM = [r.indicator for r in SEED_RULES if r.problem_type]


def test_a_hand_computed_survey_scores_as_expected() -> None:
    # Given two health indicators on Smile (weights 1 and 2), one living indicator on Safety,
    # one income indicator on Sufficiency, and an education indicator left unmapped
    rules = [
        Rule("health_safe_food", "smile", Decimal("1.00"), "health"),
        Rule("health_exercise", "smile", Decimal("2.00"), None),
        Rule("living_drinking_water", "safety", 1, "housing"),
        Rule("income_household", "sufficiency", 1, "poverty"),
    ]
    answers = {
        "health_safe_food": True,
        "health_exercise": False,
        "living_drinking_water": None,
        "income_household": False,
        "education_literacy": True,
    }

    # When the survey is scored
    result = score(answers, rules, DIMENSIONS)

    # Then health is 1 of 2 met, living was not asked, income 0 of 1, education 1 of 1
    assert result.dimensions == {
        "health": 50.0,
        "living": None,
        "education": 100.0,
        "income": 0.0,
        "access": None,
    }
    # and Smile weighs the met indicator 1 against 1 + 2: a third
    assert result.four_s == {
        "safety": None,
        "smile": 33.3,
        "smart": None,
        "sufficiency": 0.0,
    }
    # and only the unmet indicator that signals a problem lists it
    assert result.problems == ("poverty",)


def test_an_unknown_indicator_is_named() -> None:
    with pytest.raises(ValueError, match="health_teeth"):
        score({"health_teeth": True}, SEED_RULES, DIMENSIONS)


def test_problems_are_listed_once_and_sorted() -> None:
    answers = dict.fromkeys(
        ["living_secure_housing", "living_drinking_water", "income_household"], False
    )

    result = score(answers, SEED_RULES, DIMENSIONS)

    assert result.problems == ("housing", "poverty")


@given(st.sets(st.sampled_from(CODES), min_size=1))
def test_all_needs_met_scores_100_everywhere_and_finds_no_problem(asked: set[str]) -> None:
    result = score(dict.fromkeys(asked, True), SEED_RULES, DIMENSIONS)

    assert result.problems == ()
    assert {v for v in result.dimensions.values() if v is not None} == {100.0}
    assert {v for v in result.four_s.values() if v is not None} == {100.0}
    asked_dimensions = {DIMENSIONS[c] for c in asked}
    assert {d for d, v in result.dimensions.items() if v is not None} == asked_dimensions


@given(st.sampled_from(WITH_PROBLEM), st.sets(st.sampled_from(CODES)))
def test_one_unmet_need_brings_its_problem(unmet: str, others: set[str]) -> None:
    answers: dict[str, bool | None] = dict.fromkeys(others, True)
    answers[unmet] = False
    expected = next(r.problem_type for r in SEED_RULES if r.indicator == unmet)

    result = score(answers, SEED_RULES, DIMENSIONS)

    assert result.problems == (expected,)
    dimension_score = result.dimensions[DIMENSIONS[unmet]]
    assert dimension_score is not None
    assert dimension_score < 100


@given(st.dictionaries(st.sampled_from(CODES), st.sampled_from([True, False, None])))
def test_scores_stay_between_0_and_100(answers: dict[str, bool | None]) -> None:
    result = score(answers, SEED_RULES, DIMENSIONS)

    for value in [*result.dimensions.values(), *result.four_s.values()]:
        assert value is None or 0 <= value <= 100
