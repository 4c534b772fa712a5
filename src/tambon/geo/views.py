from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tambon.geo.forms import LEVELS, AreaSelectForm


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
