"""Pages for national administrators: the service-type taxonomy."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.pagination import paginate
from tambon.network.forms.taxonomy import ServiceTypeForm
from tambon.network.models import ServiceType
from tambon.network.selectors import taxonomy as selectors
from tambon.network.services.taxonomy import save_service_type, set_service_type_active

PERM = "network.manage_service_types"


@login_required
@require_GET
def service_type_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, PERM)
    return render(
        request,
        "network/taxonomy/list.html",
        {"page_obj": paginate(request, selectors.service_types()), "querystring": ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_type_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a service type (no pk) or change one."""
    require_perm(request, PERM)
    service_type = get_object_or_404(ServiceType, pk=pk) if pk is not None else None
    locked = service_type is not None and selectors.is_in_use(service_type)
    initial: Any = ServiceTypeForm.initial_for(service_type) if service_type else None
    form = ServiceTypeForm(request.POST or None, initial=initial, code_locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            save_service_type(
                by=signed_in_user(request), values=form.cleaned_data, service_type=service_type
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("network:service_type_list")
    return render(
        request,
        "network/taxonomy/form.html",
        {"form": form, "service_type": service_type},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def service_type_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire a service type, or bring a retired one back into use."""
    require_perm(request, PERM)
    service_type = get_object_or_404(ServiceType, pk=pk)
    set_service_type_active(
        by=signed_in_user(request), service_type=service_type, active=not service_type.active
    )
    if service_type.active:
        messages.success(request, _("“%(name)s” is in use again.") % {"name": service_type.name})
    else:
        messages.success(request, _("“%(name)s” was retired.") % {"name": service_type.name})
    return redirect("network:service_type_list")


urlpatterns = [
    path("service-types/", service_type_list, name="service_type_list"),
    path("service-types/new/", service_type_edit, name="service_type_create"),
    path("service-types/<int:pk>/edit/", service_type_edit, name="service_type_edit"),
    path("service-types/<int:pk>/toggle/", service_type_toggle, name="service_type_toggle"),
]
