"""Pages of the facilitator directory, workshops (กิจกรรม) and the cascade. Thin: the services
and selectors do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial
from tambon.registry.selectors.taxonomy import problem_type_names
from tambon.training.forms.workshops import (
    AREA_PREFIX,
    CascadeFilterForm,
    FacilitatorSearchForm,
    WorkshopForm,
    WorkshopSearchForm,
)
from tambon.training.models import Facilitator, WorkshopHeadcount
from tambon.training.selectors import cascade as cascade_selectors
from tambon.training.selectors import facilitators as facilitator_selectors
from tambon.training.selectors import workshops as workshop_selectors
from tambon.training.services.workshops import WorkshopData, change_workshop, record_workshop


def _area_form(request: HttpRequest, *, depth: str, required: str = "") -> AreaSelectForm:
    return AreaSelectForm(request.GET, depth=depth, required=required, prefix=AREA_PREFIX)


# --- facilitator directory ---------------------------------------------------------------


@login_required
@require_GET
def facilitator_list(request: HttpRequest) -> HttpResponse:
    """Active facilitators by province and sub-district, searchable by name or skill."""
    require_perm(request, "training.view_facilitators")
    form = FacilitatorSearchForm(request.GET)
    area_form = _area_form(request, depth="subdistrict")
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    area_code = area_form.area_code() if area_form.is_valid() else ""
    page = paginate(
        request, facilitator_selectors.facilitator_directory(area_code=area_code, search=search)
    )
    return render(
        request,
        "training/facilitators/list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_GET
def facilitator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "training.view_facilitators")
    facilitator = facilitator_selectors.facilitator_profile(pk)
    if facilitator is None:
        raise Http404
    page = paginate(request, facilitator_selectors.workshops_of(facilitator))
    return render(
        request,
        "training/facilitators/detail.html",
        {"facilitator": facilitator, "page_obj": page, "querystring": ""},
    )


# --- workshops ---------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request: HttpRequest) -> HttpResponse:
    """Workshops in the user's area; `?mine=1` shows a facilitator's own."""
    user = signed_in_user(request)
    mine = request.GET.get("mine") == "1"
    form = WorkshopSearchForm(request.GET)
    area_form = _area_form(request, depth="subdistrict")
    data = form.cleaned_data if form.is_valid() else {}
    area_code = area_form.area_code() if area_form.is_valid() else ""
    workshops = workshop_selectors.workshop_list(
        user=user,
        mine=mine,
        area_code=area_code,
        search=data.get("q", ""),
        kind=data.get("kind", ""),
    )
    return render(
        request,
        "training/workshops/list.html",
        {
            "form": form,
            "area_form": area_form,
            "mine": mine,
            "page_obj": paginate(request, workshops),
            "querystring": querystring_without_page(request),
            "can_record": user.has_perm("training.record_workshop"),
        },
    )


@login_required
@require_GET
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    workshop = workshop_selectors.workshop_detail(user=user, pk=pk)
    if workshop is None:
        raise Http404
    grid = workshop_selectors.headcount_grid(workshop)
    form = WorkshopForm(initial=WorkshopForm.initial_for(workshop))
    rows = [
        (str(label), [grid.get((band, sex), 0) for sex in WorkshopHeadcount.Sex.values])
        for band, label in WorkshopHeadcount.AgeBand.choices
    ]
    return render(
        request,
        "training/workshops/detail.html",
        {
            "workshop": workshop,
            "headcount_rows": rows,
            "sex_labels": form.sex_labels,
            "can_change": user.has_perm("training.change_workshop", workshop),
            "problem_labels": problem_type_names(workshop.problems),
        },
    )


def _data(form: WorkshopForm, area_form: AreaSelectForm) -> WorkshopData:
    area = area_form.cleaned_data
    return WorkshopData(
        subdistrict=area["subdistrict"],
        village=area.get("village"),
        date=form.cleaned_data["date"],
        kind=form.cleaned_data["kind"],
        title=form.cleaned_data["title"],
        topics=form.cleaned_data.get("topics", ""),
        problems=list(form.cleaned_data.get("problems") or []),
        headcounts=form.headcounts(),
        participants=list(form.cleaned_data.get("participants") or []),
    )


def _posted_subdistrict(request: HttpRequest) -> str:
    return str(request.POST.get(f"{AREA_PREFIX}-subdistrict", ""))[:6]


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    """A facilitator records a workshop they ran."""
    require_perm(request, "training.record_workshop")
    user = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = WorkshopForm(request.POST, subdistrict_code=_posted_subdistrict(request))
        area_form = AreaSelectForm(
            request.POST, depth="village", required="subdistrict", prefix=AREA_PREFIX
        )
        if form.is_valid() and area_form.is_valid():
            try:
                workshop = record_workshop(by=user, data=_data(form, area_form))
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(request, _("The workshop is recorded."))
                return redirect("training:workshop_detail", pk=workshop.pk)
        else:
            status = 400
    else:
        own = Facilitator.objects.filter(user=user).values_list("subdistrict_id", flat=True).first()
        code = own or ""
        form = WorkshopForm(subdistrict_code=code)
        area_form = AreaSelectForm(
            initial=picker_initial(code),
            depth="village",
            required="subdistrict",
            prefix=AREA_PREFIX,
        )
    return render(
        request,
        "training/workshops/form.html",
        {"form": form, "area_form": area_form, "workshop": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator who ran a workshop changes it; a stale version is refused and the typed
    values are kept."""
    user = signed_in_user(request)
    workshop = workshop_selectors.workshop_detail(user=user, pk=pk)
    if workshop is None:
        raise Http404
    require_perm(request, "training.change_workshop", workshop)
    status = 200
    conflict = False
    if request.method == "POST":
        form = WorkshopForm(request.POST, subdistrict_code=_posted_subdistrict(request))
        area_form = AreaSelectForm(
            request.POST, depth="village", required="subdistrict", prefix=AREA_PREFIX
        )
        if form.is_valid() and area_form.is_valid():
            version = form.cleaned_data.get("version") or workshop.version
            outcome = call_service(
                lambda: change_workshop(
                    by=user,
                    workshop=workshop,
                    expected_version=version,
                    data=_data(form, area_form),
                ),
                form,
                area_form,
            )
            if outcome.ok:
                messages.success(request, _("The workshop is saved."))
                return redirect("training:workshop_detail", pk=workshop.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = WorkshopForm(
            initial=WorkshopForm.initial_for(workshop), subdistrict_code=workshop.subdistrict_id
        )
        area_form = AreaSelectForm(
            initial=picker_initial(workshop.village_id or workshop.subdistrict_id),
            depth="village",
            required="subdistrict",
            prefix=AREA_PREFIX,
        )
    return render(
        request,
        "training/workshops/form.html",
        {"form": form, "area_form": area_form, "workshop": workshop, "conflict": conflict},
        status=status,
    )


@login_required
@require_GET
def workshop_participants(request: HttpRequest) -> HttpResponse:
    """The participants field for the sub-district chosen so far (htmx partial)."""
    require_perm(request, "training.record_workshop")
    code = str(request.GET.get(f"{AREA_PREFIX}-subdistrict", ""))[:6]
    form = WorkshopForm(subdistrict_code=code if code.isdigit() else "")
    return render(request, "training/workshops/_participants.html", {"form": form})


# --- cascade -----------------------------------------------------------------------------


@login_required
@require_GET
def cascade(request: HttpRequest) -> HttpResponse:
    """Facilitators certified → workshops → participants → (later) innovation, per cohort and
    province, in the viewer's area."""
    require_perm(request, "training.view_cascade")
    user = signed_in_user(request)
    cohorts = list(cascade_selectors.cohorts_with_facilitators(user))
    form = CascadeFilterForm(request.GET, cohorts=cohorts)
    chosen_id = form.cleaned_data.get("cohort") if form.is_valid() else None
    chosen = next((c for c in cohorts if c.pk == chosen_id), None)
    table = cascade_selectors.cascade(user=user, cohort=chosen)
    totals = table.totals()
    counted = [s for s in table.stages if s.count is not None]
    return render(
        request,
        "training/cascade/cascade.html",
        {
            "form": form,
            "table": table,
            "totals": list(zip(table.stages, table.ordered(totals), strict=True)),
            "by_cohort": [(c, table.ordered(v)) for c, v in table.by_cohort()],
            "by_province": [(p, table.ordered(v)) for p, v in table.by_province()],
            "rows": [(r.cohort, r.province, table.ordered(r.values)) for r in table.rows],
            "chart": {
                "stages": [str(s.label) for s in counted],
                "values": [totals[s.key] for s in counted],
            },
            "pending_note": cascade_selectors.NOT_YET_NOTE,
        },
    )


urlpatterns = [
    path("facilitators/", facilitator_list, name="facilitator_list"),
    path("facilitators/<int:pk>/", facilitator_detail, name="facilitator_detail"),
    path("workshops/", workshop_list, name="workshop_list"),
    path("workshops/new/", workshop_create, name="workshop_create"),
    path("workshops/participants/", workshop_participants, name="workshop_participants"),
    path("workshops/<int:pk>/", workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/edit/", workshop_edit, name="workshop_edit"),
    path("cascade/", cascade, name="cascade"),
]
