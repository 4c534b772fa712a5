"""Pages of the shell that belong to no domain: About and the friendly error pages."""

from uuid import UUID

import geothai
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tambon.core.jobs import Job


@require_GET
@login_required
def job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress bar of one of the user's background jobs (polled by htmx)."""
    job = get_object_or_404(Job, pk=job_id, user=request.user)
    return render(request, "core/_job_progress.html", {"job": job})


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
