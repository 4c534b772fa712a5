import pytest

from tests.training.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_an_enrollment_comes_with_a_cohort_of_six_sessions_and_a_question_bank() -> None:
    enrollment = EnrollmentFactory()
    cohort = enrollment.cohort
    assert cohort.sessions.count() == 6
    assert cohort.course.questions.count() == 5
    assert enrollment.status == "approved"
    assert enrollment.trainee.check_password("Tambon-test-2568!")
