"""Officers' pages of public requests for help: the list of their area, one request (written
to the access log: it holds a contact's name and phone), opening a case from it (an existing
person or household of its sub-district, or a new person) and closing it without a case.

A request outside the user's area is a 404; a user who may not handle requests gets a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.cases.forms.requests import (
    CloseRequestForm,
    NewPersonForm,
    RequestCaseForm,
    RequestFilterForm,
    SubjectSearchForm,
)
from tambon.cases.models import Case, HelpRequest
from tambon.cases.selectors import requests as selectors
from tambon.cases.services.cases import CaseData
from tambon.cases.services.requests import (
    close_request,
    open_case_for_new_person,
    open_case_from_request,
)
from tambon.core.errors import DomainError
from tambon.core.forms import record_id, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.models import Village
from tambon.registry.models import Household, Person
from tambon.registry.services.households import HouseholdData
from tambon.registry.services.people import PersonData

VIEW_PERM = "cases.view_help_requests"
HANDLE_PERM = "cases.handle_help_request"


def visible_request(request: HttpRequest, pk: int) -> HelpRequest:
    """The request at `pk` if the user may see it, else 404."""
    require_perm(request, VIEW_PERM)
    found = selectors.request_detail(user=signed_in_user(request), pk=pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests for help of the user's area, newest first, filtered by status."""
    require_perm(request, VIEW_PERM)
    form = RequestFilterForm(request.GET)
    form.is_valid()
    status = form.cleaned_data.get("status", "")
    page = paginate(request, selectors.request_list(user=signed_in_user(request), status=status))
    return render(
        request,
        "cases/requests/list.html",
        {"form": form, "page_obj": page, "querystring": querystring_without_page(request)},
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what was written, where, the contact, and what was done with it."""
    help_request = visible_request(request, pk)
    user = signed_in_user(request)
    record_access(user=user, obj=help_request, request=request, action=AccessLog.Action.VIEW)
    return render(
        request,
        "cases/requests/detail.html",
        {
            "help_request": help_request,
            "can_handle": help_request.status == HelpRequest.Status.RECEIVED
            and user.has_perm(HANDLE_PERM, help_request),
            "close_form": CloseRequestForm(),
        },
    )


def _case_data(form: RequestCaseForm) -> CaseData:
    data = form.cleaned_data
    return CaseData(
        channel=Case.Channel.PUBLIC_REQUEST,
        urgency=data["urgency"],
        problem_types=list(data.get("problem_types") or []),
        summary=data.get("summary", ""),
    )


def _chosen_subject(
    request: HttpRequest, help_request: HelpRequest
) -> tuple[Person | None, Household | None]:
    """The person or household posted as "person:<id>" / "household:<id>", from the request's
    sub-district and the user's area; else 404."""
    kind, _sep, raw = str(request.POST.get("subject", "")).partition(":")
    user = signed_in_user(request)
    pk = record_id(raw)
    if pk is None or kind not in ("person", "household"):
        return None, None
    if kind == "person":
        person = (
            selectors.visible_people(user)
            .filter(pk=pk, subdistrict_id=help_request.subdistrict_id)
            .first()
        )
        if person is None:
            raise Http404
        return person, None
    household = (
        selectors.visible_households(user)
        .filter(pk=pk, subdistrict_id=help_request.subdistrict_id)
        .first()
    )
    if household is None:
        raise Http404
    return None, household


def _new_person(form: NewPersonForm) -> tuple[PersonData, HouseholdData | None]:
    data = form.cleaned_data
    village: Village | None = data.get("village")
    person = PersonData(
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        title=data.get("title", ""),
        sex=data.get("sex", ""),
        phone=data.get("phone", ""),
        village=village,
    )
    number = data.get("house_number", "").strip()
    household = HouseholdData(subdistrict=None, house_number=number) if number else None
    return person, household


def _initial_case(help_request: HelpRequest) -> dict[str, Any]:
    problems = [help_request.problem_type] if help_request.problem_type else []
    return {"urgency": Case.Urgency.NORMAL, "problem_types": problems}


def _open_case(
    request: HttpRequest,
    help_request: HelpRequest,
    mode: str,
    case_form: RequestCaseForm,
    person_form: NewPersonForm,
) -> int:
    """Call the service for the posted forms; 302 when the case is opened, else the status."""
    user = signed_in_user(request)
    valid = case_form.is_valid() & (mode != "new" or person_form.is_valid())
    person, household = (None, None) if mode == "new" else _chosen_subject(request, help_request)
    if mode != "new" and person is None and household is None:
        case_form.add_error(None, _("Choose the person or the household, or register a new one."))
        valid = False
    if not valid:
        return 400
    try:
        if mode == "new":
            person_data, household_data = _new_person(person_form)
            case = open_case_for_new_person(
                by=user,
                help_request=help_request,
                data=_case_data(case_form),
                person_data=person_data,
                household_data=household_data,
            )
        else:
            case = open_case_from_request(
                by=user,
                help_request=help_request,
                data=_case_data(case_form),
                person=person,
                household=household,
            )
    except DomainError as exc:
        if mode == "new" and exc.field in person_form.fields:
            return show_domain_error(exc, person_form)
        return show_domain_error(exc, case_form)
    messages.success(
        request,
        _("Case %(case)s is opened from request %(request)s.")
        % {"case": case.reference, "request": help_request.reference},
    )
    return 302


@login_required
@require_http_methods(["GET", "POST"])
def request_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case from the request: find the person or household, or register a new person."""
    help_request = visible_request(request, pk)
    user = signed_in_user(request)
    require_perm(request, HANDLE_PERM, help_request)
    search = SubjectSearchForm(request.GET)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    villages = Village.objects.filter(subdistrict_id=help_request.subdistrict_id)
    mode = "new" if request.POST.get("mode") == "new" else "existing"
    initial = _initial_case(help_request)
    forms = {
        "existing": RequestCaseForm(initial=initial, auto_id="existing_%s"),
        "new": RequestCaseForm(initial=initial, auto_id="new_%s"),
    }
    person_form = NewPersonForm(villages=villages, initial={"village": help_request.village_id})
    status = 200
    if request.method == "POST":
        case_form = forms[mode] = RequestCaseForm(request.POST, auto_id=f"{mode}_%s")
        if mode == "new":
            person_form = NewPersonForm(request.POST, villages=villages)
        status = _open_case(request, help_request, mode, case_form, person_form)
        if status == 302:
            return redirect("cases:case_detail", pk=help_request.case_id)
    return render(
        request,
        "cases/requests/open_case.html",
        {
            "help_request": help_request,
            "search": search,
            "q": q,
            "people": selectors.people_for_request(user=user, help_request=help_request, q=q),
            "households": selectors.households_for_request(
                user=user, help_request=help_request, q=q
            ),
            "existing_form": forms["existing"],
            "new_form": forms["new"],
            "person_form": person_form,
            "mode": mode,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the request without a case, saying why."""
    help_request = visible_request(request, pk)
    user = signed_in_user(request)
    require_perm(request, HANDLE_PERM, help_request)
    status = 200
    form = CloseRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                close_request(by=user, help_request=help_request, note=form.cleaned_data["note"])
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The request is closed."))
                return redirect("cases:request_detail", pk=help_request.pk)
        else:
            status = 400
    return render(
        request,
        "cases/requests/close.html",
        {"help_request": help_request, "form": form},
        status=status,
    )


urlpatterns = [
    path("requests/", request_list, name="request_list"),
    path("requests/<int:pk>/", request_detail, name="request_detail"),
    path("requests/<int:pk>/open-case/", request_open_case, name="request_open_case"),
    path("requests/<int:pk>/close/", request_close, name="request_close"),
]
