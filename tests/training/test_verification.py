"""The public verification page: valid or revoked, name, course, cohort, date; nothing else."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.training.selectors.certificates import verification, verification_json
from tambon.training.services import certificates as services
from tests.training.factories import EnrollmentFactory, UserFactory
from tests.training.test_certificates import completed

pytestmark = pytest.mark.django_db


def _certificate():  # type: ignore[no-untyped-def]
    trainee = UserFactory(
        first_name="จันทร์เพ็ญ", last_name="ทองคำ", phone="0812345678", organisation="อบต.ศรีภูมิ"
    )
    enrollment = completed(EnrollmentFactory(trainee=trainee))
    return services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)


def _page(client: Client, code: str):  # type: ignore[no-untyped-def]
    client.cookies["tambon_language"] = "en"
    return client.get(reverse("training:verify_certificate", args=[code]))


def test_anyone_sees_that_a_certificate_is_valid_without_signing_in(client: Client) -> None:
    cert = _certificate()

    response = _page(client, cert.verification_code)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="valid"' in page
    assert "This certificate is valid." in page
    assert "จันทร์เพ็ญ ทองคำ" in page
    assert "หลักสูตรวิทยากรกระบวนการ Shift and Share" in page
    assert f"Cohort {cert.enrollment.cohort.number}" in page
    assert "31 March 2021" in page


def test_the_page_shows_nothing_that_identifies_or_locates_the_holder(client: Client) -> None:
    cert = _certificate()
    trainee = cert.enrollment.trainee

    page = _page(client, cert.verification_code).content.decode()

    for private in (trainee.email, trainee.username, trainee.phone, trainee.organisation):
        assert private not in page
    assert "ศรีภูมิ" not in page
    assert "500101" not in page


def test_after_revocation_the_page_says_revoked_with_the_date(client: Client) -> None:
    cert = _certificate()
    services.revoke_certificate(
        by=cert.enrollment.cohort.organiser, certificate=cert, reason="ข้อมูลไม่ถูกต้อง"
    )

    page = _page(client, cert.verification_code).content.decode()

    assert 'data-status="revoked"' in page
    assert "This certificate has been revoked." in page
    assert "ข้อมูลไม่ถูกต้อง" not in page  # the reason is internal


def test_an_unknown_code_is_a_404_page(client: Client) -> None:
    _certificate()

    response = _page(client, "not-a-real-code-123456")

    assert response.status_code == 404


def test_the_verification_data_for_the_api_is_small_and_plain() -> None:
    cert = _certificate()

    data = verification_json(cert.verification_code)

    assert data == {
        "valid": True,
        "status": "valid",
        "revoked_on": None,
        "name": "จันทร์เพ็ญ ทองคำ",
        "course": "หลักสูตรวิทยากรกระบวนการ Shift and Share",
        "cohort_number": cert.enrollment.cohort.number,
        "cohort_starts_on": "2021-03-29",
        "cohort_ends_on": "2021-03-31",
        "issued_on": "2021-03-31",
    }
    assert verification("unknown") is None
