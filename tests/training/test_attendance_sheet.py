"""The printable sign-in sheet (ใบลงชื่อ) of a session, as a Thai PDF."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tambon.training.models import CohortSession
from tests.conftest import login
from tests.training.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session() -> CohortSession:
    first = EnrollmentFactory(
        trainee__first_name="สมหญิง",
        trainee__last_name="ใจดี",
        trainee__organisation="มูลนิธิศุภนิมิต",
    )
    EnrollmentFactory(
        cohort=first.cohort, trainee__first_name="ก้องเกียรติ", trainee__last_name="ศักดิ์สิทธิ์"
    )
    EnrollmentFactory(
        cohort=first.cohort,
        status="waitlisted",
        trainee__first_name="จันทร์เพ็ญ",
        trainee__last_name="สายสุวรรณ",
    )
    return CohortSession.objects.get(cohort=first.cohort, date="2021-03-29", period="morning")


def sheet_url(session: CohortSession) -> str:
    return reverse("training:session_sign_in_sheet", kwargs={"pk": session.pk})


def trainer_of(session: CohortSession) -> object:
    trainer = UserFactory()
    session.cohort.trainers.add(trainer)
    return trainer


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_sheet_lists_the_approved_trainees_and_the_buddhist_era_date(client, session) -> None:
    login(client, trainer_of(session))

    response = client.get(sheet_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "สมหญิง ใจดี" in text
    assert "ก้องเกียรติ ศักดิ์สิทธิ์" in text
    assert "จันทร์เพ็ญ" not in text
    assert "มูลนิธิศุภนิมิต" in text
    assert "29 มีนาคม 2564" in text
    assert "09:00–12:00" in text
    # pypdf reads the vowel ำ back as า, so the venue is checked around its อำเภอ.
    assert "โรงแรมใน" in text
    assert "เมืองเชียงใหม่, เชียงใหม่" in text


def test_the_sheet_is_one_a4_portrait_page(client, session) -> None:
    login(client, trainer_of(session))

    response = client.get(sheet_url(session))

    page = PdfReader(io.BytesIO(response.content)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)


def test_the_sheet_has_a_thai_file_name_with_an_ascii_fallback(client, session) -> None:
    login(client, trainer_of(session))

    response = client.get(sheet_url(session))

    disposition = response["Content-Disposition"]
    assert 'filename="sign-in-sheet-cohort-' in disposition
    assert "-2021-03-29-morning.pdf" in disposition
    assert "filename*=UTF-8''" in disposition
    assert quote("2564") in disposition
    assert quote("ช่วงเช้า") in disposition


def test_a_trainee_cannot_download_the_sheet(client, session) -> None:
    trainee = session.cohort.enrollments.filter(status="approved").first().trainee
    login(client, trainee)

    response = client.get(sheet_url(session))

    assert response.status_code == 403
