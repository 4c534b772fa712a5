"""The attendance grid, per-trainee shares against the course minimum, and the summary API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import User
from tambon.training.models import Attendance, Cohort, CohortSession, Enrollment
from tambon.training.selectors.attendance import attendance_grid, attendance_summary
from tambon.training.services.attendance import attendance_percent
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def sessions_of(cohort: Cohort) -> list[CohortSession]:
    return list(CohortSession.objects.filter(cohort=cohort).order_by("date", "starts_at"))


def attend(enrollment: Enrollment, sessions: list[CohortSession], method: str = "roster") -> None:
    Attendance.objects.bulk_create(
        Attendance(session=s, enrollment=enrollment, method=method) for s in sessions
    )


def cohort_with(trainees: int) -> Cohort:
    """A cohort of six sessions where trainee i attended the first (i mod 7) sessions."""
    cohort = CohortFactory()
    sessions = sessions_of(cohort)
    for i in range(trainees):
        attend(EnrollmentFactory(cohort=cohort), sessions[: i % 7])
    return cohort


def fresh(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_related("course").get(pk=cohort.pk)


def test_five_of_six_sessions_meets_an_eighty_percent_minimum() -> None:
    enrollment = EnrollmentFactory()
    attend(enrollment, sessions_of(enrollment.cohort)[:5])

    row = attendance_grid(fresh(enrollment.cohort)).rows[0]

    assert row.attended == 5
    assert round(row.percent, 1) == 83.3
    assert row.meets_minimum


def test_four_of_six_sessions_does_not_meet_it() -> None:
    enrollment = EnrollmentFactory()
    attend(enrollment, sessions_of(enrollment.cohort)[:4])

    row = attendance_grid(fresh(enrollment.cohort)).rows[0]

    assert not row.meets_minimum


def test_the_grid_totals_each_session() -> None:
    cohort = cohort_with(8)  # attended 0, 1, ..., 6, 0 sessions

    grid = attendance_grid(fresh(cohort))

    assert [t.present for t in grid.session_totals] == [6, 5, 4, 3, 2, 1]
    assert grid.meeting_minimum == 2  # those with 5 and 6 sessions


def test_the_grid_leaves_out_trainees_who_are_not_approved() -> None:
    enrollment = EnrollmentFactory()
    withdrawn = EnrollmentFactory(cohort=enrollment.cohort, status="withdrawn")
    attend(withdrawn, sessions_of(enrollment.cohort)[:1])

    grid = attendance_grid(fresh(enrollment.cohort))

    assert [r.enrollment for r in grid.rows] == [enrollment]
    assert grid.session_totals[0].present == 0


def test_the_grid_takes_three_queries_for_sixty_trainees(django_assert_num_queries) -> None:
    cohort = fresh(cohort_with(60))

    with django_assert_num_queries(3):
        grid = attendance_grid(cohort)
        names = [
            str(r.enrollment.trainee) + r.enrollment.subdistrict.province.name for r in grid.rows
        ]

    assert len(names) == 60
    assert len(grid.sessions) == 6


def test_attendance_summary_gives_attended_total_and_percent(django_assert_num_queries) -> None:
    enrollment = EnrollmentFactory()
    other = EnrollmentFactory(cohort=enrollment.cohort)
    attend(enrollment, sessions_of(enrollment.cohort)[:3])

    with django_assert_num_queries(2):
        summary = attendance_summary(enrollment.cohort)

    assert summary[enrollment.pk] == (3, 6, 50.0)
    assert summary[other.pk] == (0, 6, 0.0)


def test_attendance_percent_of_one_trainee() -> None:
    enrollment = EnrollmentFactory()
    attend(enrollment, sessions_of(enrollment.cohort)[:6])

    assert attendance_percent(enrollment) == 100.0


# --- the page ----------------------------------------------------------------------------


def grid_url(cohort: Cohort) -> str:
    return reverse("training:cohort_attendance", kwargs={"pk": cohort.pk})


def trainer_of(cohort: Cohort) -> User:
    trainer = UserFactory()
    cohort.trainers.add(trainer)
    return trainer


def test_the_page_shows_who_attended_and_how(client) -> None:
    enrollment = EnrollmentFactory(trainee__first_name="สุริยา", trainee__last_name="ศรีวงศ์")
    sessions = sessions_of(enrollment.cohort)
    attend(enrollment, sessions[:1], method="qr")
    attend(enrollment, sessions[1:5], method="paper")
    login(client, trainer_of(enrollment.cohort))

    response = client.get(grid_url(enrollment.cohort))

    assert response.status_code == 200
    page = response.content.decode()
    assert "สุริยา ศรีวงศ์" in page
    assert page.count("bi-qr-code small") == 1 + 1  # the cell and the legend
    assert f'id="row-summary-{enrollment.pk}"' in page
    assert "5/6" in page


def test_the_provincial_officer_of_the_province_can_tick_on_the_grid(client, cm_officer) -> None:
    enrollment = EnrollmentFactory()
    login(client, cm_officer)

    response = client.get(grid_url(enrollment.cohort))

    assert response.status_code == 200
    assert 'aria-pressed="false"' in response.content.decode()


def test_an_officer_of_another_province_cannot_see_the_grid(client, bkk_officer) -> None:
    enrollment = EnrollmentFactory()
    login(client, bkk_officer)

    response = client.get(grid_url(enrollment.cohort))

    assert response.status_code == 403


def test_a_trainee_cannot_see_the_grid(client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    response = client.get(grid_url(enrollment.cohort))

    assert response.status_code == 403


def test_the_page_does_not_query_per_trainee(client) -> None:
    small, large = cohort_with(5), cohort_with(30)
    trainer = trainer_of(small)
    large.trainers.add(trainer)
    login(client, trainer)
    client.get(grid_url(small))  # warm up the session and the user's areas

    with CaptureQueriesContext(connection) as few:
        client.get(grid_url(small))
    with CaptureQueriesContext(connection) as many:
        client.get(grid_url(large))

    assert len(many) == len(few)
