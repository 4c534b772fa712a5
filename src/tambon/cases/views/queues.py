"""The work-queue pages: one tab per queue of the user's role, each filtered (area, problem
type, urgency), sorted by a whitelisted key and paginated. Thin: cases.selectors.queues does
the work. A role without queues gets a 403; a queue the role does not have, a 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from tambon.accounts.requests import signed_in_user
from tambon.accounts.roles import Role
from tambon.cases.forms.queues import QueueFilterForm
from tambon.cases.selectors import queues as selectors
from tambon.cases.selectors.queues import Queue, QueueFilters
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm

AREA_PREFIX = "area"


def _queue(request: HttpRequest, slug: str | None) -> Queue:
    queues = selectors.queues_for(signed_in_user(request))
    if not queues:
        raise PermissionDenied()
    if slug is None:
        return queues[0]
    if slug not in Queue.values or Queue(slug) not in queues:
        raise Http404
    return Queue(slug)


@login_required
@require_GET
def queue_page(request: HttpRequest, queue: str | None = None) -> HttpResponse:
    """A work queue of the user (the first of their role's queues by default)."""
    current = _queue(request, queue)
    user = signed_in_user(request)
    form = QueueFilterForm(request.GET, queue=current)
    area_form = AreaSelectForm(request.GET, depth="village", prefix=AREA_PREFIX)
    form.is_valid()  # a malformed filter or sort is dropped (and marked); the others apply
    data = form.cleaned_data
    filters = QueueFilters(
        area_code=area_form.area_code() if area_form.is_valid() else "",
        problem_type=data.get("problem_type"),
        urgency=data.get("urgency", ""),
        sort=form.chosen_sort(),
    )
    items = selectors.queue_items(user=user, queue=current, filters=filters)
    counts = selectors.queue_counts(user)
    filtered = bool(filters.area_code or filters.problem_type or filters.urgency)
    # Unfiltered, the list holds what its tab counts: the paginator needs no COUNT of its own.
    known = None if filtered else next(c.count for c in counts if c.queue == current)
    return render(
        request,
        "cases/queues/page.html",
        {
            "queue": current,
            "kind": selectors.KIND[current],
            "counts": counts,
            "form": form,
            "area_form": area_form,
            "sort": filters.sort,
            "filtered": filtered,
            "page_obj": paginate(request, items, count=known),
            "querystring": querystring_without_page(request),
            "is_partner": user.role == Role.PARTNER,
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("queues/", queue_page, name="queues"),
    path("queues/<slug:queue>/", queue_page, name="queue"),
]
