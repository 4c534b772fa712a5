"""Certificate pages: completion and issuing, batch PDFs, downloads, revocation, verification."""

from typing import Any
from urllib.parse import quote
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tambon.core.errors import DomainError
from tambon.core.forms import BuddhistDateField
from tambon.core.jobs import Job
from tambon.training.models import Certificate, Cohort, Enrollment
from tambon.training.models.certificates import Signatory
from tambon.training.selectors import certificates as selectors
from tambon.training.services import certificates as services
from tambon.training.services.completion import completion_status

ISSUE = services.PERM


class IssueForm(forms.Form):
    issued_on = BuddhistDateField(
        label=gettext_lazy("Issue date"),
        required=False,
        help_text=gettext_lazy("Empty: the cohort's last day."),
    )
    enrollment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GenerateForm(forms.Form):
    thai_digits = forms.BooleanField(
        label=gettext_lazy("Print numbers in Thai digits"), required=False
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revoking"), max_length=300)


class SignatoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200)
    signature = forms.FileField(
        label=gettext_lazy("Signature image (PNG or JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )


def _cohort_for(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course", "province"), pk=pk)
    if not request.user.has_perm(ISSUE, cohort):
        raise HttpForbidden()
    return cohort


def _report(request: HttpRequest, exc: DomainError) -> None:
    if exc.status == 403:
        raise HttpForbidden()
    messages.error(request, str(exc.message))


def _back(cohort: Cohort) -> HttpResponse:
    return redirect("training:cohort_certificates", cohort.pk)


# --- the cohort's certificates page ------------------------------------------------------


def _latest_batch(cohort: Cohort) -> Job | None:
    return Job.objects.filter(kind=services.batch_job_kind(cohort)).order_by("-created_at").first()


def _certificate_of(enrollment: Enrollment) -> Certificate | None:
    return getattr(enrollment, "certificate", None)


def _page(request: HttpRequest, cohort: Cohort, **forms_: Any) -> HttpResponse:
    rows = completion_status(cohort)
    table = [(row, _certificate_of(row.enrollment)) for row in rows]
    certificates = [cert for _row, cert in table if cert is not None]
    job = _latest_batch(cohort)
    context = {
        "cohort": cohort,
        "table": table,
        "trainee_count": len(rows),
        "completed_count": sum(1 for r in rows if r.completed),
        "to_issue_count": sum(1 for row, cert in table if row.completed and cert is None),
        "valid_count": sum(1 for c in certificates if c.is_valid),
        "revoked_count": sum(1 for c in certificates if not c.is_valid),
        "signatories": selectors.cohort_signatories(cohort),
        "job": job,
        "batch_done": job is not None and job.status == Job.Status.DONE,
        "issue_form": forms_.get("issue_form")
        or IssueForm(initial={"issued_on": services.default_issue_date(cohort)}),
        "generate_form": forms_.get("generate_form") or GenerateForm(),
        "signatory_form": forms_.get("signatory_form") or SignatoryForm(),
        "revoke_form": RevokeForm(),
    }
    return render(
        request, "training/certificates/cohort.html", context, status=forms_.get("status", 200)
    )


@login_required
@require_GET
def cohort_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Who completes and why not; issuing, batch PDFs, signatories."""
    return _page(request, _cohort_for(request, pk))


@login_required
@require_POST
def cohort_certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue certificates to everyone who completed, or to the one trainee named."""
    cohort = _cohort_for(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _page(request, cohort, issue_form=form, status=400)
    issued_on = form.cleaned_data["issued_on"]
    try:
        if form.cleaned_data["enrollment"]:
            enrollment = get_object_or_404(
                Enrollment.objects.select_related("cohort__course", "trainee"),
                pk=form.cleaned_data["enrollment"],
                cohort=cohort,
            )
            cert = services.issue_certificate(
                by=request.user, enrollment=enrollment, issued_on=issued_on
            )
            messages.success(request, _("Certificate %(number)s issued.") % {"number": cert.number})
        else:
            result = services.issue_certificates(
                by=request.user, cohort=cohort, issued_on=issued_on
            )
            messages.success(
                request,
                _("%(count)s certificates issued.") % {"count": len(result.issued)},
            )
    except DomainError as exc:
        _report(request, exc)
    return _back(cohort)


@login_required
@require_POST
def cohort_certificates_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the background job that renders the batch PDF and the per-trainee files."""
    cohort = _cohort_for(request, pk)
    form = GenerateForm(request.POST)
    thai_digits = form.is_valid() and form.cleaned_data["thai_digits"]
    try:
        services.start_certificate_batch(by=request.user, cohort=cohort, thai_digits=thai_digits)
    except DomainError as exc:
        _report(request, exc)
    return _back(cohort)


@login_required
@require_GET
def certificate_batch_download(
    request: HttpRequest, pk: int, job_id: UUID, kind: str
) -> FileResponse:
    """A finished batch's combined PDF or ZIP, for those who may issue the cohort's certificates."""
    cohort = _cohort_for(request, pk)
    if kind not in services.BATCH_KINDS:
        raise Http404()
    job = get_object_or_404(
        Job, pk=job_id, kind=services.batch_job_kind(cohort), status=Job.Status.DONE
    )
    name = services.batch_file_name(cohort, job.pk, kind)
    if not default_storage.exists(name):
        raise Http404()
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"cohort-{cohort.number}-certificates.{kind}",
        content_type=services.BATCH_KINDS[kind],
    )


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    cert = selectors.certificate_by_pk(pk)
    if cert is None:
        raise Http404()
    cohort = cert.enrollment.cohort
    if not request.user.has_perm(ISSUE, cohort):
        raise HttpForbidden()
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the certificate."))
        return _back(cohort)
    try:
        services.revoke_certificate(
            by=request.user, certificate=cert, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Certificate %(number)s revoked.") % {"number": cert.number})
    except DomainError as exc:
        _report(request, exc)
    return _back(cohort)


@login_required
@require_POST
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for(request, pk)
    form = SignatoryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cohort, signatory_form=form, status=400)
    try:
        services.add_signatory(by=request.user, cohort=cohort, **form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise HttpForbidden() from exc
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return _page(request, cohort, signatory_form=form, status=exc.status)
    return _back(cohort)


@login_required
@require_POST
def signatory_remove(request: HttpRequest, pk: int) -> HttpResponse:
    signatory = get_object_or_404(Signatory.objects.select_related("cohort"), pk=pk)
    try:
        services.remove_signatory(by=request.user, signatory=signatory)
    except DomainError as exc:
        _report(request, exc)
    return _back(signatory.cohort)


# --- one certificate ---------------------------------------------------------------------


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One certificate as PDF, for its holder or for those who issue the cohort's certificates."""
    cert = selectors.certificate_by_pk(pk)
    if cert is None:
        raise Http404()
    is_holder = cert.enrollment.trainee_id == request.user.pk
    is_manager = request.user.has_perm(ISSUE, cert.enrollment.cohort)
    if not (is_holder or is_manager):
        raise HttpForbidden()
    if not cert.is_valid and not is_manager:
        raise Http404()
    pdf = services.render_certificate_pdf(cert, thai_digits=request.GET.get("thai_digits") == "1")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = services.trainee_file_name(cert)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own certificates, to download or share the verification link."""
    certificates = selectors.certificates_of_trainee(request.user)
    rows = [(c, services.verification_url(c)) for c in certificates]
    return render(request, "training/certificates/mine.html", {"rows": rows})


# --- public verification -----------------------------------------------------------------


@require_GET
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Public (no sign-in): is this certificate valid, and whose is it. Nothing else."""
    data = selectors.verification(code)
    if data is None:
        raise Http404()
    response = render(request, "training/certificates/verify.html", {"v": data})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [
    path("cohorts/<int:pk>/certificates/", cohort_certificates, name="cohort_certificates"),
    path(
        "cohorts/<int:pk>/certificates/issue/",
        cohort_certificates_issue,
        name="cohort_certificates_issue",
    ),
    path(
        "cohorts/<int:pk>/certificates/generate/",
        cohort_certificates_generate,
        name="cohort_certificates_generate",
    ),
    path(
        "cohorts/<int:pk>/certificates/batch/<uuid:job_id>/<str:kind>/",
        certificate_batch_download,
        name="certificate_batch_download",
    ),
    path("cohorts/<int:pk>/signatories/", signatory_add, name="signatory_add"),
    path("signatories/<int:pk>/remove/", signatory_remove, name="signatory_remove"),
    path("certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", certificate_revoke, name="certificate_revoke"),
    path("certificates/mine/", my_certificates, name="my_certificates"),
    path("verify/<str:code>/", verify_certificate, name="verify_certificate"),
]
