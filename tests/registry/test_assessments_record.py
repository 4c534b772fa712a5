"""Recording a needs assessment: who may, what is checked, what is stored."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.utils import timezone, translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Village
from tambon.registry.models import AssessmentAnswer, MappingVersion, NeedsAssessment
from tambon.registry.services import assessments as service
from tambon.registry.services.assessments import record_assessment
from tests.conftest import MakeUser
from tests.registry.factories import (
    PHRA_BOROM,
    SIPHUM_VILLAGE,
    look_after,
    make_household,
    make_person,
)

pytestmark = pytest.mark.django_db

POOR_HOUSEHOLD = {
    "income_household": False,
    "income_employed": True,
    "living_secure_housing": False,
    "living_drinking_water": True,
    "health_exercise": None,
}
TODAY = dt.date(2025, 6, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner_foundation", Role.PARTNER, "500101")


def test_a_volunteer_records_an_assessment_of_a_household_in_their_area(
    siphum_volunteer: User,
) -> None:
    Village.objects.create(
        code=SIPHUM_VILLAGE, subdistrict_id="500101", number=1, name_th="บ้านศรีภูมิ"
    )
    household = make_household(village_id=SIPHUM_VILLAGE, house_number="45/2")
    look_after(siphum_volunteer, household)

    assessment = record_assessment(
        by=siphum_volunteer,
        assessed_on=dt.date(2025, 6, 1),
        answers=POOR_HOUSEHOLD,
        household=household,
        note="เยี่ยมบ้านพร้อม อสม.",
    )

    assert assessment.subdistrict_id == "500101"
    assert assessment.assessed_by == siphum_volunteer
    assert assessment.mapping_version == MappingVersion.objects.get(number=1)
    assert assessment.scores == {
        "health": None,
        "living": 50.0,
        "education": None,
        "income": 50.0,
        "access": None,
    }
    assert assessment.four_s_scores["sufficiency"] == 50.0
    assert assessment.four_s_scores["safety"] == 50.0
    assert sorted(p.code for p in assessment.problems.all()) == ["housing", "poverty"]
    stored = {a.indicator.code: a.met for a in assessment.answers.select_related("indicator")}
    assert stored == POOR_HOUSEHOLD


def test_a_person_can_be_assessed(siphum_officer: User) -> None:
    person = make_person(first_name="บุญมี", last_name="ศรีวงศ์")

    assessment = record_assessment(
        by=siphum_officer,
        assessed_on=TODAY,
        answers={"access_elderly_care": False},
        person=person,
    )

    assert assessment.person == person
    assert [p.code for p in assessment.problems.all()] == ["elderly"]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("admin", True),
        ("cm_officer", True),
        ("siphum_officer", True),
        ("siphum_volunteer", True),
        ("bkk_officer", False),
        ("partner", False),
    ],
)
def test_who_may_record_an_assessment_in_sri_phum(
    who: str, allowed: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    household = make_household()
    look_after(request.getfixturevalue("siphum_volunteer"), household)

    def act() -> NeedsAssessment:
        return record_assessment(
            by=user, assessed_on=TODAY, answers=POOR_HOUSEHOLD, household=household
        )

    if allowed:
        assert act().pk
    else:
        with pytest.raises(PermissionDenied):
            act()
        assert not NeedsAssessment.objects.exists()
        assert not AssessmentAnswer.objects.exists()


def test_a_volunteer_may_not_assess_a_household_they_do_not_look_after(
    siphum_volunteer: User,
) -> None:
    household = make_household()  # in their sub-district

    with pytest.raises(PermissionDenied):
        record_assessment(
            by=siphum_volunteer, assessed_on=TODAY, answers=POOR_HOUSEHOLD, household=household
        )
    assert not NeedsAssessment.objects.exists()


def test_a_volunteer_may_not_assess_a_household_of_another_area(siphum_volunteer: User) -> None:
    household = make_household(subdistrict=PHRA_BOROM)

    with pytest.raises(PermissionDenied):
        record_assessment(
            by=siphum_volunteer, assessed_on=TODAY, answers=POOR_HOUSEHOLD, household=household
        )

    assert not NeedsAssessment.objects.exists()


def refused(user: User, **kwargs: object) -> ValidationError:
    arguments: dict = {
        "by": user,
        "assessed_on": TODAY,
        "answers": POOR_HOUSEHOLD,
        "household": make_household(),
        **kwargs,
    }
    with translation.override("en"), pytest.raises(ValidationError) as info:
        record_assessment(**arguments)
    assert not NeedsAssessment.objects.exists()
    return info.value


def test_a_date_ahead_of_today_is_refused(siphum_officer: User) -> None:
    error = refused(siphum_officer, assessed_on=TODAY + dt.timedelta(days=1))

    assert error.field == "assessed_on"
    assert str(error.message) == service.MSG_FUTURE_DATE


def test_a_date_before_2500_be_is_refused(siphum_officer: User) -> None:
    error = refused(siphum_officer, assessed_on=dt.date(1956, 12, 31))

    assert str(error.message) == service.MSG_TOO_OLD


def test_unknown_indicators_are_named(siphum_officer: User) -> None:
    error = refused(
        siphum_officer, answers={"income_household": True, "health_teeth": False, "zz_pets": True}
    )

    assert error.field == "answers"
    assert str(error.message) == "These indicators do not exist: health_teeth, zz_pets."


def test_a_retired_indicator_is_refused(siphum_officer: User) -> None:
    from tambon.registry.models import Indicator

    Indicator.objects.filter(code="health_birth_weight").update(active=False)

    error = refused(siphum_officer, answers={"health_birth_weight": True})

    assert "health_birth_weight" in str(error.message)


def test_at_least_one_answer_is_needed(siphum_officer: User) -> None:
    assert str(refused(siphum_officer, answers={}).message) == service.MSG_NO_ANSWER
    assert (
        str(refused(siphum_officer, answers={"income_household": None}).message)
        == service.MSG_NO_ANSWER
    )


def test_an_assessment_is_of_one_household_or_one_person(siphum_officer: User) -> None:
    error = refused(siphum_officer, person=make_person())

    assert str(error.message) == service.MSG_ONE_SUBJECT


def test_the_validation_message_is_translated_to_thai(siphum_officer: User) -> None:
    with translation.override("th"), pytest.raises(ValidationError) as info:
        record_assessment(
            by=siphum_officer,
            assessed_on=TODAY,
            answers={"health_teeth": True},
            household=make_household(),
        )

    # The message went through gettext (the catalogue fills in the Thai later).
    assert "health_teeth" in str(info.value.message)


def test_without_a_published_mapping_nothing_is_scored(siphum_officer: User) -> None:
    MappingVersion.objects.update(published_at=None)

    error = refused(siphum_officer)

    assert str(error.message) == service.MSG_NO_MAPPING


def test_the_assessment_and_its_answers_are_in_the_change_history(siphum_officer: User) -> None:
    assessment = record_assessment(
        by=siphum_officer,
        assessed_on=TODAY,
        answers=POOR_HOUSEHOLD,
        household=make_household(),
    )

    assert LogEntry.objects.get_for_object(assessment).exists()
    answer = assessment.answers.first()
    assert answer is not None
    assert LogEntry.objects.get_for_object(answer).exists()


def test_a_merged_duplicate_is_not_assessed(siphum_officer: User) -> None:
    kept = make_person(first_name="สมศรี", last_name="มีสุข")
    duplicate = make_person(first_name="สมสรี", last_name="มีสุข", merged_into=kept)

    error = refused(siphum_officer, household=None, person=duplicate)

    assert str(error.message) == service.MSG_MERGED
