"""Pages of partners (ภาคีเครือข่าย): list, a partner with its contacts, services and members,
create and edit (a stale version is a conflict that keeps what was typed)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm
from tambon.network.forms.partners import PartnerForm, PartnerSearchForm, coverage_codes
from tambon.network.models import Partner
from tambon.network.selectors import partners as selectors
from tambon.network.selectors.areas import area_names
from tambon.network.services.partners import (
    PartnerData,
    create_partner,
    update_partner,
)
from tambon.network.views.common import (
    home_area_form,
    own_subdistrict,
    search_area_form,
    visible_partner,
)

LIST_PERM = "network.view_partners"


@login_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    """Partners the user sees, by name, sector and area."""
    require_perm(request, LIST_PERM)
    user = signed_in_user(request)
    form = PartnerSearchForm(request.GET)
    area_form = search_area_form(request)
    form.is_valid()  # a malformed filter is dropped (and marked), the others still apply
    filters = selectors.PartnerFilters(
        q=form.cleaned_data.get("q", ""),
        sector=form.cleaned_data.get("sector", ""),
        area_code=area_form.area_code() if area_form.is_valid() else "",
    )
    page_obj = paginate(request, selectors.partner_list(user=user, filters=filters))
    codes = {a.code for p in page_obj.object_list for a in p.areas.all()}
    return render(
        request,
        "network/partners/list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": page_obj,
            "area_names": area_names(codes),
            "querystring": querystring_without_page(request),
            "can_create": user.has_perm("network.create_partner"),
        },
    )


@login_required
@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner with its areas, contacts, services and members."""
    partner = visible_partner(request, pk)
    user = signed_in_user(request)
    services = list(selectors.partner_services(partner))
    codes = set(partner.coverage_codes) | {a.code for s in services for a in s.areas.all()}
    return render(
        request,
        "network/partners/detail.html",
        {
            "partner": partner,
            "services": services,
            "area_names": area_names(codes),
            "can_change": user.has_perm("network.change_partner", partner),
        },
    )


def _data(form: PartnerForm, area_form: AreaSelectForm) -> PartnerData:
    data = form.cleaned_data
    subdistrict = area_form.cleaned_data.get("subdistrict")
    home = subdistrict.code if subdistrict is not None else ""
    return PartnerData(
        name=data["name"],
        name_en=data.get("name_en", ""),
        sector=data["sector"],
        subdistrict=subdistrict,
        coverage_codes=coverage_codes(data["coverage"], home, data.get("coverage_codes", "")),
        address=data.get("address", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        website=data.get("website", ""),
        active=bool(data.get("active")),
    )


def _form_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, "network/partners/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    """Record a partner located in the officer's area."""
    require_perm(request, "network.create_partner")
    user = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = PartnerForm(request.POST, by=user)
        area_form = home_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            try:
                partner = create_partner(by=user, data=_data(form, area_form))
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(request, _("The partner is recorded: now add its services."))
                return redirect("network:partner_detail", pk=partner.pk)
        else:
            status = 400
    else:
        form = PartnerForm(by=user)
        area_form = home_area_form(request, code=own_subdistrict(user))
    context = {"form": form, "area_form": area_form, "partner": None, "conflict": False}
    return _form_page(request, context, status)


def _save(
    request: HttpRequest, partner: Partner, form: PartnerForm, area_form: AreaSelectForm
) -> None:
    version = form.cleaned_data.get("version") or partner.version
    update_partner(
        by=signed_in_user(request),
        partner=partner,
        expected_version=version,
        data=_data(form, area_form),
        members=form.cleaned_data["members"] if form.manages_members else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a partner; a stale version is refused and what the user typed is kept."""
    partner = visible_partner(request, pk)
    user = signed_in_user(request)
    require_perm(request, "network.change_partner", partner)
    status = 200
    conflict = False
    if request.method == "POST":
        form = PartnerForm(request.POST, by=user, partner=partner)
        area_form = home_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            outcome = call_service(
                lambda: _save(request, partner, form, area_form), form, area_form
            )
            if outcome.ok:
                messages.success(request, _("The changes are saved."))
                return redirect("network:partner_detail", pk=partner.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = PartnerForm(initial=PartnerForm.initial_for(partner), by=user, partner=partner)
        area_form = home_area_form(request, code=str(partner.subdistrict_id))
    context = {"form": form, "area_form": area_form, "partner": partner, "conflict": conflict}
    return _form_page(request, context, status)


urlpatterns = [
    path("partners/", partner_list, name="partner_list"),
    path("partners/new/", partner_create, name="partner_create"),
    path("partners/<int:pk>/", partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", partner_edit, name="partner_edit"),
]
