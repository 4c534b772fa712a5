"""Reads other parts build on: a subject's latest problems, problems of many people at once,
filters of people and households by problem, counts by problem type for an area."""

import datetime as dt
from typing import Any

import pytest

from tambon.accounts.models import User
from tambon.registry.models import Household, Person
from tambon.registry.selectors.assessments import (
    households_with_problem,
    latest_problems_of,
    people_with_problem,
    problems_by_person_ids,
    summary_for_area,
)
from tambon.registry.services.assessments import record_assessment
from tests.registry.factories import PHRA_BOROM, make_household, make_person

pytestmark = pytest.mark.django_db

POOR = {"income_household": False}
BADLY_HOUSED = {"living_secure_housing": False}
WELL = {"income_household": True, "living_secure_housing": True}


def codes(problems: list) -> list[str]:
    return [p.code for p in problems]


def assess(by: User, answers: dict, on: dt.date, **subject: Household | Person) -> None:
    record_assessment(by=by, assessed_on=on, answers=answers, **subject)  # type: ignore[arg-type]


def test_the_latest_assessment_of_a_household_gives_its_problems(admin: User) -> None:
    household = make_household()
    assess(admin, POOR, dt.date(2024, 5, 1), household=household)
    assess(admin, BADLY_HOUSED, dt.date(2025, 5, 1), household=household)
    assess(admin, WELL, dt.date(2023, 5, 1), household=household)  # recorded late, older

    assert codes(latest_problems_of(household)) == ["housing"]


def test_a_person_has_their_own_problems_and_their_households(admin: User) -> None:
    household = make_household()
    person = make_person(household=household, first_name="ทองใบ", last_name="สุขใจ")
    assess(admin, POOR, dt.date(2025, 1, 1), household=household)
    assess(admin, {"access_elderly_care": False}, dt.date(2025, 1, 2), person=person)

    assert codes(latest_problems_of(person)) == ["elderly", "poverty"]
    assert latest_problems_of(make_person()) == []


def test_problems_of_many_people_take_two_queries(
    admin: User, django_assert_num_queries: Any
) -> None:
    household = make_household()
    members = [make_person(household=household, first_name=f"สมาชิก{i}") for i in range(4)]
    loner = make_person(first_name="สมหมาย")
    untouched = make_person(first_name="สมปอง")
    assess(admin, POOR, dt.date(2025, 1, 1), household=household)
    assess(admin, BADLY_HOUSED, dt.date(2025, 1, 1), person=loner)
    assess(admin, {"access_disability_care": False}, dt.date(2025, 1, 1), person=members[0])
    ids = [p.pk for p in [*members, loner, untouched]]

    with django_assert_num_queries(2):
        result = problems_by_person_ids(ids)

    assert {pk: codes(problems) for pk, problems in result.items()} == {
        members[0].pk: ["disability", "poverty"],
        members[1].pk: ["poverty"],
        members[2].pk: ["poverty"],
        members[3].pk: ["poverty"],
        loner.pk: ["housing"],
    }


def test_people_and_households_are_filtered_by_a_problem_of_their_latest_assessment(
    admin: User,
) -> None:
    poor = make_household()
    recovered = make_household()
    member = make_person(household=poor)
    make_person(household=recovered)
    assess(admin, POOR, dt.date(2024, 1, 1), household=poor)
    assess(admin, POOR, dt.date(2024, 1, 1), household=recovered)
    assess(admin, WELL, dt.date(2025, 1, 1), household=recovered)

    people = people_with_problem(Person.objects.all(), "poverty")
    households = households_with_problem(Household.objects.all(), "poverty")

    assert list(people) == [member]
    assert list(households) == [poor]


def test_an_area_summary_counts_each_subjects_latest_problems(admin: User) -> None:
    for _ in range(3):
        assess(admin, POOR, dt.date(2025, 1, 1), household=make_household())
    recovered = make_household()
    assess(admin, POOR, dt.date(2024, 1, 1), household=recovered)
    assess(admin, WELL, dt.date(2025, 1, 1), household=recovered)
    assess(admin, BADLY_HOUSED, dt.date(2025, 1, 1), person=make_person())
    assess(admin, POOR, dt.date(2025, 1, 1), household=make_household(subdistrict=PHRA_BOROM))

    siphum = {p.code: n for p, n in summary_for_area("500101")}
    chiang_mai = {p.code: n for p, n in summary_for_area("50")}
    country = {p.code: n for p, n in summary_for_area()}

    assert (siphum["poverty"], siphum["housing"], siphum["debt"]) == (3, 1, 0)
    assert chiang_mai == siphum
    assert country["poverty"] == 4
    assert next(iter(siphum)) == "domestic_violence"  # every active type, in taxonomy order
