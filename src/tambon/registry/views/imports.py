"""Pages of the bulk import of household and person surveys. Thin: services and selectors work.

upload → (column map) → preview → confirm → progress → report. Every page needs
registry.import_people (403 otherwise); a batch the user may not see is a 404.
"""

import csv
import io
from typing import Any

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.core.errors import DomainError
from tambon.core.pagination import paginate, querystring_without_page
from tambon.registry.forms.imports import (
    FIELD_HINTS,
    ColumnMapForm,
    UploadForm,
    field_guide,
    template_fields,
)
from tambon.registry.models import ImportBatch
from tambon.registry.selectors import imports as selectors
from tambon.registry.services import imports as services

PERM = services.PERM
Status = ImportBatch.Status
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_import(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_perm(PERM):
        raise HttpForbidden()
    return user


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    user = _require_import(request)
    batch = selectors.batch_for(user, pk)
    if batch is None:
        raise Http404
    return batch


def _acting_on(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch the user may change (its uploader): 404 if unseen, 403 if only seen."""
    batch = _batch(request, pk)
    if not services.can_act(batch, request.user):
        raise HttpForbidden()
    return batch


def _report(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))


def _next_page(batch: ImportBatch) -> HttpResponse:
    if batch.status in (Status.RUNNING, Status.DONE, Status.CANCELLED):
        return redirect("registry:import_detail", batch.pk)
    if batch.status == Status.UPLOADED and not services.checking(batch):
        return redirect("registry:import_mapping", batch.pk)
    return redirect("registry:import_preview", batch.pk)


# --- list and upload ---------------------------------------------------------------------


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    """The imports the user may see, newest first, with their status and counts."""
    user = _require_import(request)
    return render(
        request,
        "registry/imports/list.html",
        {
            "page_obj": paginate(request, selectors.batch_list(user)),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a survey file: it is stored and checked, nothing is written to the registry."""
    user = _require_import(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = services.start_import(
                upload=form.cleaned_data["file"],
                by=user,
                encoding=form.cleaned_data["encoding"],
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, str(exc.message))
        else:
            return _next_page(batch)
    status = 400 if form.errors else 200
    context = {"form": form, "fields": field_guide(services.field_specs())}
    return render(request, "registry/imports/upload.html", context, status=status)


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty survey file with Thai column headers to fill in (CSV or Excel)."""
    _require_import(request)
    fields = template_fields(services.field_specs())
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([f.label_th for f in fields])
        # UTF-8 with a BOM: Excel then opens the Thai headers correctly.
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    elif kind == "xlsx":
        response = HttpResponse(_template_xlsx(fields), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="tambon-people-template.{kind}"'
    return response


def _template_xlsx(fields: list[Any]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#E8F0FE", "border": 1})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(_("People")[:31])  # Excel's limit
    for col, spec in enumerate(fields):
        sheet.write_string(0, col, spec.label_th, bold)
        # Text cells: Excel must not turn IDs, house numbers like 12/3 or dates into numbers.
        sheet.set_column(col, col, max(14, len(spec.label_th) + 4), text)
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet(_("How to fill it in")[:31])
    heads = [_("Column"), _("Column (English)"), _("Required"), _("What to write")]
    for col, head in enumerate(heads):
        guide.write_string(0, col, head, bold)
    for row, spec in enumerate(fields, start=1):
        guide.write_string(row, 0, spec.label_th)
        guide.write_string(row, 1, spec.label_en)
        guide.write_string(row, 2, _("yes") if spec.required else "")
        guide.write_string(row, 3, str(FIELD_HINTS.get(spec.name, "")))
    guide.set_column(0, 1, 28)
    guide.set_column(2, 2, 10)
    guide.set_column(3, 3, 90)
    book.close()
    return out.getvalue()


# --- column map ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose which column of the file holds each field (needed when the headers differ)."""
    batch = _acting_on(request, pk)
    if batch.status not in services.EDITABLE or services.checking(batch):
        return _next_page(batch)
    try:
        info = services.inspect(batch)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:import_preview", batch.pk)
    fields = services.field_specs()
    posted = request.method == "POST"
    form = ColumnMapForm(
        request.POST if posted else None,
        fields=fields,
        headers=info.headers,
        column_map=batch.column_map,
    )
    if posted and form.is_valid():
        try:
            services.set_column_map(batch=batch, column_map=form.column_map(), by=request.user)
        except DomainError as exc:
            known = exc.field in form.fields
            form.add_error(exc.field if known else None, str(exc.message))
        else:
            return _next_page(batch)
    context = {
        "batch": batch,
        "form": form,
        "missing": [f for f in fields if f.name in services.missing_required(batch.column_map)],
        "headers": info.headers,
    }
    return render(
        request, "registry/imports/mapping.html", context, status=400 if form.errors else 200
    )


# --- preview -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the import would do: counts, the errors row by row, a sample of valid rows.

    POST checks the file again (after the areas or the registry changed).
    """
    if request.method == "POST":
        batch = _acting_on(request, pk)
        try:
            services.preview_import(batch=batch, by=request.user)
        except DomainError as exc:
            _report(request, exc)
        return redirect("registry:import_preview", batch.pk)
    batch = _batch(request, pk)
    if batch.status in (Status.RUNNING, Status.DONE, Status.CANCELLED):
        return redirect("registry:import_detail", batch.pk)
    fields = services.field_specs()
    checked = batch.status == Status.PREVIEWED
    sample: list[dict[str, str]] = []
    if checked:
        try:
            sample = selectors.sample_rows(batch, fields)
        except DomainError:
            sample = []
    mapped = [f for f in fields if batch.column_map.get(f.name)]
    context = {
        "batch": batch,
        "checked": checked,
        "checking": services.checking(batch),
        "errors_page": paginate(request, selectors.error_rows(batch)),
        "querystring": querystring_without_page(request),
        "earlier": selectors.earlier_import(batch),
        "mapped_fields": mapped,
        "columns": [(f.label, batch.column_map[f.name]) for f in mapped],
        "sample": [[row[f.name] for f in mapped] for row in sample],
        "can_act": services.can_act(batch, request.user),
        "can_cancel": services.can_cancel(batch, request.user),
        "needs_mapping": bool(services.missing_required(batch.column_map)),
    }
    return render(request, "registry/imports/preview.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the background import of the checked file's valid rows."""
    batch = _acting_on(request, pk)
    try:
        services.confirm_import(batch=batch, by=request.user)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:import_preview", batch.pk)
    return redirect("registry:import_detail", batch.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop an unfinished import and delete its stored file."""
    batch = _batch(request, pk)
    if not services.can_cancel(batch, request.user) and batch.status in services.CANCELLABLE:
        raise HttpForbidden()
    try:
        services.cancel_import(batch=batch, by=request.user)
    except DomainError as exc:
        _report(request, exc)
        return _next_page(batch)
    messages.success(
        request, _("The import of %(name)s was cancelled.") % {"name": batch.original_name}
    )
    return redirect("registry:import_list")


# --- progress and report -------------------------------------------------------------------


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress while it runs, then its report."""
    batch = _batch(request, pk)
    if batch.status in (Status.UPLOADED, Status.PREVIEWED):
        return redirect("registry:import_preview", batch.pk)
    context = {
        "batch": batch,
        "job": batch.job,
        "errors_page": paginate(request, selectors.error_rows(batch)),
        "querystring": querystring_without_page(request),
        "can_act": services.can_act(batch, request.user),
        "person_list_url": _person_list_url(),
    }
    return render(request, "registry/imports/detail.html", context)


def _person_list_url() -> str:
    # The people pages are another part of the registry: link to them once they exist.
    try:
        return reverse("registry:person_list")
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of the batch's job (polled by htmx); reloads the page when it ends."""
    batch = _batch(request, pk)
    job = batch.job
    if job is None:
        raise Http404
    response = render(request, "registry/imports/_progress.html", {"batch": batch, "job": job})
    if job.is_finished or batch.status not in (Status.UPLOADED, Status.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    """The rows with errors as an Excel file: the file's columns plus the reason."""
    batch = _batch(request, pk)
    if not batch.report or not batch.report.storage.exists(batch.report.name):
        raise Http404
    record_access(
        user=request.user,
        obj=batch,
        request=request,
        action=AccessLog.Action.EXPORT,
        description=_("Error report of the import %(name)s") % {"name": batch.original_name},
    )
    stem = batch.original_name.rsplit(".", 1)[0] or "import"
    return FileResponse(
        batch.report.open("rb"),
        as_attachment=True,
        filename=f"{stem}-errors.xlsx",
        content_type=XLSX_TYPE,
    )


urlpatterns = [
    path("imports/", import_list, name="import_list"),
    path("imports/new/", import_upload, name="import_upload"),
    path("imports/template.<str:kind>", import_template, name="import_template"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
    path("imports/<int:pk>/columns/", import_mapping, name="import_mapping"),
    path("imports/<int:pk>/preview/", import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", import_cancel, name="import_cancel"),
    path("imports/<int:pk>/progress/", import_progress, name="import_progress"),
    path("imports/<int:pk>/report.xlsx", import_report, name="import_report"),
]
