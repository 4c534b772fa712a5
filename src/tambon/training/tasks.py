"""Background tasks of the training app (django-tasks; run by `manage.py db_worker`).

Certificate batches: a cohort's valid certificates become one combined PDF (for printing) and a
ZIP of one PDF per trainee. WeasyPrint's fixed cost per call (fonts, styles) is paid once per
chunk of BATCH_CHUNK certificates instead of once per certificate; the chunks are rendered by
worker processes (one per core) while this process prepares the next chunk's HTML and splits
finished chunks into per-trainee files with pypdf. docs/benchmarks.md has the measurements.
"""

import io
import multiprocessing
import os
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from pypdf import PdfReader, PdfWriter

from tambon.core.jobs import Job, finish_job
from tambon.core.pdf import html_to_pdf
from tambon.training.models import Certificate, Cohort

BATCH_CHUNK = 50
MSG_BATCH_DONE = gettext_noop(
    "%(count)s certificates: one PDF for printing and a ZIP with one file per trainee."
)


@task()
def generate_certificate_pdfs(job_id: str, cohort_id: int, thai_digits: bool = False) -> int:
    """Render a cohort's valid certificates as one PDF and a ZIP of one file per trainee."""
    job = Job.objects.get(pk=job_id)
    try:
        cohort = Cohort.objects.select_related("course").get(pk=cohort_id)
        return build_certificate_batch(job=job, cohort=cohort, thai_digits=thai_digits)
    except Exception as exc:
        finish_job(job, failed=True, message=f"{type(exc).__name__}: {exc}")
        raise


def build_certificate_batch(*, job: Job, cohort: Cohort, thai_digits: bool = False) -> int:
    """Render, split, zip and store a cohort's batch, reporting progress on `job`.

    The permission was checked when the job was started (start_certificate_batch). Half of
    the progress is rendering, half splitting. Returns the number of certificates.
    """
    from tambon.training.selectors.certificates import cohort_certificates, cohort_signatories
    from tambon.training.services import certificates as services

    certificates = cohort_certificates(cohort, include_revoked=False)
    signers = services.signatory_context(cohort_signatories(cohort))
    combined, archive = render_batch(
        certificates, signatories=signers, thai_digits=thai_digits, on_progress=job.advance
    )
    _store(services.batch_file_name(cohort, job.pk, "pdf"), combined)
    _store(services.batch_file_name(cohort, job.pk, "zip"), archive)
    _remove_older_batches(cohort, keep=str(job.pk))
    url = reverse("training:certificate_batch_download", args=[cohort.pk, job.pk, "pdf"])
    with translation.override(settings.LANGUAGE_CODE):
        message = _(MSG_BATCH_DONE) % {"count": len(certificates)}
    finish_job(job, result_url=url, message=message)
    return len(certificates)


def _store(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


def _remove_older_batches(cohort: Cohort, *, keep: str) -> None:
    """Only the newest batch of a cohort is kept: older ones may hold revoked certificates."""
    folder = f"certificates/{cohort.pk}"
    if not default_storage.exists(folder):
        return
    for job_folder in default_storage.listdir(folder)[0]:
        if job_folder != keep:
            for name in default_storage.listdir(f"{folder}/{job_folder}")[1]:
                default_storage.delete(f"{folder}/{job_folder}/{name}")
            default_storage.delete(f"{folder}/{job_folder}")


def pdf_workers() -> int:
    """Processes rendering chunks: TAMBON_PDF_WORKERS if set, else one per core (at most 4)."""
    configured = getattr(settings, "TAMBON_PDF_WORKERS", None)
    if configured is not None:
        return max(1, int(configured))
    return max(1, min(4, os.cpu_count() or 1))


class _InProcess(Executor):
    """Renders in this process: for a single chunk a worker process would only add start-up."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


# Below this many chunks, starting worker processes (about 2 s each) costs more than it saves.
POOL_MIN_CHUNKS = 3


def _executor(chunks: int, workers: int | None) -> Executor:
    count = min(workers if workers is not None else pdf_workers(), chunks)
    if count <= 1 or chunks < POOL_MIN_CHUNKS:
        return _InProcess()
    # "spawn": a fresh interpreter that imports only tambon.core.pdf and WeasyPrint; it never
    # inherits this process's database connections or the C libraries' locks (as fork would).
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))


def split_pages(pdf: bytes) -> list[bytes]:
    """One PDF per page of `pdf` (each keeps only the objects its page uses)."""
    files = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer = PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        files.append(out.getvalue())
    return files


def render_batch(
    certificates: Sequence[Certificate],
    *,
    signatories: list[dict[str, str]],
    thai_digits: bool = False,
    on_progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    chunk_size: int = BATCH_CHUNK,
) -> tuple[bytes, bytes]:
    """The combined PDF and the ZIP of per-trainee PDFs of `certificates` (in their order)."""
    from tambon.training.services import certificates as services

    progress = on_progress or (lambda count: None)
    chunks = [certificates[i : i + chunk_size] for i in range(0, len(certificates), chunk_size)]
    combined = PdfWriter()
    archive_buffer = io.BytesIO()
    with (
        _executor(len(chunks), workers) as executor,
        zipfile.ZipFile(archive_buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        futures = [
            executor.submit(
                html_to_pdf,
                services.certificates_html(chunk, signatories=signatories, thai_digits=thai_digits),
                base_url=services.PDF_BASE_URL,
            )
            for chunk in chunks
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            pdf = future.result()
            progress(len(chunk))
            pages = split_pages(pdf)
            if len(pages) != len(chunk):
                raise RuntimeError(f"{len(chunk)} certificates made {len(pages)} pages")
            for certificate, page in zip(chunk, pages, strict=True):
                archive.writestr(services.trainee_file_name(certificate), page)
            combined.append(io.BytesIO(pdf))
            progress(len(chunk))
    out = io.BytesIO()
    combined.write(out)
    return out.getvalue(), archive_buffer.getvalue()
