"""The training demo data: three courses, cohorts 1–3 of 2021 and an upcoming one; idempotent."""

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.training.models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrollment,
    Facilitator,
    SurveyResponse,
    TestAnswer,
    TestAttempt,
    Workshop,
    WorkshopHeadcount,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

GENERATORS = [
    "geo.villages",
    "accounts.users",
    "training.courses",
    "training.cohorts",
    "training.workshops",
]
MODELS = (
    Course,
    Cohort,
    Enrollment,
    Attendance,
    TestAttempt,
    TestAnswer,
    SurveyResponse,
    Certificate,
    Facilitator,
    Workshop,
    WorkshopHeadcount,
)


def run_demo(seed: int = 1) -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=seed, only=GENERATORS, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_creates_three_courses_with_the_facilitator_course_in_full() -> None:
    run_demo()

    assert Course.objects.count() == 3
    course = Course.objects.get(code="shift-and-share-facilitator")
    assert course.questions.count() == 10
    assert course.survey_questions.exists()
    assert course.modules.count() >= 4


def test_cohort_3_is_in_chiang_mai_on_29_to_31_march_2021_with_about_60_trainees() -> None:
    run_demo()

    cohort = Cohort.objects.get(course__code="shift-and-share-facilitator", number=3)
    assert (cohort.starts_on, cohort.ends_on) == (dt.date(2021, 3, 29), dt.date(2021, 3, 31))
    assert cohort.province_id == "50"
    assert "เชียงใหม่" in cohort.venue
    assert cohort.sessions.count() == 6
    trainees = cohort.enrollments.filter(status="approved")
    assert 55 <= trainees.count() <= 60
    provinces = set(trainees.values_list("subdistrict__province_id", flat=True))
    assert {"50", "51", "52", "57", "58"} <= provinces
    assert provinces <= {"50", "51", "52", "53", "54", "55", "56", "57", "58"}


def test_cohort_3_has_attendance_tests_surveys_certificates_and_facilitators() -> None:
    run_demo()

    cohort = Cohort.objects.get(course__code="shift-and-share-facilitator", number=3)
    trainees = cohort.enrollments.count()
    full = sum(1 for e in cohort.enrollments.all() if e.attendance.count() == 6)
    assert full >= 0.8 * trainees
    assert full < trainees  # a few miss a session
    assert TestAttempt.objects.filter(enrollment__cohort=cohort).count() == 2 * trainees
    assert TestAnswer.objects.filter(attempt__enrollment__cohort=cohort).count() == 20 * trainees
    assert SurveyResponse.objects.filter(enrollment__cohort=cohort).count() == trainees
    certified = Certificate.objects.filter(enrollment__cohort=cohort)
    assert 0.6 * trainees <= certified.count() < trainees
    assert Facilitator.objects.filter(cohort=cohort).count() == certified.count()


def test_certificates_are_numbered_in_running_order_across_the_cohorts() -> None:
    run_demo()

    numbers = list(
        Certificate.objects.order_by("enrollment__cohort__starts_on", "serial").values_list(
            "year_be", "serial"
        )
    )
    assert numbers == [(2564, n) for n in range(1, len(numbers) + 1)]


def test_cohorts_1_and_2_and_an_upcoming_cohort_with_nominations() -> None:
    run_demo()

    first = Cohort.objects.get(number=1, course__code="shift-and-share-facilitator")
    second = Cohort.objects.get(number=2, course__code="shift-and-share-facilitator")
    assert (first.starts_on, first.province_id) == (dt.date(2021, 3, 9), "84")
    assert (second.starts_on, second.province_id) == (dt.date(2021, 3, 24), "40")
    upcoming = Cohort.objects.get(number=4, course__code="shift-and-share-facilitator")
    assert upcoming.starts_on > dt.date.today()
    assert upcoming.enrollments.filter(status="nominated").exists()


def test_facilitators_ran_workshops_in_their_sub_districts() -> None:
    run_demo()

    workshops = Workshop.objects.select_related("facilitator")
    assert workshops.exists()
    assert all(w.subdistrict_id == w.facilitator.subdistrict_id for w in workshops)
    assert WorkshopHeadcount.objects.filter(workshop__in=workshops).exists()


def test_a_second_run_creates_nothing() -> None:
    run_demo()
    before = counts()

    out = run_demo()

    assert counts() == before
    assert "0 new cohorts" in out
    assert "0 new workshops" in out


def test_the_same_seed_gives_the_same_trainees() -> None:
    run_demo()
    first = sorted(
        Enrollment.objects.filter(cohort__number=3).values_list(
            "trainee__username", "trainee__first_name", "subdistrict_id"
        )
    )
    Workshop.objects.all().delete()
    Facilitator.objects.all().delete()
    Certificate.objects.all().delete()
    Cohort.objects.all().delete()

    run_demo()

    again = sorted(
        Enrollment.objects.filter(cohort__number=3).values_list(
            "trainee__username", "trainee__first_name", "subdistrict_id"
        )
    )
    assert again == first


def test_the_training_demo_is_fast() -> None:
    run_demo()  # the foundation (villages, users) first: it is not ours to time
    Workshop.objects.all().delete()
    Facilitator.objects.all().delete()
    Certificate.objects.all().delete()
    Cohort.objects.all().delete()

    started = time.perf_counter()
    run_demo()

    assert time.perf_counter() - started < 10


def test_the_named_demo_facilitator_is_certified_in_cohort_3() -> None:
    run_demo()

    facilitator = Facilitator.objects.select_related("cohort").get(user__username="facilitator")
    assert facilitator.cohort.number == 3
    assert facilitator.subdistrict_id == "500101"


def test_the_demo_facilitator_opens_the_workshop_form_at_their_sub_district() -> None:
    run_demo()
    client = login(Client(), User.objects.get(username="facilitator"))

    response = client.get(reverse("training:workshop_create"))

    assert response.status_code == 200
    assert response.context["area_form"]["subdistrict"].value() == "500101"


def test_the_cascade_of_the_demo_counts_cohort_3_in_chiang_mai() -> None:
    run_demo()
    client = login(Client(), User.objects.get(username="province"))

    response = client.get(reverse("training:cascade"))

    cohort_3 = Cohort.objects.get(number=3, course__code="shift-and-share-facilitator")
    [(cohort, values)] = response.context["by_cohort"]
    assert cohort == cohort_3
    assert (
        values[0]
        == Facilitator.objects.filter(cohort=cohort_3, subdistrict__province_id="50").count()
    )
