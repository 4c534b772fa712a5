"""Pages of the shell that belong to no domain: About and the friendly error pages."""

import geothai
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"geothai_data_version": geothai.DATA_VERSION})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the failure may be in one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
