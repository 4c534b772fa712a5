"""The home page: a landing page for visitors, the user's areas and tools once signed in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tambon.cases.selectors.queues import queue_counts
from tambon.dashboards import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return render(request, "dashboards/landing.html")
    role_label = user.get_role_display() or (_("System administrator") if user.is_superuser else "")
    context = {
        "coverage": selectors.areas_of(user),
        "role_label": role_label,
        "queue_counts": queue_counts(user),
    }
    return render(request, "dashboards/home.html", context)
