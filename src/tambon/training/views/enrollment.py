"""Nominations and enrollment: the trainee list and its decisions, nominating, applying, and
"My training"."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial_for
from tambon.training.forms.enrollment import (
    EXISTING_AREA_PREFIX,
    NEW_AREA_PREFIX,
    NewTraineeForm,
    NominateExistingForm,
    TraineeFilterForm,
)
from tambon.training.models import Cohort, Enrollment
from tambon.training.selectors import cohorts as cohort_selectors
from tambon.training.selectors import enrollment as selectors
from tambon.training.services import enrollment as services
from tambon.training.views.cohorts import INVALID, cohort_or_404, run_action

TRAINEES_PER_PAGE = 100

# --- the organiser's trainee list -------------------------------------------------------------


@login_required
@require_GET
def cohort_trainees(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_or_404(request, pk, "training.manage_cohort")
    form = TraineeFilterForm(request.GET or None)
    page = paginate(
        request, selectors.cohort_trainees(cohort, **form.filters()), per_page=TRAINEES_PER_PAGE
    )
    counts = cohort_selectors.enrollment_counts(cohort)
    return render(
        request,
        "training/enrollment/trainees.html",
        {
            "cohort": cohort,
            "form": form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "counts": counts,
            "quota_rows": cohort_selectors.province_quota_rows(cohort),
            "can_promote": counts.waiting > 0 and counts.approved < cohort.capacity,
            "is_open": cohort_selectors.nominations_are_open(cohort),
        },
    )


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


DECISIONS = {
    "approve": gettext_lazy("%(name)s is approved."),
    "waitlist": gettext_lazy("%(name)s is on the waiting list."),
    "reject": gettext_lazy("%(name)s is not accepted."),
    "withdraw": gettext_lazy("%(name)s is withdrawn."),
}


@login_required
@require_POST
def enrollment_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, put on the waiting list, reject or withdraw one enrollment."""
    if action not in DECISIONS:
        raise Http404
    user = signed_in_user(request)
    enrollment = get_object_or_404(Enrollment.objects.select_related("trainee"), pk=pk)
    own_withdrawal = action == "withdraw" and enrollment.trainee_id == user.pk
    if own_withdrawal:
        default = reverse("training:my_training")
    else:
        enrollment.cohort = cohort_or_404(request, enrollment.cohort_id, "training.manage_cohort")
        default = reverse("training:cohort_trainees", args=[enrollment.cohort_id])
    calls: dict[str, Any] = {
        "approve": lambda: services.approve(by=user, enrollment=enrollment),
        "waitlist": lambda: services.waitlist(by=user, enrollment=enrollment),
        "reject": lambda: services.reject(
            by=user, enrollment=enrollment, reason=request.POST.get("reason", "")
        ),
        "withdraw": lambda: services.withdraw(
            by=user, enrollment=enrollment, reason=request.POST.get("reason", "")
        ),
    }
    done = run_action(request, calls[action], DECISIONS[action] % {"name": enrollment.trainee})
    place_freed = done and action == "withdraw" and not own_withdrawal
    if place_freed and selectors.first_on_waiting_list(enrollment.cohort) is not None:
        messages.info(
            request, _("A place is free: you can promote the first person on the waiting list.")
        )
    return redirect(_back(request, default))


@login_required
@require_POST
def cohort_promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the first person on the waiting list who fits."""
    cohort = cohort_or_404(request, pk, "training.manage_cohort")
    try:
        promoted = services.promote_from_waiting_list(by=signed_in_user(request), cohort=cohort)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s is promoted from the waiting list.") % {"name": promoted.trainee},
        )
    return redirect("training:cohort_trainees", pk=cohort.pk)


# --- nominating and applying ----------------------------------------------------------------


def _open_or_visible(request: HttpRequest, pk: int) -> Cohort:
    """A cohort the user sees in full, or one announced to them because it is open."""
    cohort = cohort_selectors.visible_cohort(request.user, pk) or cohort_selectors.announced_cohort(
        request.user, pk
    )
    if cohort is None:
        raise Http404
    return cohort


@login_required
@require_http_methods(["GET", "POST"])
def cohort_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate someone of the officer's area: pick a known person, or create their account."""
    require_perm(request, "training.nominate")
    cohort = _open_or_visible(request, pk)
    by = signed_in_user(request)
    query = request.GET.get("q", "").strip()[:100]
    if request.htmx and request.method == "GET":  # type: ignore[attr-defined]
        return render(
            request,
            "training/enrollment/_people_found.html",
            {"people": selectors.search_nominable_users(by, query), "query": query},
        )
    mode = request.POST.get("mode", "existing") if request.method == "POST" else ""
    existing = NominateExistingForm(request.POST if mode == "existing" else None)
    existing_area = AreaSelectForm(
        request.POST if mode == "existing" else None,
        initial=picker_initial_for(by),
        prefix=EXISTING_AREA_PREFIX,
    )
    new = NewTraineeForm(request.POST if mode == "new" else None, by=by)
    new_area = AreaSelectForm(
        request.POST if mode == "new" else None,
        initial=picker_initial_for(by),
        prefix=NEW_AREA_PREFIX,
        required="subdistrict",
    )
    status = 200
    enrollment = None
    if mode == "existing":
        status = INVALID
        if existing.is_valid() and existing_area.is_valid():
            try:
                enrollment = services.nominate(
                    by=by,
                    cohort=cohort,
                    trainee=existing.cleaned_data["trainee"],
                    subdistrict_code=_subdistrict(existing_area),
                    note=existing.cleaned_data["note"],
                )
            except DomainError as exc:
                status = show_domain_error(exc, existing, existing_area)
    elif mode == "new":
        status = INVALID
        if new.is_valid() and new_area.is_valid():
            try:
                enrollment = services.nominate_new_account(
                    by=by,
                    cohort=cohort,
                    subdistrict_code=new_area.area_code(),
                    **new.cleaned_data,
                )
            except DomainError as exc:
                status = show_domain_error(exc, new, new_area)
    if enrollment is not None:
        messages.success(
            request, _("%(name)s is nominated to this cohort.") % {"name": enrollment.trainee}
        )
        return redirect("training:cohort_nominate", pk=cohort.pk)
    return render(
        request,
        "training/enrollment/nominate.html",
        {
            "cohort": cohort,
            "mode": mode or "existing",
            "existing": existing,
            "existing_area": existing_area,
            "new": new,
            "new_area": new_area,
            "query": query,
            "people": selectors.search_nominable_users(by, query) if query else [],
            "picked": existing.cleaned_data.get("trainee") if existing.is_bound else None,
            "nominations": selectors.nominated_by(by, cohort),
            "is_open": cohort_selectors.nominations_are_open(cohort),
            "closes_on": cohort_selectors.nominations_close_on(cohort),
        },
        status=status,
    )


def _subdistrict(area_form: AreaSelectForm) -> str | None:
    code = area_form.area_code()
    return code if len(code) == 6 else None


@login_required
@require_POST
def cohort_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply oneself to a cohort whose nominations are open."""
    require_perm(request, "training.apply")
    cohort = _open_or_visible(request, pk)
    area_form = AreaSelectForm(request.POST, prefix=NEW_AREA_PREFIX)
    code = _subdistrict(area_form) if area_form.is_valid() else None
    try:
        services.apply(
            by=signed_in_user(request),
            cohort=cohort,
            subdistrict_code=code,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Your application is sent. The organiser will tell you whether you have a place."),
        )
    return redirect("training:cohort_detail", pk=cohort.pk)


# --- my training ----------------------------------------------------------------------------

# Pages of an approved trainee, by URL name and the arguments after the cohort's pk. They
# belong to other parts of the app: a link is shown only when its name resolves.
TRAINEE_LINKS = (
    (gettext_lazy("Pre-test"), "bi-pencil-square", "training:take_test", ("pre",)),
    (gettext_lazy("Post-test"), "bi-pencil-square", "training:take_test", ("post",)),
    (gettext_lazy("Satisfaction survey"), "bi-emoji-smile", "training:cohort_survey", ()),
)


def _trainee_links(enrollment: Enrollment) -> list[tuple[str, str, str]]:
    if enrollment.status != Enrollment.Status.APPROVED:
        return []
    links = []
    for label, icon, name, extra in TRAINEE_LINKS:
        try:
            url = reverse(name, args=[enrollment.cohort_id, *extra])
        except NoReverseMatch:
            continue
        links.append((str(label), icon, url))
    return links


@login_required
@require_GET
def my_training(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    enrollments = list(selectors.my_enrollments(user))
    enrolled = {e.cohort_id for e in enrollments}
    return render(
        request,
        "training/enrollment/my_training.html",
        {
            "rows": [(e, _trainee_links(e)) for e in enrollments],
            "open_cohorts": [
                c for c in cohort_selectors.open_cohorts(user)[:20] if c.pk not in enrolled
            ],
            "can_apply": user.has_perm("training.apply"),
        },
    )


urlpatterns = [
    path("cohorts/<int:pk>/trainees/", cohort_trainees, name="cohort_trainees"),
    path("cohorts/<int:pk>/nominate/", cohort_nominate, name="cohort_nominate"),
    path("cohorts/<int:pk>/apply/", cohort_apply, name="cohort_apply"),
    path("cohorts/<int:pk>/promote/", cohort_promote, name="cohort_promote"),
    path("enrollments/<int:pk>/<str:action>/", enrollment_decide, name="enrollment_decide"),
    path("my/", my_training, name="my_training"),
]
