"""The registry demo data: households, people, consents, assessments and planted duplicates."""

import re
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.policy import scope_to_user
from tambon.core import nationalid
from tambon.core.crypto import TOKEN_PREFIX
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext
from tambon.registry.demo_data import plan_registry
from tambon.registry.demo_data.areas import reference_date, target_subdistricts
from tambon.registry.demo_data.duplicates import DUPLICATE_SHARE
from tambon.registry.demo_data.families import age_on
from tambon.registry.demo_data.plan import RegistryPlan
from tambon.registry.demo_data.volunteers import HOUSEHOLDS_EACH
from tambon.registry.models import (
    AssessmentAnswer,
    Consent,
    Household,
    MappingVersion,
    NeedsAssessment,
    Person,
    VolunteerAssignment,
)
from tambon.registry.models.assessments import Dimension, FourS
from tambon.registry.names import search_name
from tambon.registry.selectors.people import visible_people
from tambon.registry.services.assessments import load_scoring_table, score
from tests.registry.factories import make_household

pytestmark = pytest.mark.django_db

GENERATORS = ["geo.villages", "accounts.users", "registry.households"]
PLAIN_HOUSE_NUMBER = re.compile(r"^\d+(/\d+)?$")


def run_demo(*, seed: int = 1, only: list[str] | None = None) -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=seed, only=only or GENERATORS, stdout=out)
    return out.getvalue()


def program_subdistricts() -> list[str]:
    return DemoContext.create(scale="small", seed=1).subdistrict_codes


def replan(seed: int = 1) -> RegistryPlan:
    """The plan of a first run on an empty registry, computed again (it writes nothing)."""
    ctx = DemoContext.create(scale="small", seed=seed)
    ctx.reseed("registry.households")
    return plan_registry(ctx, target_subdistricts(ctx), ref=reference_date())


def people_in_order() -> list[Person]:
    return list(Person.objects.order_by("pk").select_related("household"))


def planted(people: list[Person]) -> list[tuple[Person, Person]]:
    plan = replan()
    assert len(plan.people) == len(people)
    return [(people[a], people[b]) for a, b in plan.planted_pairs()]


def snapshot() -> list[tuple]:
    return [
        (
            p.subdistrict_id,
            p.village_id,
            p.household.house_number if p.household else None,
            p.relation,
            p.title,
            p.first_name,
            p.last_name,
            p.sex,
            p.birth_date,
            p.phone,
            p.national_id,
        )
        for p in people_in_order()
    ]


def age_of(person: Person) -> int:
    """The person's age on the demo's reference date (every demo person has a birth date)."""
    assert person.birth_date is not None
    return age_on(person.birth_date, reference_date())


def forget_registry() -> None:
    NeedsAssessment.objects.all().delete()
    Consent.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()


def test_every_subdistrict_a_demo_account_covers_gets_households() -> None:
    run_demo()

    covered = set(
        AreaAssignment.objects.filter(user__email__endswith=DEMO_EMAIL_DOMAIN)
        .filter(area_code__regex=r"^\d{6}$")
        .values_list("area_code", flat=True)
    )
    assert covered
    for code in covered:
        assert Household.objects.filter(subdistrict_id=code).count() >= 20, code


def test_households_spread_across_the_demo_province_for_the_provincial_officer() -> None:
    run_demo()

    program = set(program_subdistricts())
    places = set(Household.objects.values_list("subdistrict_id", flat=True))
    assert {code[:2] for code in places} == {"50"}
    assert len(places - program) >= len(program)
    province = User.objects.get(username="province")
    seen = scope_to_user(Household.objects.all(), province)
    assert seen.count() == Household.objects.count()
    officer = User.objects.get(username="officer")
    assert set(
        scope_to_user(Household.objects.all(), officer).values_list("subdistrict_id", flat=True)
    ) == {"500101"}


def test_the_small_scale_has_about_600_households_and_2000_people() -> None:
    output = run_demo()

    households, people = Household.objects.count(), Person.objects.count()
    assert 480 <= households <= 750
    assert 1700 <= people <= 2500
    assert f"{households} new households, {people} new people" in output


def test_households_are_in_real_villages_of_their_subdistrict() -> None:
    run_demo()

    program = set(program_subdistricts())
    for household in Household.objects.select_related("village", "subdistrict"):
        if household.subdistrict_id in program:
            assert household.village is not None
            assert household.village.subdistrict_id == household.subdistrict_id
            assert f"หมู่ที่ {household.village.number}" in household.address
        else:
            assert household.village is None
        assert f"ต.{household.subdistrict.name_th}" in household.address
        assert re.search(r"\b50\d{3}$", household.address)
    numbers = list(Household.objects.values_list("house_number", flat=True))
    plain = [n for n in numbers if PLAIN_HOUSE_NUMBER.match(n)]
    assert len(plain) >= 0.95 * len(numbers)
    assert any("/" in n for n in plain)


def test_housing_and_income_follow_plausible_shares() -> None:
    run_demo()

    total = Household.objects.count()
    housing = Counter(Household.objects.values_list("housing", flat=True))
    income = Counter(Household.objects.values_list("income_band", flat=True))
    assert housing[Household.Housing.SECURE] / total > 0.55
    assert 0.05 < housing[Household.Housing.DILAPIDATED] / total < 0.15
    assert 0.05 < income[Household.IncomeBand.BELOW_POVERTY_LINE] / total < 0.25
    poor_dilapidated = Household.objects.filter(
        income_band=Household.IncomeBand.BELOW_POVERTY_LINE,
        housing__in=[Household.Housing.DILAPIDATED, Household.Housing.TEMPORARY],
    ).count()
    rich_dilapidated = Household.objects.filter(
        income_band=Household.IncomeBand.ABOVE_STANDARD,
        housing__in=[Household.Housing.DILAPIDATED, Household.Housing.TEMPORARY],
    ).count()
    poor = income[Household.IncomeBand.BELOW_POVERTY_LINE]
    rich = income[Household.IncomeBand.ABOVE_STANDARD]
    assert poor_dilapidated / poor > 3 * rich_dilapidated / rich


def test_households_have_one_to_seven_members_led_by_a_head() -> None:
    run_demo()

    people = people_in_order()
    duplicates = {second.pk for _, second in planted(people)}
    members: dict[int, list[Person]] = {}
    for person in people:
        if person.household_id and person.pk not in duplicates:
            members.setdefault(person.household_id, []).append(person)
    relations = Counter(p.relation for group in members.values() for p in group)
    for group in members.values():
        assert 1 <= len(group) <= 7
        assert [p.relation for p in group].count(Person.Relation.HEAD) == 1
        spouses = [p for p in group if p.relation == Person.Relation.SPOUSE]
        head = next(p for p in group if p.relation == Person.Relation.HEAD)
        assert all(s.sex != head.sex for s in spouses)
    for relation in ("spouse", "child", "grandchild", "parent"):
        assert relations[relation] > 0, relation
    sizes = Counter(len(group) for group in members.values())
    assert set(sizes) == set(range(1, 8))


def test_titles_match_sex_and_age() -> None:
    run_demo()

    people = people_in_order()
    duplicates = {second.pk for _, second in planted(people)}
    for person in people:
        if person.pk in duplicates:
            continue
        assert person.birth_date is not None
        age = age_of(person)
        expected = {
            ("M", True): {"ด.ช."},
            ("F", True): {"ด.ญ."},
            ("M", False): {"นาย"},
            ("F", False): {"นาง", "นางสาว"},
        }[(person.sex, age < 15)]
        assert person.title in expected, (person.title, person.sex, age)
        if person.relation == Person.Relation.SPOUSE and person.sex == "F":
            assert person.title == "นาง"
        assert all("\u0e00" <= ch <= "\u0e7f" for ch in person.first_name)
        assert person.search_name == search_name(person.first_name, person.last_name)


def test_phones_are_thai_mobile_numbers_for_most_adults_and_no_children() -> None:
    run_demo()

    adults = [p for p in Person.objects.exclude(household=None) if age_of(p) >= 18]
    with_phone = [p for p in adults if p.phone]
    assert len(with_phone) > 0.5 * len(adults)
    assert all(re.fullmatch(r"0[689]\d{8}", p.phone) for p in with_phone)
    children = [p for p in Person.objects.all() if age_of(p) < 15]
    assert children and not any(p.phone for p in children)


def test_every_national_id_is_valid_and_stored_encrypted() -> None:
    run_demo()

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, national_id, national_id_index FROM registry_person")
        raw = {pk: (stored, index) for pk, stored, index in cursor.fetchall()}
    people = Person.objects.all()
    with_id = [p for p in people if p.national_id]
    assert 0.88 <= len(with_id) / len(people) <= 0.96
    for person in with_id:
        stored, index = raw[person.pk]
        assert stored.startswith(TOKEN_PREFIX)
        assert not re.search(r"\d{13}", stored)
        assert person.national_id not in stored
        assert nationalid.is_valid(person.national_id)
        assert index == nationalid.blind_index(person.national_id)
    for person in people:
        if not person.national_id:
            assert raw[person.pk] == (None, None)


def test_national_ids_are_unique_but_for_planted_duplicates_that_kept_theirs() -> None:
    run_demo()

    people = people_in_order()
    duplicates = {second.pk for _, second in planted(people)}
    ids = Counter(p.national_id for p in people if p.national_id and p.pk not in duplicates)
    assert ids and max(ids.values()) == 1
    born_before_1984 = [
        p for p in people if p.national_id and p.birth_date and p.birth_date.year < 1984
    ]
    assert sum(p.national_id[0] == "3" for p in born_before_1984) > 0.9 * len(born_before_1984)


def test_elderly_and_stateless_people_are_the_ones_without_an_id() -> None:
    run_demo()

    missing = Person.objects.filter(national_id__isnull=True).prefetch_related("target_groups")
    explained = 0
    for person in missing:
        groups = {g.code for g in person.target_groups.all()}
        if age_of(person) >= 60 or groups & {"stateless", "homeless"}:
            explained += 1
    # The rest are second records that lost the ID.
    assert explained >= 0.75 * missing.count()


def test_target_groups_are_recorded_with_their_details() -> None:
    run_demo()

    people = Person.objects.prefetch_related("target_groups").select_related("household")
    counts: Counter[str] = Counter()
    for person in people:
        groups = {g.code for g in person.target_groups.all()}
        counts.update(groups)
        assert ("low_income" in groups) == person.welfare_card
        assert ("disability" in groups) == bool(person.disability_type)
        if "homeless" in groups:
            assert person.household is None
            assert person.village_id is None
        if "bedridden" in groups:
            assert age_of(person) >= 60
    for code in ("disability", "low_income", "bedridden", "family_crisis", "homeless"):
        assert counts[code] > 0, code
    assert Person.objects.filter(disability_card=True).exists()
    derived = {"child", "youth", "elderly", "woman"}
    assert not derived & set(counts)


def test_a_family_in_crisis_is_recorded_for_the_whole_household() -> None:
    run_demo()

    people = people_in_order()
    duplicates = {second.pk for _, second in planted(people)}
    in_crisis = Person.objects.filter(target_groups__code="family_crisis").exclude(
        pk__in=duplicates
    )
    households = set(in_crisis.values_list("household_id", flat=True))
    assert households
    for household_id in households:
        members = Person.objects.filter(household_id=household_id).exclude(pk__in=duplicates)
        assert members.count() == in_crisis.filter(household_id=household_id).count()


def test_most_people_consent_and_a_few_withdrew() -> None:
    run_demo()

    total = Person.objects.count()
    registry = Consent.objects.filter(purpose=Consent.Purpose.REGISTRY)
    assert registry.values("person").distinct().count() > 0.8 * total
    sharing = Consent.objects.filter(purpose=Consent.Purpose.SHARE_WITH_PARTNERS)
    assert sharing.count() > 0.5 * registry.count()
    withdrawn = sharing.filter(withdrawn_on__isnull=False)
    assert 0 < withdrawn.count() < 0.1 * sharing.count()
    ref = reference_date()
    for consent in Consent.objects.select_related("person", "recorded_by"):
        assert consent.given_on <= ref
        assert consent.withdrawn_on is None or consent.given_on <= consent.withdrawn_on <= ref
        age = age_of(consent.person)
        if age < 20:
            assert consent.given_by == Consent.GivenBy.GUARDIAN
        assert consent.recorded_by is not None
        assert consent.recorded_by.email.endswith(DEMO_EMAIL_DOMAIN)
    guardians = Consent.objects.filter(given_by=Consent.GivenBy.GUARDIAN).exclude(given_by_name="")
    assert guardians.exists()


def test_about_sixty_percent_of_households_are_assessed_by_a_demo_officer() -> None:
    run_demo()

    households = Household.objects.count()
    assessed = Household.objects.filter(assessments__isnull=False).distinct().count()
    assert 0.5 <= assessed / households <= 0.7
    latest = MappingVersion.objects.filter(published_at__isnull=False).order_by("-number")[0]
    officers = set(
        User.objects.filter(
            email__endswith=DEMO_EMAIL_DOMAIN,
            role__in=["subdistrict_officer", "provincial_officer"],
        ).values_list("pk", flat=True)
    )
    ref = reference_date()
    for assessment in NeedsAssessment.objects.all():
        assert assessment.mapping_version_id == latest.pk
        assert assessment.assessed_by_id in officers
        assert assessment.assessed_on <= ref
        subject = assessment.household or assessment.person
        assert subject is not None
        assert assessment.subdistrict_id == subject.subdistrict_id
    twice = [
        h for h in Household.objects.prefetch_related("assessments") if len(h.assessments.all()) > 1
    ]
    assert twice
    assert NeedsAssessment.objects.filter(person__isnull=False, household__isnull=True).exists()


def test_assessments_are_scored_by_the_registry_scoring_and_list_problems() -> None:
    run_demo()

    table = load_scoring_table()
    assessments = NeedsAssessment.objects.prefetch_related("answers__indicator", "problems")
    assert assessments.exists()
    with_problems = 0
    for assessment in assessments:
        answers = {a.indicator.code: a.met for a in assessment.answers.all()}
        assert answers
        expected = score(answers, table.rules, table.dimensions)
        assert assessment.scores == expected.dimensions
        assert assessment.four_s_scores == expected.four_s
        problems = sorted(p.code for p in assessment.problems.all())
        assert problems == list(expected.problems)
        with_problems += bool(problems)
        assert set(assessment.scores) == set(Dimension.values)
        assert set(assessment.four_s_scores) == set(FourS.values)
    assert 0.3 * assessments.count() < with_problems < assessments.count()


def test_answers_follow_the_household() -> None:
    run_demo()

    answers = AssessmentAnswer.objects.filter(assessment__household__isnull=False)
    poor_income = answers.filter(
        indicator__code="income_household",
        assessment__household__income_band=Household.IncomeBand.BELOW_POVERTY_LINE,
    )
    assert poor_income.exists()
    assert not poor_income.filter(met=True).exists()
    dilapidated = answers.filter(
        indicator__code="living_secure_housing",
        assessment__household__housing__in=["dilapidated", "temporary"],
    )
    secure = answers.filter(
        indicator__code="living_secure_housing", assessment__household__housing="secure"
    )
    assert dilapidated.filter(met=False).count() > 0.8 * dilapidated.count()
    assert secure.filter(met=True).count() > 0.9 * secure.count()
    no_elderly = answers.filter(indicator__code="access_elderly_care", met__isnull=True)
    assert no_elderly.exists()
    elderly_unmet = answers.filter(indicator__code="access_elderly_care", met=False)
    assert elderly_unmet.exists()
    assert NeedsAssessment.objects.filter(problems__code="housing").exists()
    assert NeedsAssessment.objects.filter(problems__code="poverty").exists()


def test_the_share_of_planted_duplicates_is_as_configured() -> None:
    output = run_demo()

    people = people_in_order()
    pairs = planted(people)
    originals = len(people) - len(pairs)
    assert abs(len(pairs) / originals - DUPLICATE_SHARE) < 0.01
    assert f"({len(pairs)} planted duplicates)" in output
    missing = sum(1 for first, second in pairs if first.national_id and not second.national_id)
    kept = sum(1 for first, second in pairs if first.national_id and second.national_id)
    assert 0.2 <= missing / (missing + kept) <= 0.6
    neighbours = 0
    for first, second in pairs:
        assert first.pk != second.pk
        assert first.sex == second.sex
        assert second.national_id in (None, first.national_id)
        assert first.subdistrict_id[:4] == second.subdistrict_id[:4]
        neighbours += first.subdistrict_id != second.subdistrict_id
        assert second.search_name != first.search_name or (
            (second.national_id, second.birth_date, second.phone, second.household_id)
            != (first.national_id, first.birth_date, first.phone, first.household_id)
        )
    assert 0 < neighbours < len(pairs)
    changed_names = sum(first.search_name != second.search_name for first, second in pairs)
    assert changed_names > 0.5 * len(pairs)


def test_two_runs_with_the_same_seed_give_the_same_registry() -> None:
    run_demo()
    first = snapshot()
    forget_registry()

    run_demo()

    assert snapshot() == first
    plan = replan()
    assert [p.person.national_id for p in plan.people] == [row[-1] for row in first]


def test_another_seed_gives_other_people() -> None:
    run_demo(seed=1)
    first = {(row[5], row[6]) for row in snapshot()}
    forget_registry()

    run_demo(seed=2)

    second = {(row[5], row[6]) for row in snapshot()}
    assert len(first & second) < 0.2 * len(first)


def test_a_second_run_creates_nothing_new() -> None:
    run_demo()
    before = (
        snapshot(),
        NeedsAssessment.objects.count(),
        AssessmentAnswer.objects.count(),
        Consent.objects.count(),
    )

    output = run_demo()

    assert "0 new households, 0 new people (0 planted duplicates)" in output
    after = (
        snapshot(),
        NeedsAssessment.objects.count(),
        AssessmentAnswer.objects.count(),
        Consent.objects.count(),
    )
    assert after == before


def test_a_subdistrict_with_records_of_its_own_is_left_alone() -> None:
    own = make_household(subdistrict="500101", house_number="99/9")

    output = run_demo()

    assert list(Household.objects.filter(subdistrict_id="500101")) == [own]
    assert not Person.objects.filter(subdistrict_id="500101").exists()
    assert "(1 already had records)" in output
    assert Household.objects.filter(subdistrict_id="500102").exists()


def test_the_registry_part_of_the_small_demo_is_fast() -> None:
    run_demo(only=["geo.villages", "accounts.users"])

    started = time.perf_counter()
    run_demo(only=["registry.households"])

    assert time.perf_counter() - started < 10
    assert Person.objects.count() > 1500


def test_the_data_does_not_depend_on_how_districts_are_chunked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_demo()
    whole = snapshot()
    forget_registry()
    monkeypatch.setattr("tambon.registry.demo_data.plan.CHUNK_SUBDISTRICTS", 2)

    run_demo()

    assert sorted(snapshot(), key=str) == sorted(whole, key=str)


def test_each_demo_volunteer_looks_after_households_of_their_subdistrict_once() -> None:
    only = [*GENERATORS, "registry.volunteers"]
    output = run_demo(only=only)
    given = list(VolunteerAssignment.objects.select_related("household", "volunteer"))

    volunteer = User.objects.get(username="volunteer")
    theirs = [a for a in given if a.volunteer == volunteer]
    assert 1 <= len(theirs) <= HOUSEHOLDS_EACH
    assert all(a.household.subdistrict_id == "500101" for a in theirs)
    assert len({a.household_id for a in given}) == len(given)  # one volunteer a household
    assert visible_people(volunteer).exists()
    assert f"{len(given)} households given to" in output

    assert "0 households given to" in run_demo(only=only)
    assert VolunteerAssignment.objects.count() == len(given)
