"""Creating a cohort: its sessions, its number, its province; editing it and its sessions."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Province
from tambon.training.models import Attendance, Cohort, CohortSession
from tambon.training.services import cohorts as services
from tests.conftest import MakeUser, login
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

MARCH_29, MARCH_31 = dt.date(2021, 3, 29), dt.date(2021, 3, 31)


def create(by: User, **extra: object) -> Cohort:
    values: dict[str, object] = {
        "course": CourseFactory(),
        "starts_on": MARCH_29,
        "ends_on": MARCH_31,
        "venue": "โรงแรมในอำเภอเมืองเชียงใหม่",
        "province": Province.objects.get(pk="50"),
    }
    return services.create_cohort(by=by, **{**values, **extra})  # type: ignore[arg-type]


def test_creating_a_cohort_for_29_to_31_march_2021_makes_six_sessions(cm_officer: User) -> None:
    cohort = create(cm_officer)
    sessions = [
        (s.date, s.period, s.starts_at, s.ends_at)
        for s in cohort.sessions.order_by("date", "starts_at")
    ]
    assert len(sessions) == 6
    assert sessions[0] == (MARCH_29, "morning", dt.time(9), dt.time(12))
    assert sessions[1] == (MARCH_29, "afternoon", dt.time(13), dt.time(16, 30))
    assert sessions[-1][0] == MARCH_31


def test_the_creator_organises_by_default_and_the_number_follows_the_last(
    cm_officer: User,
) -> None:
    course = CourseFactory()
    CohortFactory(course=course, number=2)
    cohort = create(cm_officer, course=course)
    assert cohort.number == 3
    assert cohort.organiser == cm_officer


def test_it_refuses_a_number_the_course_already_has(cm_officer: User) -> None:
    course = CourseFactory()
    CohortFactory(course=course, number=3)
    with pytest.raises(ValidationError) as caught:
        create(cm_officer, course=course, number=3)
    assert caught.value.field == "number"


def test_it_refuses_a_last_day_before_the_first(cm_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create(cm_officer, starts_on=MARCH_31, ends_on=MARCH_29)
    assert caught.value.field == "ends_on"
    assert not Cohort.objects.exists()


def test_a_bangkok_provincial_officer_cannot_create_a_chiang_mai_cohort(
    make_user: MakeUser,
) -> None:
    bangkok = make_user("bkk_provincial", Role.PROVINCIAL_OFFICER, "10")
    with pytest.raises(PermissionDenied):
        create(bangkok)
    assert not Cohort.objects.exists()
    assert not CohortSession.objects.exists()


def test_a_sub_district_officer_cannot_create_a_cohort(siphum_officer: User) -> None:
    with pytest.raises(PermissionDenied):
        create(siphum_officer)
    assert not Cohort.objects.exists()


def form_data(course_pk: int, **extra: str) -> dict[str, str]:
    return {
        "course": str(course_pk),
        "title": "วิทยากรกระบวนการ Shift and Share ภาคเหนือ",
        "starts_on": "29/03/2564",
        "ends_on": "31/03/2564",
        "venue": "โรงแรมในอำเภอเมืองเชียงใหม่",
        "province": "50",
        "capacity": "60",
        **extra,
    }


def test_an_officer_creates_a_cohort_with_buddhist_era_dates(
    client: Client, cm_officer: User
) -> None:
    course = CourseFactory()
    response = login(client, cm_officer).post(
        reverse("training:cohort_create"), form_data(course.pk)
    )
    cohort = Cohort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:cohort_detail", args=[cohort.pk])
    assert (cohort.starts_on, cohort.ends_on, cohort.number) == (MARCH_29, MARCH_31, 1)
    assert cohort.sessions.count() == 6


def test_the_page_refuses_a_bangkok_officer_creating_in_chiang_mai(
    client: Client, make_user: MakeUser
) -> None:
    bangkok = make_user("bkk_provincial", Role.PROVINCIAL_OFFICER, "10")
    course = CourseFactory()
    response = login(client, bangkok).post(reverse("training:cohort_create"), form_data(course.pk))
    assert response.status_code in (400, 403)
    assert not Cohort.objects.exists()


def test_a_volunteer_cannot_open_the_create_page(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(reverse("training:cohort_create"))
    assert response.status_code == 403


# --- sessions -------------------------------------------------------------------------------


def test_the_organiser_changes_the_times_and_title_of_a_session() -> None:
    cohort = CohortFactory()
    session = cohort.sessions.order_by("date", "starts_at").first()
    services.update_session(
        by=cohort.organiser,
        session=session,
        date=session.date,
        period="morning",
        starts_at=dt.time(8, 30),
        ends_at=dt.time(12),
        title="ปฐมนิเทศ",
    )
    session.refresh_from_db()
    assert (session.starts_at, session.title) == (dt.time(8, 30), "ปฐมนิเทศ")


def test_a_session_must_end_after_it_starts() -> None:
    cohort = CohortFactory()
    session = cohort.sessions.first()
    with pytest.raises(ValidationError) as caught:
        services.update_session(
            by=cohort.organiser,
            session=session,
            date=session.date,
            period=session.period,
            starts_at=dt.time(12),
            ends_at=dt.time(9),
        )
    assert caught.value.field == "ends_at"


def test_a_session_without_attendance_can_be_removed_and_added_back() -> None:
    cohort = CohortFactory()
    session = cohort.sessions.get(date=MARCH_31, period="afternoon")
    services.remove_session(by=cohort.organiser, session=session)
    assert cohort.sessions.count() == 5
    services.add_session(
        by=cohort.organiser,
        cohort=cohort,
        date=MARCH_31,
        period="afternoon",
        starts_at=dt.time(13),
        ends_at=dt.time(15),
    )
    assert cohort.sessions.count() == 6


def test_a_session_someone_checked_in_to_cannot_be_removed() -> None:
    enrollment = EnrollmentFactory()
    session = enrollment.cohort.sessions.first()
    Attendance.objects.create(session=session, enrollment=enrollment, method="roster")
    with pytest.raises(ValidationError):
        services.remove_session(by=enrollment.cohort.organiser, session=session)
    assert CohortSession.objects.filter(pk=session.pk).exists()


def test_a_trainer_cannot_remove_a_session(make_user: MakeUser) -> None:
    cohort = CohortFactory()
    trainer = make_user("trainer", Role.FACILITATOR, "5001")
    cohort.trainers.add(trainer)
    with pytest.raises(PermissionDenied):
        services.remove_session(by=trainer, session=cohort.sessions.first())
    assert cohort.sessions.count() == 6


def test_moving_the_dates_moves_the_sessions() -> None:
    cohort = CohortFactory()
    services.update_cohort(
        by=cohort.organiser,
        cohort=cohort,
        expected_version=cohort.version,
        starts_on=dt.date(2021, 3, 30),
        ends_on=dt.date(2021, 4, 1),
    )
    days = sorted({s.date for s in cohort.sessions.all()})
    assert days == [dt.date(2021, 3, 30), MARCH_31, dt.date(2021, 4, 1)]
    assert cohort.sessions.count() == 6


def test_editing_a_stale_cohort_is_refused() -> None:
    from tambon.core.errors import Conflict

    cohort = CohortFactory()
    services.update_cohort(
        by=cohort.organiser, cohort=cohort, expected_version=cohort.version, venue="ที่ใหม่"
    )
    with pytest.raises(Conflict):
        services.update_cohort(by=cohort.organiser, cohort=cohort, expected_version=1, venue="ที่เก่า")
    cohort.refresh_from_db()
    assert cohort.venue == "ที่ใหม่"


def test_the_capacity_cannot_fall_below_the_approved_trainees() -> None:
    enrollment = EnrollmentFactory()
    cohort = enrollment.cohort
    EnrollmentFactory(cohort=cohort)
    with pytest.raises(ValidationError) as caught:
        services.update_cohort(
            by=cohort.organiser, cohort=cohort, expected_version=cohort.version, capacity=1
        )
    assert caught.value.field == "capacity"


def test_shortening_a_cohort_past_an_attended_day_is_refused_with_the_day_in_thai() -> None:
    # Given a trainee who attended on the cohort's last day, 31 March 2021
    enrollment = EnrollmentFactory()
    cohort = enrollment.cohort
    last_day = cohort.sessions.filter(date=dt.date(2021, 3, 31)).first()
    Attendance.objects.create(session=last_day, enrollment=enrollment, method="roster")
    # When the organiser moves the last day to 30 March
    with translation.override("th"), pytest.raises(ValidationError) as info:
        services.update_cohort(
            by=cohort.organiser, cohort=cohort, expected_version=1, ends_on=dt.date(2021, 3, 30)
        )
    # Then the refusal names the day in the Buddhist era
    assert "31 มีนาคม 2564" in str(info.value.message)
    assert cohort.sessions.filter(date=dt.date(2021, 3, 31)).exists()
