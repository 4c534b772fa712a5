"""The requests-for-help API for officers (/api/v1/cases/requests/): list, one request, open a
case from it, close it without a case. The public form is a page, not an API route.

A request outside the caller's area answers 404; a caller who may not handle requests 403.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema, Status

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.cases.api.cases import case_out, problem_types_by_code
from tambon.cases.api.cases import visible as visible_case
from tambon.cases.api.schemas import CaseOut
from tambon.cases.models import Case, HelpRequest
from tambon.cases.selectors import requests as selectors
from tambon.cases.services.cases import CaseData
from tambon.cases.services.requests import (
    close_request,
    open_case_for_new_person,
    open_case_from_request,
)
from tambon.core.errors import NotFound, ValidationError
from tambon.geo.models import Village
from tambon.registry.services.households import HouseholdData
from tambon.registry.services.people import PersonData

router = Router(tags=["requests for help"])

MSG_NO_SUBJECT = gettext_noop(
    "Give one of person_id, household_id or new_person: who the case is about."
)
MSG_NO_PERSON = gettext_noop("No person with the id %(id)s lives in the request's sub-district.")
MSG_NO_HOUSEHOLD = gettext_noop("No household with the id %(id)s is in the request's sub-district.")
MSG_NO_VILLAGE = gettext_noop("No village with the code %(code)s is in the request's sub-district.")

READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class RequestFilters(Schema):
    status: str = Field("", pattern=r"^(received|in_progress|closed)?$")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class RequestOut(Schema):
    id: int
    reference: str
    status: str
    subdistrict_code: str
    village_code: str | None
    problem_type: str | None
    description: str
    place_detail: str
    contact_name: str
    contact_phone: str
    for_someone_else: bool
    case_id: int | None
    case_reference: str | None
    closing_note: str
    received_at: dt.datetime
    updated_at: dt.datetime


class RequestPage(Schema):
    items: list[RequestOut]
    count: int


class NewPersonIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=100, examples=["บุญมา"])
    last_name: str = Field("", max_length=100, examples=["ศรีวงศ์"])
    title: str = Field("", max_length=30, examples=["นาง"])
    sex: str = Field("", max_length=1)
    phone: str = Field("", max_length=40)
    village_code: str | None = Field(None, pattern=r"^\d{8}$")
    house_number: str = Field(
        "", max_length=40, description="Given, a household is registered with the person as head."
    )


class OpenCaseIn(Schema):
    person_id: int | None = None
    household_id: int | None = None
    new_person: NewPersonIn | None = None
    problem_types: list[str] = Field(..., min_length=1, examples=[["elderly"]])
    urgency: str = Case.Urgency.NORMAL
    summary: str = Field("", max_length=4000)


class CloseIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000)


def request_out(found: HelpRequest) -> RequestOut:
    return RequestOut(
        id=found.pk,
        reference=found.reference,
        status=found.status,
        subdistrict_code=str(found.subdistrict_id),
        village_code=found.village_id,
        problem_type=found.problem_type.code if found.problem_type else None,
        description=found.description,
        place_detail=found.place_detail,
        contact_name=found.contact_name,
        contact_phone=found.contact_phone,
        for_someone_else=found.for_someone_else,
        case_id=found.case_id,
        case_reference=found.case.reference if found.case else None,
        closing_note=found.closing_note,
        received_at=found.created_at,
        updated_at=found.updated_at,
    )


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm("cases.view_help_requests"):
        raise DjangoPermissionDenied()


def _visible(request: HttpRequest, request_id: int) -> HelpRequest:
    _require_view(request)
    found = selectors.request_detail(user=signed_in_user(request), pk=request_id)
    if found is None:
        raise NotFound()
    return found


@router.get("/requests/", response={200: RequestPage, **READ}, summary="List requests for help")
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> dict[str, Any]:
    """The requests for help of the caller's area, newest first."""
    _require_view(request)
    qs = selectors.request_list(user=signed_in_user(request), status=filters.status)
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"items": [request_out(r) for r in page], "count": count}


@router.get("/requests/{request_id}", response={200: RequestOut, **READ}, summary="A request")
def get_request(request: HttpRequest, request_id: int) -> RequestOut:
    """One request for help (written to the access log: it holds a contact)."""
    found = _visible(request, request_id)
    record_access(
        user=signed_in_user(request), obj=found, request=request, action=AccessLog.Action.VIEW
    )
    return request_out(found)


def _new_person(
    payload: NewPersonIn, found: HelpRequest
) -> tuple[PersonData, HouseholdData | None]:
    village = None
    if payload.village_code:
        village = Village.objects.filter(
            pk=payload.village_code, subdistrict_id=found.subdistrict_id
        ).first()
        if village is None:
            raise ValidationError(
                _(MSG_NO_VILLAGE) % {"code": payload.village_code}, field="village_code"
            )
    person = PersonData(
        first_name=payload.first_name,
        last_name=payload.last_name,
        title=payload.title,
        sex=payload.sex,
        phone=payload.phone,
        village=village,
    )
    number = payload.house_number.strip()
    return person, (HouseholdData(subdistrict=None, house_number=number) if number else None)


@router.post(
    "/requests/{request_id}/open-case",
    response={201: CaseOut, **WRITE},
    summary="Open a case from a request",
)
def open_case(request: HttpRequest, request_id: int, payload: OpenCaseIn) -> Status[CaseOut]:
    """Open a case (channel: public request) for a person or household of the request's
    sub-district, or for a new person registered with it."""
    found = _visible(request, request_id)
    user = signed_in_user(request)
    data = CaseData(
        channel=Case.Channel.PUBLIC_REQUEST,
        problem_types=problem_types_by_code(payload.problem_types),
        urgency=payload.urgency,
        summary=payload.summary,
    )
    if payload.new_person is not None:
        person_data, household_data = _new_person(payload.new_person, found)
        case = open_case_for_new_person(
            by=user,
            help_request=found,
            data=data,
            person_data=person_data,
            household_data=household_data,
        )
        return Status(201, case_out(visible_case(request, case.pk), user))
    person = household = None
    if payload.person_id is not None:
        person = (
            selectors.visible_people(user)
            .filter(pk=payload.person_id, subdistrict_id=found.subdistrict_id)
            .first()
        )
        if person is None:
            raise ValidationError(_(MSG_NO_PERSON) % {"id": payload.person_id}, field="person_id")
    elif payload.household_id is not None:
        household = (
            selectors.visible_households(user)
            .filter(pk=payload.household_id, subdistrict_id=found.subdistrict_id)
            .first()
        )
        if household is None:
            raise ValidationError(
                _(MSG_NO_HOUSEHOLD) % {"id": payload.household_id}, field="household_id"
            )
    else:
        raise ValidationError(_(MSG_NO_SUBJECT), field="person_id")
    case = open_case_from_request(
        by=user, help_request=found, data=data, person=person, household=household
    )
    return Status(201, case_out(visible_case(request, case.pk), user))


@router.post(
    "/requests/{request_id}/close", response={200: RequestOut, **WRITE}, summary="Close a request"
)
def close(request: HttpRequest, request_id: int, payload: CloseIn) -> RequestOut:
    """Close a request without a case, with a note saying why."""
    found = _visible(request, request_id)
    close_request(by=signed_in_user(request), help_request=found, note=payload.note)
    return request_out(_visible(request, request_id))
