"""Target groups: derived from birth date and sex, recorded by hand, implied by a card or a
disability type — and the SQL filter agrees with the Python answer for every person."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tambon.registry.models import Person, TargetGroup
from tambon.registry.selectors.target_groups import (
    age_on,
    filter_by_target_group,
    target_groups_of,
)
from tests.registry.factories import make_person
from tests.registry.test_people_support import group

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 1)  # 1 มี.ค. 2568


def codes(person: Person, today: dt.date = TODAY) -> set[str]:
    return {g.code for g in target_groups_of(person, today)}


def test_a_girl_of_sixteen_is_a_child_a_youth_and_a_woman() -> None:
    girl = make_person(first_name="น้ำฝน", sex="F", birth_date=dt.date(2008, 6, 1))

    assert codes(girl) == {"child", "youth", "woman"}


def test_a_man_turns_elderly_on_his_sixtieth_birthday() -> None:
    man = make_person(first_name="สมบัติ", sex="M", birth_date=dt.date(1965, 3, 1))

    assert "elderly" in codes(man, TODAY)
    assert "elderly" not in codes(man, TODAY - dt.timedelta(days=1))


def test_someone_born_on_29_february_comes_of_age_on_1_march() -> None:
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_without_a_birth_date_no_age_group_applies() -> None:
    person = make_person(first_name="ไม่ทราบ", sex="M", birth_date=None)

    assert codes(person) == set()


def test_recorded_groups_and_the_groups_implied_by_cards_are_included() -> None:
    person = make_person(
        first_name="บุญช่วย",
        sex="M",
        birth_date=dt.date(1980, 1, 1),
        disability_type=Person.Disability.PHYSICAL,
        welfare_card=True,
    )
    person.target_groups.add(group("bedridden"))

    assert codes(person) == {"disability", "low_income", "bedridden"}


def test_a_derived_group_recorded_by_mistake_does_not_count() -> None:
    person = make_person(first_name="สมศักดิ์", sex="M", birth_date=dt.date(1990, 1, 1))
    person.target_groups.add(group("elderly"))

    assert "elderly" not in codes(person)
    assert not filter_by_target_group(Person.objects.all(), group("elderly"), TODAY).exists()


def test_an_inactive_group_is_not_shown() -> None:
    person = make_person(first_name="สมใจ", sex="F")
    TargetGroup.objects.filter(code="woman").update(active=False)

    assert "woman" not in codes(person)


def test_the_filter_finds_the_disabled_by_type_and_by_recorded_group_once_each() -> None:
    by_type = make_person(first_name="ก", disability_type=Person.Disability.VISUAL)
    by_group = make_person(first_name="ข")
    by_group.target_groups.add(group("disability"), group("bedridden"))
    make_person(first_name="ค")

    found = filter_by_target_group(Person.objects.all(), group("disability"), TODAY)

    assert sorted(found.values_list("pk", flat=True)) == sorted([by_type.pk, by_group.pk])


people = st.lists(
    st.tuples(
        st.one_of(st.none(), st.dates(dt.date(1925, 1, 1), dt.date(2025, 3, 1))),
        st.sampled_from(["M", "F", "X", ""]),
        st.booleans(),
        st.sampled_from(["", "visual", "autism"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=people, today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_the_sql_filter_agrees_with_target_groups_of(
    rows: list[tuple[dt.date | None, str, bool, str, bool]], today: dt.date
) -> None:
    with transaction.atomic():
        made = []
        for birth_date, sex, welfare, disability, bedridden in rows:
            person = make_person(
                first_name="ทดสอบ",
                sex=sex,
                birth_date=birth_date,
                welfare_card=welfare,
                disability_type=disability,
            )
            if bedridden:
                person.target_groups.add(group("bedridden"))
            made.append(person)
        for g in TargetGroup.objects.filter(active=True):
            in_sql = set(
                filter_by_target_group(Person.objects.all(), g, today).values_list("pk", flat=True)
            )
            in_python = {p.pk for p in made if g in target_groups_of(p, today)}
            assert in_sql == in_python, g.code
        transaction.set_rollback(True)
