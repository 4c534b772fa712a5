"""Geography pages: find and browse areas, and import villages from a CSV. Thin by design."""

import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tambon.core.errors import DomainError
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo import selectors
from tambon.geo.forms import LEVELS, AreaSelectForm
from tambon.geo.services import VillageImportResult, import_villages

IMPORT_PERM = "geo.import_villages"
IMPORT_SESSION_KEY = "geo_village_import"
MAX_IMPORT_BYTES = 10 * 1024 * 1024
SEARCH_MAX_LENGTH = 100


@require_GET
def area_select(request: HttpRequest) -> HttpResponse:
    """Re-render the cascading picker for the values chosen so far (htmx endpoint)."""
    depth = request.GET.get("depth", "subdistrict")
    required = request.GET.get("required", "")
    depth = depth if depth in LEVELS else "subdistrict"
    required = required if required in LEVELS else ""
    form = AreaSelectForm(
        request.GET, depth=depth, required=required, prefix=request.GET.get("prefix") or None
    )
    return render(request, "geo/_area_select.html", {"form": form})


# --- areas -------------------------------------------------------------------------------


@login_required
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    """Find sub-districts by name or postal code, or browse them with the area picker."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    picker = AreaSelectForm(request.GET, depth="village")
    chosen = picker.area_code() if picker.is_valid() else ""
    context: dict[str, Any] = {
        "query": query,
        "picker": picker,
        "chosen": chosen,
        "districts": None,
        "subdistricts": None,
        "subdistrict": None,
        "villages": None,
    }
    if query:
        context["subdistricts"] = _with_village_counts(selectors.search_subdistricts(query))
    elif len(chosen) >= 4:
        context["subdistricts"] = _with_village_counts(
            selectors.subdistricts(district_code=chosen[:4]).select_related("district", "province")
        )
    elif len(chosen) == 2:
        context["districts"] = selectors.districts(province_code=chosen)
    if context["subdistricts"] is not None:
        context["page_obj"] = paginate(request, context["subdistricts"])
        context["querystring"] = querystring_without_page(request)
    if len(chosen) >= 6:
        context["subdistrict"] = selectors.area_by_code(chosen[:6])
        context["villages"] = selectors.villages(subdistrict_code=chosen[:6])
    return render(request, "geo/areas.html", context)


def _with_village_counts(qs: Any) -> Any:
    return qs.annotate(village_count=Count("villages"))


# --- village import ----------------------------------------------------------------------


class VillageCsvForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv", "class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 (with or without BOM) or TIS-620 / Windows-874, at most %(size)s."
        ) % {"size": filesizeformat(MAX_IMPORT_BYTES)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(MAX_IMPORT_BYTES)}
            )
        return upload


def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm(IMPORT_PERM):
        raise HttpForbidden()


def _pending_path(request: HttpRequest, digest: str) -> str:
    # Keyed by the content's sha256, under the user's own folder: a preview is theirs only.
    return f"imports/villages/{request.user.pk}/{digest}.csv"


@login_required
@require_http_methods(["GET", "POST"])
def village_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of villages and see what it would change; nothing is written yet."""
    _require_import(request)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm_import(request)
    form = VillageCsvForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        return _preview_import(request, form, upload.read(), upload.name)
    status = 400 if form.errors else 200
    return render(request, "geo/village_import.html", {"form": form}, status=status)


def _preview_import(
    request: HttpRequest, form: VillageCsvForm, data: bytes, name: str
) -> HttpResponse:
    try:
        result = import_villages(data=data, by=request.user, dry_run=True)
    except DomainError as exc:
        form.add_error("file", str(exc.message))
        return render(request, "geo/village_import.html", {"form": form}, status=400)
    digest = hashlib.sha256(data).hexdigest()
    ready = not result.errors and (result.created or result.updated)
    if ready:
        path = _pending_path(request, digest)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(data))
        request.session[IMPORT_SESSION_KEY] = {"sha256": digest, "name": name}
    return _render_preview(request, result, name=name, digest=digest, ready=bool(ready))


def _render_preview(
    request: HttpRequest, result: VillageImportResult, *, name: str, digest: str, ready: bool
) -> HttpResponse:
    context = {"result": result, "file_name": name, "sha256": digest, "ready": ready}
    status = 200 if not result.errors else 400
    return render(request, "geo/village_import_preview.html", context, status=status)


def _confirm_import(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    digest = request.POST.get("sha256", "")
    path = _pending_path(request, digest)
    if not digest or pending.get("sha256") != digest or not default_storage.exists(path):
        messages.warning(request, _("This preview has expired. Upload the file again."))
        return redirect("geo:village_import")
    with default_storage.open(path, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != digest:
        messages.warning(request, _("This preview has expired. Upload the file again."))
        return redirect("geo:village_import")
    name = str(pending.get("name", ""))
    try:
        result = import_villages(data=data, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("geo:village_import")
    if result.errors:
        # The areas changed since the preview: show what is wrong now; nothing was written.
        return _render_preview(request, result, name=name, digest=digest, ready=False)
    default_storage.delete(path)
    del request.session[IMPORT_SESSION_KEY]
    return render(request, "geo/village_import_done.html", {"result": result, "file_name": name})


@login_required
@require_GET
def village_import_template(request: HttpRequest) -> HttpResponse:
    """An example CSV to start from (UTF-8 with a BOM, so spreadsheet programs read the Thai)."""
    _require_import(request)
    rows = [
        "subdistrict_code,village_no,name_th,name_en",
        "500101,1,บ้านหนองบัว,Ban Nong Bua",
        "500101,2,บ้านดอนแก้ว,Ban Don Kaeo",
    ]
    response = HttpResponse(
        ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="villages-template.csv"'
    return response
