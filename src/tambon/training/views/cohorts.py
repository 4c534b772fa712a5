"""Cohort pages: the list, creating and editing a cohort, its page, sessions and quotas."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial_for
from tambon.training.forms.cohorts import CohortFilterForm, CohortForm, QuotaForm, SessionForm
from tambon.training.models import Cohort, CohortSession
from tambon.training.selectors import cohorts as selectors
from tambon.training.selectors import enrollment as enrollment_selectors
from tambon.training.services import cohorts as services

INVALID = 400  # the status of a page whose form did not validate

# --- helpers shared by the training views of courses, cohorts and enrollment ------------------


def run_action(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service call from a button: its message on success, its error otherwise."""
    try:
        action()
    except DomainError as exc:
        if exc.status == 403 and exc.field is None:
            raise HttpForbidden() from exc
        messages.error(request, str(exc.message))
        return False
    messages.success(request, success)
    return True


def cohort_or_404(request: HttpRequest, pk: int, perm: str | None = None) -> Cohort:
    """A cohort the user may see (404 otherwise) and, if `perm` is given, act on (403)."""
    cohort = selectors.visible_cohort(request.user, pk)
    if cohort is None:
        raise Http404
    if perm:
        require_perm(request, perm, cohort)
    return cohort


# --- list and create ------------------------------------------------------------------------


@login_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    form = CohortFilterForm(request.GET or None, user=request.user)
    page = paginate(request, selectors.cohort_list(request.user, **form.filters()))
    visible_ids = {c.pk for c in page.object_list}
    announced = [c for c in selectors.open_cohorts(request.user)[:20] if c.pk not in visible_ids]
    return render(
        request,
        "training/cohorts/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "announced": announced,
            "can_create": request.user.has_perm("training.create_cohort"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "training.create_cohort")
    by = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = CohortForm(request.POST, by=by)
        status = INVALID
        if form.is_valid():
            try:
                cohort = services.create_cohort(by=by, **form.cleaned_data)
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(
                    request,
                    _("Cohort %(number)s is created with %(count)s sessions.")
                    % {"number": cohort.number, "count": cohort.sessions.count()},
                )
                return redirect("training:cohort_detail", pk=cohort.pk)
    else:
        initial = {}
        if len(by.area_codes()) == 1:
            initial["province"] = by.area_codes()[0][:2]
        form = CohortForm(initial=initial, by=by)
    return render(
        request, "training/cohorts/form.html", {"form": form, "cohort": None}, status=status
    )


# --- one cohort -----------------------------------------------------------------------------


@login_required
@require_GET
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    cohort = selectors.visible_cohort(user, pk)
    full = cohort is not None and user.has_perm("training.view_cohort", cohort)
    if cohort is None:
        cohort = selectors.announced_cohort(user, pk)
    if cohort is None:
        raise Http404
    is_open = selectors.nominations_are_open(cohort)
    mine = enrollment_selectors.enrollment_of(user, cohort)
    own_subdistricts = [c for c in user.area_codes() if len(c) == 6]
    context: dict[str, Any] = {
        "cohort": cohort,
        "full": full,
        "is_open": is_open,
        "closes_on": selectors.nominations_close_on(cohort),
        "mine": mine,
        "can_apply": is_open and mine is None and user.has_perm("training.apply"),
        "apply_needs_area": len(own_subdistricts) != 1,
        "can_nominate": user.has_perm("training.nominate")
        and (is_open or user.has_perm("training.manage_cohort", cohort)),
        "can_manage": user.has_perm("training.manage_cohort", cohort),
        "sessions": selectors.sessions(cohort),
    }
    if context["can_apply"] and context["apply_needs_area"]:
        context["area_form"] = AreaSelectForm(
            initial=picker_initial_for(user), prefix="area", required="subdistrict"
        )
    if full:
        context["counts"] = selectors.enrollment_counts(cohort)
        context["quota_rows"] = selectors.province_quota_rows(cohort)
    return render(request, "training/cohorts/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_or_404(request, pk, "training.manage_cohort")
    by = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = CohortForm(request.POST, by=by, cohort=cohort)
        status = INVALID
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["number"] = data["number"] or cohort.number
            data["organiser"] = data["organiser"] or cohort.organiser
            try:
                version = int(request.POST.get("version", ""))
            except ValueError:
                version = cohort.version
            try:
                services.update_cohort(by=by, cohort=cohort, expected_version=version, **data)
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The cohort is saved."))
                return redirect("training:cohort_detail", pk=cohort.pk)
    else:
        form = CohortForm(initial=CohortForm.initial_for(cohort), by=by, cohort=cohort)
    return render(
        request, "training/cohorts/form.html", {"form": form, "cohort": cohort}, status=status
    )


# --- sessions -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cohort_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    """The sessions of a cohort, and a form to add one."""
    cohort = cohort_or_404(request, pk, "training.manage_cohort")
    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.add_session(by=signed_in_user(request), cohort=cohort, **form.cleaned_data)
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The session is added."))
                return redirect("training:cohort_sessions", pk=cohort.pk)
    else:
        form = SessionForm(initial={"date": cohort.starts_on})
    return render(
        request,
        "training/cohorts/sessions.html",
        {"cohort": cohort, "sessions": selectors.sessions(cohort), "form": form},
        status=status,
    )


def _session(request: HttpRequest, pk: int) -> CohortSession:
    session = get_object_or_404(CohortSession, pk=pk)
    session.cohort = cohort_or_404(request, session.cohort_id, "training.manage_cohort")
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.update_session(
                    by=signed_in_user(request), session=session, **form.cleaned_data
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The session is saved."))
                return redirect("training:cohort_sessions", pk=session.cohort_id)
    else:
        form = SessionForm(initial=SessionForm.initial_for(session))
    return render(
        request,
        "training/cohorts/session_form.html",
        {"cohort": session.cohort, "session": session, "form": form},
        status=status,
    )


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    cohort_pk = session.cohort_id
    run_action(
        request,
        lambda: services.remove_session(by=signed_in_user(request), session=session),
        _("The session is removed."),
    )
    return redirect("training:cohort_sessions", pk=cohort_pk)


# --- quotas per province --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cohort_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_or_404(request, pk, "training.manage_cohort")
    rows = selectors.province_quota_rows(cohort)
    provinces = [row.province for row in rows]
    status = 200
    if request.method == "POST":
        form = QuotaForm(request.POST, provinces=provinces)
        status = INVALID
        if form.is_valid():
            try:
                services.set_province_quotas(
                    by=signed_in_user(request),
                    cohort=cohort,
                    expected_version=form.cleaned_data["version"],
                    quotas=form.quotas(),
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The quotas are saved."))
                return redirect("training:cohort_quotas", pk=cohort.pk)
    else:
        initial: dict[str, Any] = {f"q_{row.province.code}": row.quota for row in rows}
        form = QuotaForm(initial={**initial, "version": cohort.version}, provinces=provinces)
    return render(
        request,
        "training/cohorts/quotas.html",
        {"cohort": cohort, "rows": rows, "form": form},
        status=status,
    )


urlpatterns = [
    path("cohorts/", cohort_list, name="cohort_list"),
    path("cohorts/new/", cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/sessions/", cohort_sessions, name="cohort_sessions"),
    path("sessions/<int:pk>/edit/", session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", session_delete, name="session_delete"),
    path("cohorts/<int:pk>/quotas/", cohort_quotas, name="cohort_quotas"),
]
