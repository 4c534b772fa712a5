"""Pages of the duplicate review: the queue, a pair side by side, merge or "not the same
person", merges with undo, and "Run now". Thin: services and selectors do the work.

Every page needs registry.review_duplicates (403 otherwise); a pair or merge outside the
user's area is a 404. Opening a pair is a read of two personal records: both are written to
the access log.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.core.errors import DomainError
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm
from tambon.registry.models import DuplicateCandidate, Merge
from tambon.registry.selectors import duplicates as selectors
from tambon.registry.services import duplicates as services

PERM = services.PERM
AREA_PREFIX = "area"
ACCESS_REASON = gettext_lazy("duplicate review")
FIELD_LABELS = {
    "national_id": gettext_lazy("National ID"),
    "title": gettext_lazy("Title"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "sex": gettext_lazy("Sex"),
    "birth_date": gettext_lazy("Birth date"),
    "phone": gettext_lazy("Phone"),
    "house_number": gettext_lazy("House number"),
    "village": gettext_lazy("Village"),
    "subdistrict": gettext_lazy("Sub-district"),
}
STATUS_LABELS = {
    "exact": gettext_lazy("same"),
    "close": gettext_lazy("nearly the same"),
    "swapped": gettext_lazy("swapped"),
    "different": gettext_lazy("different"),
    "missing": gettext_lazy("not recorded"),
    "": "",
}
ID_STATUS_LABELS = {
    "exact": gettext_lazy("same ID"),
    "different": gettext_lazy("different ID"),
    "missing": gettext_lazy("no ID to compare"),
}


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            *DuplicateCandidate.Status.choices,
            (selectors.STATUS_ALL, gettext_lazy("all")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    min_percent = forms.IntegerField(
        label=gettext_lazy("Lowest probability (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class MergeForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Why they are the same person (optional)"),
        max_length=services.REASON_MAX,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


def _require(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_perm(PERM):
        raise HttpForbidden()
    return user


def _candidate(request: HttpRequest, pk: int) -> DuplicateCandidate:
    candidate = selectors.candidate_detail(user=request.user, pk=pk)
    if candidate is None:
        raise Http404()
    return candidate


def _report(request: HttpRequest, exc: DomainError) -> None:
    if exc.status == 403:
        raise HttpForbidden()
    messages.error(request, str(exc.message))


# --- the queue ---------------------------------------------------------------------------


def _queue_filters(form: QueueFilterForm, area_form: AreaSelectForm) -> selectors.QueueFilters:
    data = form.cleaned_data if form.is_valid() else {}
    percent = data.get("min_percent")
    return selectors.QueueFilters(
        status=data.get("status") or DuplicateCandidate.Status.OPEN,
        area_code=area_form.area_code() if area_form.is_valid() else "",
        min_probability=percent / 100 if percent is not None else None,
    )


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """The review queue: open pairs first, most likely first; filters; "Run now"."""
    user = _require(request)
    form = QueueFilterForm(request.GET)
    area_form = AreaSelectForm(request.GET, depth="village", prefix=AREA_PREFIX)
    filters = _queue_filters(form, area_form)
    page = paginate(request, selectors.duplicate_queue(user=user, filters=filters))
    return render(
        request,
        "registry/duplicates/list.html",
        {
            "form": form,
            "area_form": area_form,
            "filters": filters,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "job": selectors.latest_run(user),
        },
    )


@login_required
@require_POST
def dedupe_run(request: HttpRequest) -> HttpResponse:
    """Start a search for duplicates in the officer's area (POST); its progress shows on the
    queue page."""
    user = _require(request)
    try:
        services.start_dedupe_run(by=user)
    except DomainError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The search for duplicates has started."))
    return redirect("registry:duplicate_list")


# --- one pair ----------------------------------------------------------------------------


def _rows(candidate: DuplicateCandidate) -> list[dict[str, Any]]:
    rows = []
    for row in selectors.pair_rows(candidate):
        labels = ID_STATUS_LABELS if row.key == "national_id" else STATUS_LABELS
        rows.append(
            {
                "key": row.key,
                "label": FIELD_LABELS[row.key],
                "left": row.left,
                "right": row.right,
                "status": row.status,
                "status_label": labels.get(row.status, ""),
                "kind": row.kind,
            }
        )
    return rows


@login_required
@require_GET
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Both people side by side, what agrees, the probability; merge or "not the same"."""
    user = _require(request)
    candidate = _candidate(request, pk)
    for person in (candidate.left, candidate.right):
        record_access(
            user=user,
            obj=person,
            request=request,
            action=AccessLog.Action.VIEW,
            reason=str(ACCESS_REASON),
        )
    is_open = candidate.status == DuplicateCandidate.Status.OPEN
    return render(
        request,
        "registry/duplicates/detail.html",
        {
            "candidate": candidate,
            "rows": _rows(candidate),
            "percent": round(candidate.probability * 100, 1),
            "is_open": is_open,
            "settled": candidate.left.merged_into_id or candidate.right.merged_into_id,
            "merge": None if is_open else selectors.merge_of(candidate),
            "merge_form": MergeForm(initial={"survivor": candidate.left_id}),
        },
    )


@login_required
@require_POST
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the pair, keeping the record the officer chose (POST)."""
    user = _require(request)
    candidate = _candidate(request, pk)
    form = MergeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["survivor"] not in (
        candidate.left_id,
        candidate.right_id,
    ):
        messages.error(request, _("Choose which of the two records is kept."))
        return redirect("registry:duplicate_detail", pk)
    survivor = (
        candidate.left if form.cleaned_data["survivor"] == candidate.left_id else candidate.right
    )
    try:
        services.merge_people(
            by=user, candidate=candidate, survivor=survivor, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:duplicate_detail", pk)
    messages.success(
        request,
        _("Merged: %(name)s is kept; the other record points to it. You can undo this.")
        % {"name": survivor.full_name},
    )
    return _next(user, candidate)


@login_required
@require_POST
def duplicate_not_same(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the pair as two different people (POST); it is never proposed again."""
    user = _require(request)
    candidate = _candidate(request, pk)
    try:
        services.mark_not_same(by=user, candidate=candidate)
    except DomainError as exc:
        _report(request, exc)
        return redirect("registry:duplicate_detail", pk)
    messages.success(request, _("Marked as two different people."))
    return _next(user, candidate)


def _next(user: User, decided: DuplicateCandidate) -> HttpResponse:
    following = selectors.next_open(user=user, after=decided)
    if following is None:
        return redirect("registry:duplicate_list")
    return redirect("registry:duplicate_detail", following.pk)


# --- merges ------------------------------------------------------------------------------


@login_required
@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    """Merges in the officer's area, newest first, each with Undo while it stands."""
    user = _require(request)
    page = paginate(request, selectors.merge_list(user=user))
    return render(
        request,
        "registry/duplicates/merges.html",
        {"page_obj": page, "querystring": querystring_without_page(request)},
    )


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a merge (POST): the merged record is a root again and its pair back in the queue."""
    user = _require(request)
    merge: Merge | None = selectors.merge_detail(user=user, pk=pk)
    if merge is None:
        raise Http404()
    try:
        services.unmerge(by=user, merge=merge)
    except DomainError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            _("Merge undone: %(name)s is a record of its own again.")
            % {"name": merge.merged.full_name},
        )
    return redirect("registry:merge_list")


urlpatterns = [
    path("duplicates/", duplicate_list, name="duplicate_list"),
    path("duplicates/run/", dedupe_run, name="dedupe_run"),
    path("duplicates/<int:pk>/", duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/not-same/", duplicate_not_same, name="duplicate_not_same"),
    path("merges/", merge_list, name="merge_list"),
    path("merges/<int:pk>/undo/", merge_undo, name="merge_undo"),
]
