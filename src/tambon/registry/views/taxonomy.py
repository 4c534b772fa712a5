"""Pages for national administrators: the taxonomies and the versioned 4S mapping.

Every page needs registry.manage_taxonomies (403 otherwise). Taxonomy pages are generic over
the kind of entry named in the URL (target-groups, problem-types, indicators).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.core.errors import DomainError
from tambon.core.pagination import paginate
from tambon.registry.forms.assessments import MappingDraftForm
from tambon.registry.forms.taxonomy import FORMS
from tambon.registry.models import Indicator, MappingVersion, ProblemType, TargetGroup
from tambon.registry.selectors import taxonomy as selectors
from tambon.registry.selectors.assessments import latest_mapping, mapping_rules
from tambon.registry.services import taxonomy as services

# URL slug → (model, plural title, description)
KINDS: dict[str, tuple[Any, Any, Any]] = {
    "target-groups": (
        TargetGroup,
        gettext_lazy("Target groups"),
        gettext_lazy("Who the program serves (กลุ่มเป้าหมาย), recorded on people or derived."),
    ),
    "problem-types": (
        ProblemType,
        gettext_lazy("Problem types"),
        gettext_lazy("Social problems found by assessments and chosen by workshops."),
    ),
    "indicators": (
        Indicator,
        gettext_lazy("Survey indicators"),
        gettext_lazy("The questions of the needs assessment, on the five dimensions."),
    ),
}


def _require_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("registry.manage_taxonomies"):
        raise HttpForbidden()


def _kind(kind: str) -> tuple[Any, Any, Any]:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _report(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))


# --- taxonomies --------------------------------------------------------------------------


@login_required
@require_GET
def taxonomy_index(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    kinds = [
        {"slug": slug, "title": title, "description": description, "count": model.objects.count()}
        for slug, (model, title, description) in KINDS.items()
    ]
    return render(
        request,
        "registry/taxonomy/index.html",
        {"kinds": kinds, "mapping": latest_mapping(), "draft": selectors.mapping_draft()},
    )


@login_required
@require_GET
def term_list(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    model, title, description = _kind(kind)
    return render(
        request,
        "registry/taxonomy/term_list.html",
        {
            "kind": kind,
            "title": title,
            "description": description,
            "is_indicator": model is Indicator,
            "is_target_group": model is TargetGroup,
            "page_obj": paginate(request, selectors.terms(model)),
            "querystring": "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add an entry (no pk) or change one."""
    _require_admin(request)
    model, title, _description = _kind(kind)
    term = get_object_or_404(model, pk=pk) if pk is not None else None
    locked = term is not None and selectors.is_in_use(term)
    form_class = FORMS[model]
    initial = form_class.initial_for(term) if term is not None else None
    form = form_class(request.POST or None, initial=initial, code_locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_term(by=request.user, model=model, values=form.cleaned_data, term=term)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:taxonomy_list", kind=kind)
    return render(
        request,
        "registry/taxonomy/term_form.html",
        {"kind": kind, "title": title, "term": term, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def term_toggle(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Retire an entry, or bring a retired one back into use."""
    _require_admin(request)
    model, _title, _description = _kind(kind)
    term: Any = get_object_or_404(model, pk=pk)
    services.set_term_active(by=request.user, term=term, active=not term.active)
    if term.active:
        messages.success(request, _("“%(name)s” is in use again.") % {"name": _label(term)})
    else:
        messages.success(request, _("“%(name)s” was retired.") % {"name": _label(term)})
    return redirect("registry:taxonomy_list", kind=kind)


def _label(term: Any) -> str:
    return term.text if isinstance(term, Indicator) else term.name


# --- the 4S mapping ----------------------------------------------------------------------


@login_required
@require_GET
def mapping_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return render(
        request,
        "registry/taxonomy/mapping_list.html",
        {
            "versions": selectors.mapping_versions(),
            "current": latest_mapping(),
            "draft": selectors.mapping_draft(),
        },
    )


@login_required
@require_POST
def mapping_new(request: HttpRequest) -> HttpResponse:
    """Start a draft from a copy of the newest version."""
    _require_admin(request)
    try:
        version = services.start_mapping_draft(by=request.user)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:mapping_list")
    messages.success(
        request,
        _("Draft version %(number)s was created: edit it, then publish it.")
        % {"number": version.number},
    )
    return redirect("registry:mapping_edit", pk=version.pk)


@login_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's rules in one form; a published version is shown read-only."""
    _require_admin(request)
    version = get_object_or_404(MappingVersion, pk=pk)
    if version.published_at is not None:
        if request.method == "POST":
            messages.error(request, _("A published version can no longer change."))
            return redirect("registry:mapping_edit", pk=version.pk)
        return render(
            request,
            "registry/taxonomy/mapping_view.html",
            {"version": version, "rules": mapping_rules(version), "current": latest_mapping()},
        )
    rules = list(mapping_rules(version))
    form = MappingDraftForm(
        request.POST or None,
        initial={"note": version.note},
        indicators=selectors.indicators_for_mapping(version),
        rules=rules,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_mapping_draft(
                by=request.user,
                version=version,
                note=form.cleaned_data["note"],
                rules=form.rule_inputs(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The draft was saved. It is used once published."))
            return redirect("registry:mapping_edit", pk=version.pk)
    return render(
        request,
        "registry/taxonomy/mapping_form.html",
        {"version": version, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def mapping_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    version = get_object_or_404(MappingVersion, pk=pk)
    try:
        services.publish_mapping(by=request.user, version=version)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:mapping_edit", pk=version.pk)
    messages.success(
        request,
        _("Version %(number)s is published: new assessments are scored with it.")
        % {"number": version.number},
    )
    return redirect("registry:mapping_list")


@login_required
@require_POST
def mapping_discard(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    version = get_object_or_404(MappingVersion, pk=pk)
    try:
        services.discard_mapping_draft(by=request.user, version=version)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:mapping_edit", pk=version.pk)
    messages.success(request, _("The draft was discarded."))
    return redirect("registry:mapping_list")


urlpatterns = [
    path("taxonomies/", taxonomy_index, name="taxonomy"),
    path("taxonomies/mapping/", mapping_list, name="mapping_list"),
    path("taxonomies/mapping/new/", mapping_new, name="mapping_new"),
    path("taxonomies/mapping/<int:pk>/", mapping_edit, name="mapping_edit"),
    path("taxonomies/mapping/<int:pk>/publish/", mapping_publish, name="mapping_publish"),
    path("taxonomies/mapping/<int:pk>/discard/", mapping_discard, name="mapping_discard"),
    path("taxonomies/<slug:kind>/", term_list, name="taxonomy_list"),
    path("taxonomies/<slug:kind>/new/", term_edit, name="taxonomy_create"),
    path("taxonomies/<slug:kind>/<int:pk>/", term_edit, name="taxonomy_edit"),
    path("taxonomies/<slug:kind>/<int:pk>/toggle/", term_toggle, name="taxonomy_toggle"),
]
