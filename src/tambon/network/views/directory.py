"""The service directory: welfare services by area, need, target group, type and text.

An htmx request (any filter changed) gets only the results, so the page updates as one types.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial_for
from tambon.network.forms.common import AREA_PREFIX
from tambon.network.forms.services import DirectoryForm
from tambon.network.selectors.areas import area_names
from tambon.network.selectors.services import services_for


def _area_form(request: HttpRequest) -> AreaSelectForm:
    if any(key.startswith(f"{AREA_PREFIX}-") for key in request.GET):
        return AreaSelectForm(request.GET, depth="subdistrict", prefix=AREA_PREFIX)
    # A first visit opens the picker at the user's own area, without filtering yet.
    initial = picker_initial_for(signed_in_user(request))
    return AreaSelectForm(initial=initial, depth="subdistrict", prefix=AREA_PREFIX)


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Search the welfare services of every partner."""
    require_perm(request, "network.view_directory")
    user = signed_in_user(request)
    form = DirectoryForm(request.GET)
    area_form = _area_form(request)
    form.is_valid()
    area_code = area_form.area_code() if area_form.is_bound and area_form.is_valid() else ""
    data = form.cleaned_data
    services = services_for(
        user=user,
        subdistrict_code=area_code or None,
        problem_type=data.get("problem_type"),
        target_group=data.get("target_group"),
        service_type=data.get("service_type"),
        q=data.get("q", ""),
    )
    page_obj = paginate(request, services)
    codes = {a.code for s in page_obj.object_list for a in (*s.areas.all(), *s.partner.areas.all())}
    context = {
        "form": form,
        "area_form": area_form,
        "page_obj": page_obj,
        "area_names": area_names(codes),
        "querystring": querystring_without_page(request),
    }
    htmx = getattr(request, "htmx", False)
    template = "network/directory/_results.html" if htmx else "network/directory/index.html"
    return render(request, template, context)


urlpatterns = [path("directory/", directory, name="directory")]
