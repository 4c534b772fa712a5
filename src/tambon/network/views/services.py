"""Pages of welfare services: add one to a partner, see it, change it, take it out of the
directory or bring it back."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.network.forms.services import ServiceForm
from tambon.network.models import Partner, WelfareService
from tambon.network.selectors.areas import area_names
from tambon.network.services.areas import split_codes
from tambon.network.services.welfare import (
    ServiceData,
    create_service,
    set_service_active,
    update_service,
)
from tambon.network.views.common import visible_partner, visible_service

CHANGE_PERM = "network.change_service"


def _data(form: ServiceForm) -> ServiceData:
    data = form.cleaned_data
    return ServiceData(
        name=data["name"],
        service_type=data.get("service_type"),
        description=data.get("description", ""),
        target_groups=list(data.get("target_groups") or []),
        problem_types=list(data.get("problem_types") or []),
        min_age=data.get("min_age"),
        max_age=data.get("max_age"),
        capacity_per_month=data.get("capacity_per_month"),
        how_to_request=data.get("how_to_request", ""),
        area_codes=split_codes(data.get("area_codes", "")),
    )


def _form_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, "network/services/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a welfare service to a partner."""
    partner: Partner = visible_partner(request, pk)
    require_perm(request, "network.change_partner", partner)
    user = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = ServiceForm(request.POST)
        if form.is_valid():
            try:
                service = create_service(by=user, partner=partner, data=_data(form))
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The service is saved and listed in the directory."))
                return redirect("network:service_detail", pk=service.pk)
        else:
            status = 400
    else:
        form = ServiceForm()
    context = {"form": form, "partner": partner, "service": None, "conflict": False}
    return _form_page(request, context, status)


@login_required
@require_GET
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A service: for whom, where, how to request, and its partner."""
    service = visible_service(request, pk)
    user = signed_in_user(request)
    codes = service.effective_area_codes
    return render(
        request,
        "network/services/detail.html",
        {
            "service": service,
            "partner": service.partner,
            "area_names": area_names(codes),
            "can_change": user.has_perm(CHANGE_PERM, service),
            "can_see_partner": user.has_perm("network.view_partner", service.partner),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a service; a stale version is refused and what the user typed is kept."""
    service: WelfareService = visible_service(request, pk)
    require_perm(request, CHANGE_PERM, service)
    user = signed_in_user(request)
    status = 200
    conflict = False
    if request.method == "POST":
        form = ServiceForm(request.POST, service=service)
        if form.is_valid():
            version = form.cleaned_data.get("version") or service.version
            outcome = call_service(
                lambda: update_service(
                    by=user, service=service, expected_version=version, data=_data(form)
                ),
                form,
            )
            if outcome.ok:
                messages.success(request, _("The changes are saved."))
                return redirect("network:service_detail", pk=service.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = ServiceForm(initial=ServiceForm.initial_for(service), service=service)
    context = {
        "form": form,
        "partner": service.partner,
        "service": service,
        "conflict": conflict,
    }
    return _form_page(request, context, status)


@login_required
@require_POST
def service_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a service (out of the directory) or make it active again."""
    service: WelfareService = visible_service(request, pk)
    require_perm(request, CHANGE_PERM, service)
    try:
        set_service_active(by=signed_in_user(request), service=service, active=not service.active)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if service.active:
            messages.success(request, _("The service is active and listed in the directory."))
        else:
            messages.success(request, _("The service is deactivated: the directory hides it."))
    return redirect("network:service_detail", pk=service.pk)


urlpatterns = [
    path("partners/<int:pk>/services/new/", service_create, name="service_create"),
    path("services/<int:pk>/", service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", service_edit, name="service_edit"),
    path("services/<int:pk>/toggle/", service_toggle, name="service_toggle"),
]
