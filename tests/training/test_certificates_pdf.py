"""The certificate PDF: exact Thai text, Buddhist-era dates, the embedded font; batches and
downloads."""

import io
import zipfile

import pytest
import segno
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tambon.core.jobs import Job
from tambon.training import tasks
from tambon.training.models import Certificate
from tambon.training.selectors.certificates import cohort_certificates
from tambon.training.services import certificates as services
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory, UserFactory
from tests.training.test_certificates import completed

pytestmark = pytest.mark.django_db

COURSE = "หลักสูตรวิทยากรกระบวนการ Shift and Share"


def _png() -> bytes:
    """A small real PNG (segno writes PNG without Pillow)."""
    buffer = io.BytesIO()
    segno.make("ลายมือชื่อ").save(buffer, kind="png", scale=2)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _issued(**trainee: str) -> Certificate:
    enrollment = completed(EnrollmentFactory(trainee=UserFactory(**trainee)))
    return services.issue_certificate(by=enrollment.cohort.organiser, enrollment=enrollment)


def test_the_pdf_carries_the_exact_thai_name_course_and_buddhist_era_date() -> None:
    cert = _issued(first_name="สมหญิง", last_name="ใจดี")

    text = _text(services.render_certificate_pdf(cert))

    assert "สมหญิง ใจดี" in text
    assert COURSE in text
    assert "31 มีนาคม พ.ศ. 2564" in text
    assert "29–31 มีนาคม พ.ศ. 2564" in text
    assert "SS 2564/0001" in text


def test_the_pdf_can_print_its_numbers_in_thai_digits() -> None:
    cert = _issued(first_name="ก้องเกียรติ", last_name="ศักดิ์สิทธิ์")

    text = _text(services.render_certificate_pdf(cert, thai_digits=True))

    assert "ก้องเกียรติ ศักดิ์สิทธิ์" in text
    assert "๓๑ มีนาคม พ.ศ. ๒๕๖๔" in text
    assert "SS ๒๕๖๔/๐๐๐๑" in text


def test_the_pdf_embeds_the_sarabun_font_on_one_a4_landscape_page() -> None:
    cert = _issued()

    reader = PdfReader(io.BytesIO(services.render_certificate_pdf(cert)))

    assert len(reader.pages) == 1
    page = reader.pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}  # type: ignore[index]
    assert any("Sarabun" in name for name in fonts)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)


def test_the_qr_code_opens_the_absolute_verification_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://tambon.example.go.th"
    cert = _issued()

    url = services.verification_url(cert)

    assert url == f"https://tambon.example.go.th/training/verify/{cert.verification_code}/"
    assert services.certificate_sheet(cert)["qr"].startswith("data:image/svg+xml")


def test_signatories_with_their_signature_image_appear_on_the_certificate() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    cert = _issued()
    cohort = cert.enrollment.cohort
    services.add_signatory(
        by=cohort.organiser,
        cohort=cohort,
        name="นางสาวอรุณี ศรีสุข",
        position="อธิบดีกรมพัฒนาสังคมและสวัสดิการ",
        signature=SimpleUploadedFile("sign.png", _png(), content_type="image/png"),
    )

    pdf = services.render_certificate_pdf(cert)

    assert "นางสาวอรุณี ศรีสุข" in _text(pdf)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) >= 1


def test_a_signature_that_is_not_an_image_is_refused() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tambon.core.errors import ValidationError

    cohort = CohortFactory()
    upload = SimpleUploadedFile("sign.png", b"<svg onload=alert(1)>", content_type="image/png")

    with pytest.raises(ValidationError) as error:
        services.add_signatory(
            by=cohort.organiser,
            cohort=cohort,
            name="นายประยูร บุญมา",
            position="ผอ.",
            signature=upload,
        )

    assert error.value.field == "signature"
    assert not cohort.signatories.exists()


# --- downloads ---------------------------------------------------------------------------


def test_the_holder_downloads_their_own_certificate(client: Client) -> None:
    cert = _issued(first_name="วันเพ็ญ", last_name="แก้วมณี")
    login(client, cert.enrollment.trainee)

    response = client.get(reverse("training:certificate_pdf", args=[cert.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "วันเพ็ญ แก้วมณี" in _text(response.content)


def test_another_trainee_cannot_download_someone_elses_certificate(client: Client) -> None:
    cert = _issued()
    login(client, UserFactory())

    response = client.get(reverse("training:certificate_pdf", args=[cert.pk]))

    assert response.status_code == 403


def test_my_certificates_lists_the_holders_certificates(client: Client) -> None:
    cert = _issued()
    login(client, cert.enrollment.trainee)

    response = client.get(reverse("training:my_certificates"))

    assert response.status_code == 200
    assert reverse("training:certificate_pdf", args=[cert.pk]) in response.content.decode()


# --- batches -----------------------------------------------------------------------------


def _cohort_with_certificates(count: int):  # type: ignore[no-untyped-def]
    cohort = CohortFactory()
    for _ in range(count):
        completed(EnrollmentFactory(cohort=cohort))
    services.issue_certificates(by=cohort.organiser, cohort=cohort)
    return cohort


def _download(client: Client, job: Job, kind: str) -> bytes:
    cohort_pk = int(job.kind.rsplit(":", 1)[1])
    url = reverse("training:certificate_batch_download", args=[cohort_pk, job.pk, kind])
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_a_batch_makes_one_pdf_of_n_pages_and_a_zip_of_n_files(client: Client) -> None:
    cohort = _cohort_with_certificates(3)
    login(client, cohort.organiser)

    response = client.post(reverse("training:cohort_certificates_generate", args=[cohort.pk]))

    assert response.status_code == 302
    job = Job.objects.get(kind=services.batch_job_kind(cohort))
    assert job.status == Job.Status.DONE
    assert job.percent == 100
    assert job.done == job.total == 6
    combined = PdfReader(io.BytesIO(_download(client, job, "pdf")))
    assert len(combined.pages) == 3
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job, "zip")))
    names = archive.namelist()
    assert len(names) == 3
    assert names[0].startswith("SS-2564-0001_")
    assert len(PdfReader(io.BytesIO(archive.read(names[0]))).pages) == 1


def test_revoked_certificates_are_left_out_of_a_new_batch(client: Client) -> None:
    cohort = _cohort_with_certificates(3)
    revoked = Certificate.objects.filter(enrollment__cohort=cohort).first()
    assert revoked is not None
    services.revoke_certificate(by=cohort.organiser, certificate=revoked, reason="ซ้ำซ้อน")

    job = services.start_certificate_batch(by=cohort.organiser, cohort=cohort)

    login(client, cohort.organiser)
    text = _text(_download(client, job, "pdf"))
    assert revoked.number not in text
    assert text.count("SS 2564/") == 2


def test_the_cohort_page_offers_the_finished_batch_for_download(client: Client) -> None:
    cohort = _cohort_with_certificates(1)
    job = services.start_certificate_batch(by=cohort.organiser, cohort=cohort)
    login(client, cohort.organiser)

    page = client.get(reverse("training:cohort_certificates", args=[cohort.pk])).content.decode()

    assert f'id="job-{job.pk}"' in page
    assert reverse("training:certificate_batch_download", args=[cohort.pk, job.pk, "zip"]) in page


def test_a_trainee_cannot_start_or_download_a_batch(client: Client) -> None:
    cohort = _cohort_with_certificates(1)
    job = services.start_certificate_batch(by=cohort.organiser, cohort=cohort)
    trainee = Certificate.objects.get(enrollment__cohort=cohort).enrollment.trainee
    login(client, trainee)

    started = client.post(reverse("training:cohort_certificates_generate", args=[cohort.pk]))
    downloaded = client.get(
        reverse("training:certificate_batch_download", args=[cohort.pk, job.pk, "pdf"])
    )

    assert (started.status_code, downloaded.status_code) == (403, 403)
    assert Job.objects.filter(kind=services.batch_job_kind(cohort)).count() == 1


def test_a_batch_rendered_by_worker_processes_matches_the_one_rendered_in_process() -> None:
    cohort = _cohort_with_certificates(3)
    certificates = cohort_certificates(cohort)

    in_process, _zip = tasks.render_batch(certificates, signatories=[], workers=1, chunk_size=1)
    pooled, _zip = tasks.render_batch(certificates, signatories=[], workers=2, chunk_size=1)

    assert _text(in_process) == _text(pooled)
    assert len(PdfReader(io.BytesIO(pooled)).pages) == 3


def test_a_new_batch_replaces_the_files_of_the_previous_one(client: Client) -> None:
    cohort = _cohort_with_certificates(1)
    old = services.start_certificate_batch(by=cohort.organiser, cohort=cohort)
    new = services.start_certificate_batch(by=cohort.organiser, cohort=cohort)
    login(client, cohort.organiser)

    gone = client.get(
        reverse("training:certificate_batch_download", args=[cohort.pk, old.pk, "pdf"])
    )

    assert gone.status_code == 404
    assert len(PdfReader(io.BytesIO(_download(client, new, "pdf"))).pages) == 1
