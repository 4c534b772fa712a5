"""Cohort exports: the XLSX report (four sheets) and the summary PDF for the Department."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tambon.accounts.models import AccessLog, User
from tambon.training.models import (
    Attendance,
    Certificate,
    Cohort,
    SurveyQuestion,
    SurveyResponse,
    TestAttempt,
)
from tambon.training.selectors.exports import cohort_summary
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort() -> Cohort:
    """Cohort 3 with three approved trainees (two from Chiang Mai, one from Lamphun) and one
    withdrawn; the first attends all six sessions, the second four, the third none."""
    cohort = CohortFactory(number=3)
    sessions = list(cohort.sessions.order_by("date", "starts_at"))
    a = EnrollmentFactory(cohort=cohort, trainee__first_name="วันเพ็ญ", trainee__last_name="ใจดี")
    b = EnrollmentFactory(cohort=cohort, trainee__first_name="ประยูร", trainee__last_name="บุญมา")
    EnrollmentFactory(
        cohort=cohort,
        subdistrict_id="510101",
        trainee__first_name="อรทัย",
        trainee__last_name="ทองคำ",
    )
    w = EnrollmentFactory(
        cohort=cohort, trainee__first_name="ณัฐพล", trainee__last_name="ใจดี", status="withdrawn"
    )
    Attendance.objects.bulk_create(
        [Attendance(session=s, enrollment=a, method="qr") for s in sessions]
        + [Attendance(session=s, enrollment=b, method="roster") for s in sessions[:4]]
    )
    for enrollment, pre, post in ((a, 2, 5), (b, 3, 2)):
        TestAttempt.objects.create(
            enrollment=enrollment, kind="pre", source="online", score=pre, max_score=5
        )
        TestAttempt.objects.create(
            enrollment=enrollment, kind="post", source="online", score=post, max_score=5
        )
    Certificate.objects.create(
        enrollment=a,
        year_be=2564,
        serial=1,
        issued_on=dt.date(2021, 3, 31),
        verification_code="a" * 32,
    )
    rating = SurveyQuestion.objects.get(course=cohort.course, kind="rating")
    text = SurveyQuestion.objects.get(course=cohort.course, kind="text")
    SurveyResponse.objects.create(enrollment=a, answers={str(rating.pk): 5, str(text.pk): "ดีมาก"})
    SurveyResponse.objects.create(enrollment=b, answers={str(rating.pk): 4})
    cohort.withdrawn = w  # type: ignore[attr-defined]
    return cohort


def workbook(response: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_report_opens_with_four_sheets(client: Client, admin: User, cohort: Cohort) -> None:
    response = login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(workbook(response).worksheets) == 4


def test_the_trainees_sheet_lists_every_enrollment_with_area_and_status(
    client: Client, admin: User, cohort: Cohort
) -> None:
    response = login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    trainees = rows(workbook(response).worksheets[0])
    assert len(trainees) == 4
    by_name = {r[1]: r for r in trainees}
    assert by_name["อรทัย ทองคำ"][2:5] == ("ในเมือง", "เมืองลำพูน", "ลำพูน")
    assert by_name["วันเพ็ญ ใจดี"][2:5] == ("ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่")
    assert by_name["ณัฐพล ใจดี"][5] != by_name["วันเพ็ญ ใจดี"][5]  # withdrawn, approved


def test_the_attendance_sheet_ticks_the_sessions_attended(
    client: Client, admin: User, cohort: Cohort
) -> None:
    response = login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    sheet = workbook(response).worksheets[1]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    grid = {r[0]: r for r in rows(sheet)}
    assert len(header) == 1 + 6 + 2
    assert len(grid) == 3  # approved trainees only
    assert grid["วันเพ็ญ ใจดี"][1:7] == ("✓",) * 6
    assert grid["ประยูร บุญมา"][1:7] == ("✓",) * 4 + (None, None)
    assert grid["ประยูร บุญมา"][7:] == (4, 66.7)
    assert grid["อรทัย ทองคำ"][7] == 0


def test_the_scores_sheet_has_pre_post_gain_and_pass(
    client: Client, admin: User, cohort: Cohort
) -> None:
    response = login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    scores = {r[0]: r for r in rows(workbook(response).worksheets[2])}
    assert scores["วันเพ็ญ ใจดี"][1:6] == ("2/5", 40, "5/5", 100, 60)
    assert scores["ประยูร บุญมา"][5] == -20
    assert scores["วันเพ็ญ ใจดี"][6] != scores["ประยูร บุญมา"][6]
    assert scores["อรทัย ทองคำ"][1:] == (None,) * 6


def test_the_certificates_sheet_has_real_dates_and_buddhist_era_text(
    client: Client, admin: User, cohort: Cohort
) -> None:
    response = login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    [row] = rows(workbook(response).worksheets[3])
    assert row[0] == "SS 2564/0001"
    assert row[1] == "วันเพ็ญ ใจดี"
    assert row[2] == dt.datetime(2021, 3, 31)
    assert row[3] == "31/03/2564"


def test_the_export_is_written_to_the_access_log(
    client: Client, admin: User, cohort: Cohort
) -> None:
    login(client, admin).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.EXPORT
    assert entry.object_id == str(cohort.pk)


def test_someone_who_does_not_run_the_cohort_cannot_export_it(
    client: Client, bkk_officer: User, cohort: Cohort
) -> None:
    xlsx = login(client, bkk_officer).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))
    pdf = client.get(reverse("training:cohort_summary_pdf", args=[cohort.pk]))

    assert xlsx.status_code == 403
    assert pdf.status_code == 403
    assert not AccessLog.objects.exists()


def test_a_trainee_cannot_export_their_cohort(client: Client, cohort: Cohort) -> None:
    trainee = cohort.enrollments.filter(status="approved").first().trainee

    response = login(client, trainee).get(reverse("training:cohort_report_xlsx", args=[cohort.pk]))

    assert response.status_code == 403


def test_the_summary_figures_come_from_the_records(cohort: Cohort) -> None:
    summary = cohort_summary(cohort)

    assert summary.trainees == 3
    assert [(p.province.code, p.trainees) for p in summary.by_province] == [("50", 2), ("51", 1)]
    assert summary.attendance_rate == round(100 * 10 / 18, 1)
    assert summary.pre_mean == 50.0
    assert summary.post_mean == 70.0
    assert summary.gain_mean == 20.0
    assert summary.passed == 1
    assert summary.certified == 1
    assert summary.satisfaction_mean == 4.5


def test_a_revoked_certificate_is_not_counted_as_certified(cohort: Cohort) -> None:
    Certificate.objects.update(revoked_at=timezone.now(), revoked_reason="ข้อมูลไม่ถูกต้อง")

    summary = cohort_summary(cohort)

    assert (summary.certified, summary.revoked) == (0, 1)


def test_the_summary_pdf_names_the_course_and_the_buddhist_era_dates(
    client: Client, cm_officer: User, cohort: Cohort
) -> None:
    response = login(client, cm_officer).get(
        reverse("training:cohort_summary_pdf", args=[cohort.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    squashed = "".join(text.split())
    assert "หลักสูตรวิทยากรกระบวนการShiftandShare" in squashed
    assert "29มีนาคม2564" in squashed
    assert "31มีนาคม2564" in squashed
    assert "2021" not in text
