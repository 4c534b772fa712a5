"""Issuing certificates: the completion rule, running numbers, once per trainee, facilitators,
revocation, and who may do it."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import AreaAssignment
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Attendance, Certificate, Enrollment, Facilitator, TestAttempt
from tambon.training.services import certificates as services
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def completed(enrollment: Enrollment) -> Enrollment:
    """Attend every session and pass the post-test."""
    for session in enrollment.cohort.sessions.all():
        Attendance.objects.create(session=session, enrollment=enrollment, method="roster")
    TestAttempt.objects.create(
        enrollment=enrollment, kind="post", source="paper", score=4, max_score=5
    )
    return enrollment


def test_a_trainee_who_completed_gets_a_numbered_certificate_dated_the_last_day() -> None:
    enrollment = completed(EnrollmentFactory())

    cert = services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)

    assert cert.number == "SS 2564/0001"
    assert cert.issued_on == dt.date(2021, 3, 31)
    assert len(cert.verification_code) == 22
    assert cert.is_valid


def test_numbers_run_on_within_the_buddhist_era_year_of_issue() -> None:
    cohort = CohortFactory()
    first, second = (completed(EnrollmentFactory(cohort=cohort)) for _ in range(2))
    by = cohort.organiser

    numbers = [
        services.issue_certificate(by=by, enrollment=first).number,
        services.issue_certificate(by=by, enrollment=second).number,
    ]

    assert numbers == ["SS 2564/0001", "SS 2564/0002"]


def test_numbering_starts_again_at_1_in_a_new_year() -> None:
    cohort = CohortFactory()
    old, new = (completed(EnrollmentFactory(cohort=cohort)) for _ in range(2))
    by = cohort.organiser
    services.issue_certificate(by=by, enrollment=old)

    cert = services.issue_certificate(by=by, enrollment=new, issued_on=dt.date(2022, 1, 10))

    assert cert.number == "SS 2565/0001"


def test_issuing_twice_for_the_same_trainee_gives_one_certificate() -> None:
    enrollment = completed(EnrollmentFactory())
    by = enrollment.cohort.organiser

    first = services.issue_certificate(by=by, enrollment=enrollment)
    again = services.issue_certificate(by=by, enrollment=enrollment)
    services.issue_certificates(by=by, cohort=enrollment.cohort)

    assert again.pk == first.pk
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_issuing_for_the_cohort_certifies_only_those_who_completed() -> None:
    cohort = CohortFactory()
    done = [completed(EnrollmentFactory(cohort=cohort)) for _ in range(2)]
    EnrollmentFactory(cohort=cohort)  # no attendance, no post-test

    result = services.issue_certificates(by=cohort.organiser, cohort=cohort)

    assert sorted(c.enrollment_id for c in result.issued) == sorted(e.pk for e in done)
    assert result.not_completed == 1
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 2


def test_a_trainee_who_did_not_complete_is_refused_a_certificate() -> None:
    enrollment = EnrollmentFactory()

    with pytest.raises(ValidationError), translation.override("en"):
        services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)

    assert not Certificate.objects.exists()


def test_a_certificate_cannot_be_dated_before_the_cohort() -> None:
    enrollment = completed(EnrollmentFactory())

    with pytest.raises(ValidationError) as error:
        services.issue_certificate(
            by=enrollment.cohort.organiser, enrollment=enrollment, issued_on=dt.date(2021, 3, 1)
        )

    assert error.value.field == "issued_on"


def test_certification_makes_the_trainee_a_facilitator_and_keeps_their_role() -> None:
    enrollment = completed(EnrollmentFactory())  # a sub-district officer of ศรีภูมิ
    trainee = enrollment.trainee

    cert = services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)

    facilitator = Facilitator.objects.get(user=trainee)
    assert (facilitator.certificate, facilitator.cohort_id) == (cert, enrollment.cohort_id)
    assert facilitator.subdistrict_id == "500101"
    trainee.refresh_from_db()
    assert trainee.role == Role.SUBDISTRICT_OFFICER
    assert trainee.area_codes() == ["500101"]


def test_certification_gives_a_person_without_a_role_the_facilitator_role_and_area(
    make_user,  # type: ignore[no-untyped-def]
) -> None:
    partner = make_user("noroles", "")
    enrollment = completed(EnrollmentFactory(trainee=partner, subdistrict_id="500102"))

    services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)

    partner.refresh_from_db()
    assert partner.role == Role.FACILITATOR
    assert list(
        AreaAssignment.objects.filter(user=partner).values_list("area_code", flat=True)
    ) == ["500102"]
    assert Facilitator.objects.filter(user=partner, is_active=True).exists()


def test_revoking_needs_a_reason_and_makes_the_facilitator_record_inactive() -> None:
    enrollment = completed(EnrollmentFactory())
    by = enrollment.cohort.organiser
    cert = services.issue_certificate(by=by, enrollment=enrollment)

    with pytest.raises(ValidationError):
        services.revoke_certificate(by=by, certificate=cert, reason="  ")
    services.revoke_certificate(by=by, certificate=cert, reason="เอกสารประกอบไม่ถูกต้อง")

    cert.refresh_from_db()
    assert not cert.is_valid
    assert cert.revoked_reason == "เอกสารประกอบไม่ถูกต้อง"
    assert not Facilitator.objects.get(user=enrollment.trainee).is_active


def test_an_officer_of_another_province_cannot_issue(bkk_officer) -> None:  # type: ignore[no-untyped-def]
    enrollment = completed(EnrollmentFactory())

    with pytest.raises(PermissionDenied):
        services.issue_certificate(by=bkk_officer, enrollment=enrollment)

    assert not Certificate.objects.exists()


# --- through the pages -------------------------------------------------------------------


def test_the_organiser_issues_all_certificates_from_the_cohort_page(client: Client) -> None:
    cohort = CohortFactory()
    for _ in range(3):
        completed(EnrollmentFactory(cohort=cohort))
    login(client, cohort.organiser)

    response = client.post(
        reverse("training:cohort_certificates_issue", args=[cohort.pk]),
        {"issued_on": "01/04/2564"},
        follow=True,
    )

    assert response.status_code == 200
    numbers = [c.number for c in Certificate.objects.filter(enrollment__cohort=cohort)]
    assert numbers == ["SS 2564/0001", "SS 2564/0002", "SS 2564/0003"]
    assert all(
        c.issued_on == dt.date(2021, 4, 1)
        for c in Certificate.objects.filter(enrollment__cohort=cohort)
    )
    page = response.content.decode()
    assert "SS 2564/0003" in page


def test_the_cohort_page_shows_why_a_trainee_has_not_completed(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.cohort.organiser)
    client.cookies["tambon_language"] = "en"

    response = client.get(reverse("training:cohort_certificates", args=[enrollment.cohort.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert enrollment.trainee.first_name in page
    assert "Attended 0 of 6 sessions (0%); 80% is required." in page
    assert "Has not taken the post-test." in page


def test_a_trainee_cannot_issue_certificates(client: Client) -> None:
    enrollment = completed(EnrollmentFactory())
    login(client, enrollment.trainee)

    response = client.post(
        reverse("training:cohort_certificates_issue", args=[enrollment.cohort.pk]), {}
    )

    assert response.status_code == 403
    assert not Certificate.objects.exists()
    assert not Facilitator.objects.exists()


def test_a_trainee_cannot_revoke_a_certificate(client: Client) -> None:
    enrollment = completed(EnrollmentFactory())
    cert = services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)
    login(client, enrollment.trainee)

    response = client.post(
        reverse("training:certificate_revoke", args=[cert.pk]), {"reason": "ขอยกเลิกเอง"}
    )

    assert response.status_code == 403
    cert.refresh_from_db()
    assert cert.is_valid


def test_a_trainee_cannot_open_the_cohort_certificates_page(client: Client) -> None:
    enrollment = EnrollmentFactory()
    login(client, enrollment.trainee)

    response = client.get(reverse("training:cohort_certificates", args=[enrollment.cohort.pk]))

    assert response.status_code == 403


def test_the_organiser_revokes_a_certificate_with_a_reason(client: Client) -> None:
    enrollment = completed(EnrollmentFactory())
    cert = services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)
    login(client, enrollment.cohort.organiser)

    client.post(reverse("training:certificate_revoke", args=[cert.pk]), {"reason": "ทุจริตการสอบ"})

    cert.refresh_from_db()
    assert cert.revoked_reason == "ทุจริตการสอบ"
    assert cert.revoked_by == enrollment.cohort.organiser


def test_the_cohort_page_costs_the_same_queries_for_2_or_8_trainees(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 8):
        cohort = CohortFactory()
        for _ in range(size):
            completed(EnrollmentFactory(cohort=cohort))
        EnrollmentFactory(cohort=cohort)
        services.issue_certificates(by=cohort.organiser, cohort=cohort)
        login(client, cohort.organiser)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("training:cohort_certificates", args=[cohort.pk])).status_code
                == 200
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]
