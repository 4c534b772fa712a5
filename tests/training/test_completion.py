"""The completion rule: attendance of sessions and the post-test score, both against the course."""

import pytest
from django.utils import translation

from tambon.training.models import Attendance, Enrollment, TestAttempt
from tambon.training.services.completion import completion_status
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def _attend(enrollment: Enrollment, sessions: int) -> None:
    for session in enrollment.cohort.sessions.all()[:sessions]:
        Attendance.objects.create(session=session, enrollment=enrollment, method="roster")


def _post_test(enrollment: Enrollment, score: int, max_score: int = 5) -> None:
    TestAttempt.objects.create(
        enrollment=enrollment, kind="post", source="paper", score=score, max_score=max_score
    )


def _row(cohort, enrollment):  # type: ignore[no-untyped-def]
    return next(r for r in completion_status(cohort) if r.enrollment.pk == enrollment.pk)


def test_a_trainee_who_attended_enough_and_passed_completes() -> None:
    enrollment = EnrollmentFactory()
    _attend(enrollment, 5)  # 5 of 6 sessions = 83.3 % ≥ 80 %
    _post_test(enrollment, 3)  # 60 % = the pass mark

    row = _row(enrollment.cohort, enrollment)

    assert row.completed
    assert row.reasons == []
    assert row.attendance_pct == 83.3
    assert row.post_pct == 60.0


def test_attendance_below_the_minimum_fails_with_a_reason() -> None:
    enrollment = EnrollmentFactory()
    _attend(enrollment, 4)  # 66.7 % < 80 %
    _post_test(enrollment, 5)

    with translation.override("en"):
        row = _row(enrollment.cohort, enrollment)

    assert not row.completed
    assert row.reasons == ["Attended 4 of 6 sessions (66.7%); 80% is required."]


def test_a_post_test_below_the_pass_mark_fails_with_a_reason() -> None:
    enrollment = EnrollmentFactory()
    _attend(enrollment, 6)
    _post_test(enrollment, 2)  # 40 % < 60 %

    with translation.override("en"):
        row = _row(enrollment.cohort, enrollment)

    assert not row.completed
    assert row.reasons == ["Post-test score 40%; the pass mark is 60%."]


def test_a_trainee_without_a_post_test_has_not_completed() -> None:
    enrollment = EnrollmentFactory()
    _attend(enrollment, 6)

    with translation.override("en"):
        row = _row(enrollment.cohort, enrollment)

    assert not row.completed
    assert row.post_pct is None
    assert row.reasons == ["Has not taken the post-test."]


def test_exactly_the_minimum_attendance_is_enough() -> None:
    cohort = CohortFactory(course__min_attendance_percent=50)
    enrollment = EnrollmentFactory(cohort=cohort)
    _attend(enrollment, 3)  # exactly 50 %
    _post_test(enrollment, 5)

    assert _row(cohort, enrollment).completed


def test_attendance_in_another_cohort_does_not_count() -> None:
    enrollment = EnrollmentFactory()
    other = EnrollmentFactory(trainee=enrollment.trainee)
    _attend(other, 6)
    _attend(enrollment, 1)
    _post_test(enrollment, 5)

    row = _row(enrollment.cohort, enrollment)

    assert not row.completed
    assert row.attendance_pct == 16.7


def test_only_approved_trainees_are_listed() -> None:
    cohort = CohortFactory()
    approved = EnrollmentFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort, status=Enrollment.Status.WITHDRAWN)

    rows = completion_status(cohort)

    assert [r.enrollment.pk for r in rows] == [approved.pk]


def test_the_status_of_a_cohort_takes_the_same_queries_for_1_or_20_trainees(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    small, large = CohortFactory(), CohortFactory()
    for cohort, size in ((small, 1), (large, 20)):
        for _ in range(size):
            enrollment = EnrollmentFactory(cohort=cohort)
            _attend(enrollment, 5)
            _post_test(enrollment, 4)
    small = type(small).objects.get(pk=small.pk)
    large = type(large).objects.get(pk=large.pk)

    with django_assert_num_queries(3):
        assert len(completion_status(small)) == 1
    with django_assert_num_queries(3):
        rows = completion_status(large)
        assert all(r.completed for r in rows)
        assert {r.enrollment.trainee.username for r in rows}
