"""Pages of cases: the list, opening a case from a person or household, a case's page (written
to the access log: it shows a person's record), editing, assigning and notes. Thin: the
services and selectors do the work.

A case outside what the user may see is a 404; a forbidden action on a visible case a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.cases.forms.cases import AREA_PREFIX, AssignForm, CaseForm, CaseSearchForm, NoteForm
from tambon.cases.models import Case
from tambon.cases.selectors import care_plans as plan_selectors
from tambon.cases.selectors import cases as selectors
from tambon.cases.services.cases import CaseData, add_note, assign_case, open_case, update_case
from tambon.core import nationalid
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, record_id, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm
from tambon.registry.models import Household, NeedsAssessment, Person
from tambon.registry.selectors import households as household_selectors
from tambon.registry.selectors import people as people_selectors

VIEW_PERM = "cases.view_cases"
OPEN_PERM = "cases.open_case"


def visible_case(request: HttpRequest, pk: int) -> Case:
    """The case at `pk` if the user may see it, else 404."""
    require_perm(request, VIEW_PERM)
    case = selectors.case_detail(user=signed_in_user(request), pk=pk)
    if case is None:
        raise Http404
    return case


# --- list ------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases of the user's area (a volunteer's: those assigned to them), filtered."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    form = CaseSearchForm(request.GET)
    area_form = AreaSelectForm(request.GET, depth="village", prefix=AREA_PREFIX)
    form.is_valid()  # a malformed filter is dropped (and marked), the others still apply
    data = form.cleaned_data
    filters = selectors.CaseFilters(
        state=data.get("state", ""),
        urgency=data.get("urgency", ""),
        channel=data.get("channel", ""),
        problem_type=data.get("problem_type"),
        area_code=area_form.area_code() if area_form.is_valid() else "",
        mine=bool(data.get("mine")),
        q=data.get("q", ""),
    )
    page = paginate(request, selectors.case_list(user=user, filters=filters))
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
        },
    )


# --- open ------------------------------------------------------------------------------


def _subject(request: HttpRequest, user: User) -> tuple[Person | None, Household | None]:
    person = household = None
    person_id = record_id(str(request.POST.get("person") or request.GET.get("person", "")))
    household_id = record_id(str(request.POST.get("household") or request.GET.get("household", "")))
    if person_id is not None:
        person = people_selectors.person_detail(user=user, pk=person_id)
        if person is None:
            raise Http404
    if household_id is not None:
        household = household_selectors.household_detail(user=user, pk=household_id)
        if household is None:
            raise Http404
    if person is None and household is None:
        raise Http404
    return person, household


def subject_assessments(person: Person | None, household: Household | None) -> Any:
    if person is not None:
        return people_selectors.assessments_of(person)
    assert household is not None
    return household_selectors.household_assessments(household)


def case_data(form: CaseForm) -> CaseData:
    data = form.cleaned_data
    return CaseData(
        channel=data["channel"],
        urgency=data["urgency"],
        problem_types=list(data.get("problem_types") or []),
        summary=data.get("summary", ""),
        needs_assessment=data.get("needs_assessment"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    """Open a case for `?person=<id>` or `?household=<id>` of the officer's area."""
    require_perm(request, OPEN_PERM)
    user = signed_in_user(request)
    person, household = _subject(request, user)
    for subject in (person, household):
        if subject is not None:
            require_perm(request, "cases.open_case_for", subject)
    assessments = subject_assessments(person, household)
    status = 200
    if request.method == "POST":
        form = CaseForm(request.POST, assessments=assessments)
        if form.is_valid():
            try:
                case = open_case(by=user, data=case_data(form), person=person, household=household)
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(
                    request, _("Case %(reference)s is opened.") % {"reference": case.reference}
                )
                return redirect("cases:case_detail", pk=case.pk)
        else:
            status = 400
    else:
        latest: NeedsAssessment | None = assessments.first()
        initial: dict[str, Any] = {"urgency": Case.Urgency.NORMAL}
        if latest is not None:
            initial["needs_assessment"] = latest.pk
            initial["problem_types"] = list(latest.problems.all())
        form = CaseForm(initial=initial, assessments=assessments)
    return render(
        request,
        "cases/form.html",
        {"form": form, "case": None, "person": person, "household": household},
        status=status,
    )


# --- a case's page ---------------------------------------------------------------------


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: its subject (masked ID), state and next steps, care plan and latest events."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    subject: Any = case.person or case.household
    record_access(user=user, obj=case, request=request, action=AccessLog.Action.VIEW)
    events = list(selectors.timeline(case))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "subject": subject,
            "masked_id": nationalid.mask(case.person.national_id or "") if case.person else "",
            "steps": selectors.available_steps(case, user),
            "plan": plan_selectors.care_plan_of(case),
            "events": events[-10:],
            "more_events": len(events) > 10,
            "note_form": NoteForm(),
            "can_change": user.has_perm("cases.change_case", case),
            "can_assign": user.has_perm("cases.assign_case", case),
            "can_plan": user.has_perm("cases.change_care_plan", case),
            "can_note": user.has_perm("cases.add_note", case),
            "person_visible": case.person is not None
            and user.has_perm("registry.view_record", case.person),
            "household_visible": case.household is not None
            and user.has_perm("registry.view_record", case.household),
        },
    )


# --- edit, assign, note ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a case; a stale version is refused and what the user typed is kept."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.change_case", case)
    assessments = subject_assessments(case.person, case.household)
    status = 200
    conflict = False
    if request.method == "POST":
        form = CaseForm(request.POST, assessments=assessments)
        if form.is_valid():
            version = form.cleaned_data.get("version") or case.version
            outcome = call_service(
                lambda: update_case(
                    by=user, case=case, expected_version=version, data=case_data(form)
                ),
                form,
            )
            if outcome.ok:
                messages.success(request, _("The changes are saved."))
                return redirect("cases:case_detail", pk=case.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = CaseForm(initial=CaseForm.initial_for(case), assessments=assessments)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "case": case,
            "person": case.person,
            "household": case.household,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the case an officer and a volunteer of its sub-district."""
    case = visible_case(request, pk)
    user = signed_in_user(request)
    require_perm(request, "cases.assign_case", case)
    choices = {
        "officers": selectors.assignable_officers(case.subdistrict_id),
        "volunteers": selectors.assignable_volunteers(case.subdistrict_id),
    }
    status = 200
    conflict = False
    if request.method == "POST":
        form = AssignForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                lambda: assign_case(
                    by=user,
                    case=case,
                    expected_version=data["version"],
                    officer=data.get("assigned_officer"),
                    volunteer=data.get("assigned_volunteer"),
                ),
                form,
            )
            if outcome.ok:
                messages.success(request, _("The case is assigned."))
                return redirect("cases:case_detail", pk=case.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = AssignForm(
            initial={
                "version": case.version,
                "assigned_officer": case.assigned_officer_id,
                "assigned_volunteer": case.assigned_volunteer_id,
            },
            **choices,
        )
    return render(
        request,
        "cases/assign.html",
        {"form": form, "case": case, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a note to the timeline (officers of the area and the case's volunteer)."""
    case = visible_case(request, pk)
    require_perm(request, "cases.add_note", case)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            add_note(by=signed_in_user(request), case=case, text=form.cleaned_data["text"])
        except DomainError as exc:
            status = show_domain_error(exc, form)
        else:
            messages.success(request, _("The note is added."))
            return redirect("cases:case_detail", pk=case.pk)
    else:
        status = 400
    return render(request, "cases/note.html", {"case": case, "note_form": form}, status=status)


urlpatterns = [
    path("", case_list, name="case_list"),
    path("new/", case_open, name="case_open"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("<int:pk>/edit/", case_edit, name="case_edit"),
    path("<int:pk>/assign/", case_assign, name="case_assign"),
    path("<int:pk>/notes/", case_note, name="case_note"),
]
