"""Certificates (วุฒิบัตร): issuing with a running number, revoking, signatories, the PDF."""

import base64
import datetime as dt
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import segno
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

from tambon.core import thai
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.core.jobs import Job, start_job
from tambon.core.pdf import FONT_STACK, font_faces_css, html_to_pdf
from tambon.training.models import Certificate, Cohort, Enrollment
from tambon.training.models.certificates import Signatory
from tambon.training.selectors.certificates import cohort_signatories, full_thai_name
from tambon.training.services.completion import completion_status, has_completed
from tambon.training.services.facilitators import grant_facilitator, withdraw_facilitator

PERM = "training.issue_certificates"
TEMPLATE = "training/pdf/certificate.html"
SIGNATURE_MAX_BYTES = 512 * 1024
_SIGNATURE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
_NUMBERING_TRIES = 10

MSG_NOT_COMPLETED = gettext_noop("%(name)s has not met the completion rule: %(reasons)s")
MSG_ISSUED_TOO_EARLY = gettext_noop("A certificate cannot be dated before the cohort's first day.")
MSG_REASON_REQUIRED = gettext_noop("Give the reason for revoking the certificate.")
MSG_ALREADY_REVOKED = gettext_noop("This certificate has already been revoked.")
MSG_NUMBERING_BUSY = gettext_noop("Certificates are being numbered by someone else: try again.")
MSG_SIGNATORY_REQUIRED = gettext_noop("Give the signatory's name and position.")
MSG_SIGNATURE_TYPE = gettext_noop("The signature must be a PNG or JPEG image.")
MSG_SIGNATURE_SIZE = gettext_noop("The signature image must be at most %(kb)s KB.")


def _require(by: Any, cohort: Cohort) -> None:
    if not by.has_perm(PERM, cohort):
        raise PermissionDenied()


def default_issue_date(cohort: Cohort) -> dt.date:
    """The cohort's last day, or today while the cohort is still running."""
    return min(cohort.ends_on, timezone.localdate())


def _check_issue_date(cohort: Cohort, issued_on: dt.date) -> None:
    if issued_on < cohort.starts_on:
        raise ValidationError(_(MSG_ISSUED_TOO_EARLY), field="issued_on")


def _new_code() -> str:
    return secrets.token_urlsafe(16)[:22]


def _create_numbered(enrollment: Enrollment, issued_on: dt.date, by: Any) -> Certificate:
    """The next running number of the year of issue, safe against concurrent issuers.

    Two issuers may read the same maximum; the unique (year_be, serial) constraint refuses
    the second insert, which then reads the new maximum and tries again in a savepoint.
    """
    year_be = thai.be_year(issued_on.year)
    for _attempt in range(_NUMBERING_TRIES):
        last = Certificate.objects.filter(year_be=year_be).aggregate(m=Max("serial"))["m"]
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrollment=enrollment,
                    year_be=year_be,
                    serial=(last or 0) + 1,
                    issued_on=issued_on,
                    verification_code=_new_code(),
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(enrollment=enrollment).first()
            if existing is not None:  # issued concurrently for the same trainee
                return existing
    raise Conflict(_(MSG_NUMBERING_BUSY))


def _issue(enrollment: Enrollment, issued_on: dt.date, by: Any) -> Certificate:
    certificate = _create_numbered(enrollment, issued_on, by)
    grant_facilitator(certificate=certificate, by=by)
    return certificate


@transaction.atomic
def issue_certificate(
    *, by: Any, enrollment: Enrollment, issued_on: dt.date | None = None
) -> Certificate:
    """Certify one trainee who met the completion rule; issuing again returns the same one."""
    cohort = enrollment.cohort
    _require(by, cohort)
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    issued_on = issued_on or default_issue_date(cohort)
    _check_issue_date(cohort, issued_on)
    completed, reasons = has_completed(enrollment)
    if not completed:
        name = full_thai_name(enrollment.trainee)
        raise ValidationError(_(MSG_NOT_COMPLETED) % {"name": name, "reasons": " ".join(reasons)})
    return _issue(enrollment, issued_on, by)


class IssueResult(NamedTuple):
    issued: list[Certificate]
    already: int
    not_completed: int


@transaction.atomic
def issue_certificates(*, by: Any, cohort: Cohort, issued_on: dt.date | None = None) -> IssueResult:
    """Certify every approved trainee of the cohort who met the rule and has no certificate."""
    _require(by, cohort)
    issued_on = issued_on or default_issue_date(cohort)
    _check_issue_date(cohort, issued_on)
    issued: list[Certificate] = []
    already = not_completed = 0
    for row in completion_status(cohort):
        if hasattr(row.enrollment, "certificate"):
            already += 1
        elif not row.completed:
            not_completed += 1
        else:
            issued.append(_issue(row.enrollment, issued_on, by))
    return IssueResult(issued, already, not_completed)


@transaction.atomic
def revoke_certificate(*, by: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: the verification page then says so, and new batches leave it out."""
    _require(by, certificate.enrollment.cohort)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_(MSG_REASON_REQUIRED), field="reason")
    if certificate.revoked_at is not None:
        raise ValidationError(_(MSG_ALREADY_REVOKED))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:300]
    certificate.revoked_by = by
    certificate.updated_by = by
    certificate.save(
        update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_by", "updated_at"]
    )
    withdraw_facilitator(certificate=certificate)
    return certificate


# --- signatories ---------------------------------------------------------------------------


def _signature_type(head: bytes) -> str | None:
    return next((t for magic, t in _SIGNATURE_TYPES.items() if head.startswith(magic)), None)


def _check_signature(upload: UploadedFile) -> None:
    if (upload.size or 0) > SIGNATURE_MAX_BYTES:
        kb = SIGNATURE_MAX_BYTES // 1024
        raise ValidationError(_(MSG_SIGNATURE_SIZE) % {"kb": kb}, field="signature")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if _signature_type(head) is None:
        raise ValidationError(_(MSG_SIGNATURE_TYPE), field="signature")


@transaction.atomic
def add_signatory(
    *,
    by: Any,
    cohort: Cohort,
    name: str,
    position: str,
    order: int | None = None,
    signature: UploadedFile | None = None,
) -> Signatory:
    """Add a person who signs the cohort's certificates, with a PNG/JPEG signature if given."""
    _require(by, cohort)
    name, position = (name or "").strip(), (position or "").strip()
    if not name or not position:
        raise ValidationError(_(MSG_SIGNATORY_REQUIRED), field="name")
    if signature:
        _check_signature(signature)
    if order is None:
        order = (cohort.signatories.aggregate(m=Max("order"))["m"] or 0) + 1
    signatory = Signatory(cohort=cohort, order=order, name=name[:200], position=position[:200])
    if signature:
        signatory.signature.save(signature.name or "signature", signature, save=False)
    signatory.save()
    return signatory


@transaction.atomic
def remove_signatory(*, by: Any, signatory: Signatory) -> None:
    """Remove a signatory (and their signature image) from the cohort's certificates."""
    _require(by, signatory.cohort)
    image = signatory.signature.name
    storage = signatory.signature.storage
    signatory.delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image))


# --- the PDF -------------------------------------------------------------------------------


def verification_url(certificate: Certificate) -> str:
    """The absolute public URL that the certificate's QR code opens."""
    path = reverse("training:verify_certificate", args=[certificate.verification_code])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#1f1f1f"))


def _digits(text: str, thai_digits: bool) -> str:
    return arabic_digit_to_thai_digit(text) if thai_digits else text


def date_text(day: dt.date, *, thai_digits: bool = False) -> str:
    """A long date: "31 มีนาคม พ.ศ. 2564" in Thai (optionally in Thai digits)."""
    if translation.get_language() == "th":
        moment = dt.datetime.combine(day, dt.time())
        return thai_strftime(moment, "%-d %B พ.ศ. %Y", thaidigit=thai_digits)
    return _digits(thai.format_date(day, "long"), thai_digits)


def date_range_text(start: dt.date, end: dt.date, *, thai_digits: bool = False) -> str:
    """ "29–31 มีนาคม พ.ศ. 2564", "29 มีนาคม – 2 เมษายน พ.ศ. 2564" or two full dates."""
    full_end = date_text(end, thai_digits=thai_digits)
    if start == end:
        return full_end
    if (start.year, start.month) == (end.year, end.month):
        return f"{_digits(str(start.day), thai_digits)}–{full_end}"
    if start.year == end.year and translation.get_language() == "th":
        moment = dt.datetime.combine(start, dt.time())
        return f"{thai_strftime(moment, '%-d %B', thaidigit=thai_digits)} – {full_end}"
    return f"{date_text(start, thai_digits=thai_digits)} – {full_end}"


def _signature_uri(signatory: Signatory) -> str:
    if not signatory.signature:
        return ""
    try:
        with signatory.signature.open("rb") as handle:
            data = handle.read(SIGNATURE_MAX_BYTES + 1)
    except OSError:
        return ""
    kind = _signature_type(data[:8])
    if kind is None:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def signatory_context(signatories: Iterable[Signatory]) -> list[dict[str, str]]:
    return [
        {"name": s.name, "position": s.position, "image": _signature_uri(s)} for s in signatories
    ]


def certificate_sheet(certificate: Certificate, *, thai_digits: bool = False) -> dict[str, Any]:
    """What one page of the certificate shows (strings ready to print)."""
    enrollment = certificate.enrollment
    cohort = enrollment.cohort
    return {
        "name": full_thai_name(enrollment.trainee),
        "course": cohort.course.name_th,
        "cohort_number": _digits(str(cohort.number), thai_digits),
        "cohort_dates": date_range_text(cohort.starts_on, cohort.ends_on, thai_digits=thai_digits),
        "venue": cohort.venue,
        "issued_on": date_text(certificate.issued_on, thai_digits=thai_digits),
        "number": _digits(certificate.number, thai_digits),
        "qr": qr_data_uri(verification_url(certificate)),
        "revoked": not certificate.is_valid,
    }


def signer_list(
    signatories: Sequence[Signatory] | Sequence[dict[str, str]],
) -> list[dict[str, str]]:
    """Signatories as the template takes them (signature images read once, as data URIs)."""
    items = list(signatories)
    if items and isinstance(items[0], Signatory):
        return signatory_context(items)  # type: ignore[arg-type]
    return items  # type: ignore[return-value]


def certificates_html(
    certificates: Sequence[Certificate],
    *,
    signatories: Sequence[Signatory] | Sequence[dict[str, str]],
    thai_digits: bool = False,
    language: str = "th",
) -> str:
    """The HTML of one A4 landscape page per certificate (what render_pdf would render)."""
    signers = signer_list(signatories)
    with translation.override(language):
        sheets = [certificate_sheet(c, thai_digits=thai_digits) for c in certificates]
        context = {
            "sheets": sheets,
            "signatories": signers,
            "font_faces_css": font_faces_css(),
            "font_stack": FONT_STACK,
        }
        return render_to_string(TEMPLATE, context)


# The document has no relative URL (fonts are file URIs, images data URIs); an explicit base
# lets a worker process render it without Django's app registry (see tasks.py).
PDF_BASE_URL = str(settings.BASE_DIR)


def render_certificates_pdf(
    certificates: Sequence[Certificate],
    *,
    signatories: Sequence[Signatory] | Sequence[dict[str, str]],
    thai_digits: bool = False,
    language: str = "th",
) -> bytes:
    """One PDF with one page per certificate, in one WeasyPrint call."""
    html = certificates_html(
        certificates, signatories=signatories, thai_digits=thai_digits, language=language
    )
    return html_to_pdf(html, base_url=PDF_BASE_URL)


def render_certificate_pdf(certificate: Certificate, *, thai_digits: bool = False) -> bytes:
    """The PDF of one certificate, with its cohort's signatories."""
    signatories = cohort_signatories(certificate.enrollment.cohort)
    return render_certificates_pdf([certificate], signatories=signatories, thai_digits=thai_digits)


# --- batch generation ------------------------------------------------------------------------

MSG_NOTHING_TO_GENERATE = gettext_noop("The cohort has no valid certificates to generate.")
BATCH_KINDS = {"pdf": "application/pdf", "zip": "application/zip"}


def batch_job_kind(cohort: Cohort) -> str:
    return f"training.certificates:{cohort.pk}"


def batch_file_name(cohort: Cohort, job_id: Any, kind: str) -> str:
    """Where a batch's file is kept in the media storage (served only through a checked view)."""
    return f"certificates/{cohort.pk}/{job_id}/cohort-{cohort.number}-certificates.{kind}"


def trainee_file_name(certificate: Certificate) -> str:
    trainee = certificate.enrollment.trainee
    name = "_".join(part for part in (trainee.first_name, trainee.last_name) if part)
    # Letters, digits and Thai vowel and tone marks (category M) are kept; nothing else.
    name = "".join(c for c in name if unicodedata.category(c)[0] in "LMN" or c in "_-")
    name = name or str(trainee.pk)
    return f"{certificate.number.replace(' ', '-').replace('/', '-')}_{name}.pdf"


@transaction.atomic
def start_certificate_batch(*, by: Any, cohort: Cohort, thai_digits: bool = False) -> Job:
    """Queue the rendering of all valid certificates of the cohort; returns its progress job."""
    from tambon.training.tasks import generate_certificate_pdfs

    _require(by, cohort)
    count = Certificate.objects.filter(enrollment__cohort=cohort, revoked_at__isnull=True).count()
    if not count:
        raise ValidationError(_(MSG_NOTHING_TO_GENERATE))
    title = _("Certificates of cohort %(number)s") % {"number": cohort.number}
    job = start_job(kind=batch_job_kind(cohort), title=title, user=by, total=2 * count)
    generate_certificate_pdfs.enqueue(str(job.pk), cohort.pk, thai_digits)
    return job
