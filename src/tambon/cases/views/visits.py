"""Pages of home visits: record a visit from a phone, a case's visits, a visit's photo (served
only through this permission-checked view, never from a public /media/ URL), and "My visits".

A case the user may not see is a 404 (`visible_case`); a visit they may not record a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.cases.forms.visits import VisitForm
from tambon.cases.selectors import visits as selectors
from tambon.cases.services.photos import content_type_of
from tambon.cases.services.visits import record_visit
from tambon.cases.views.cases import VIEW_PERM, visible_case
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.core.pagination import paginate
from tambon.core.thai import format_date

RECORD_PERM = "cases.record_visit"


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a home visit: date, who was met, observations, the five scores, a photo."""
    case = visible_case(request, pk)
    require_perm(request, RECORD_PERM, case)
    status = 200
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_visit(
                    case=case,
                    visited_on=data["visited_on"],
                    met=data.get("met", ""),
                    observations=data["observations"],
                    dimension_scores=form.scores(),
                    photo=data.get("photo") or None,
                    by=signed_in_user(request),
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The visit is recorded."))
                return redirect("cases:case_detail", pk=case.pk)
        else:
            status = 400
    else:
        form = VisitForm(initial={"visited_on": timezone.localdate()})
    return render(request, "cases/visits/form.html", {"case": case, "form": form}, status=status)


@login_required
@require_GET
def visit_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every visit of the case, newest first."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    return render(
        request,
        "cases/visits/list.html",
        {
            "case": case,
            "page_obj": paginate(request, selectors.visits_of(case)),
            "can_record": case.is_open and user.has_perm(RECORD_PERM, case),
        },
    )


@login_required
@require_GET
def visit_photo(request: HttpRequest, pk: int, visit_id: int) -> FileResponse:
    """A visit's photo, to who may see the case; the read is written to the access log."""
    case = visible_case(request, pk)
    visit = selectors.visit_of(case, visit_id)
    if visit is None or not visit.photo or not visit.photo.storage.exists(visit.photo.name):
        raise Http404
    record_access(
        user=signed_in_user(request),
        obj=visit,
        request=request,
        action=AccessLog.Action.VIEW,
        description=_("Photo of the home visit of %(date)s, case %(reference)s")
        % {"date": format_date(visit.visited_on), "reference": case.reference},
        area_code=case.subdistrict_id,
    )
    response = FileResponse(visit.photo.open("rb"), content_type=content_type_of(visit.photo.name))
    # Personal data: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_GET
def my_visits(request: HttpRequest) -> HttpResponse:
    """The open cases assigned to me, with the last visit and the next follow-up due."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    return render(
        request,
        "cases/visits/mine.html",
        {
            "page_obj": paginate(request, selectors.my_visits(user)),
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("my-visits/", my_visits, name="my_visits"),
    path("<int:pk>/visits/", visit_list, name="visit_list"),
    path("<int:pk>/visits/new/", visit_new, name="visit_new"),
    path("<int:pk>/visits/<int:visit_id>/photo/", visit_photo, name="visit_photo"),
]
