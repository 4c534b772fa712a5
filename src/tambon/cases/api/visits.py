"""The field-work API (/api/v1/cases/{id}/visits, /assistance, /follow-ups): the same services
and policy as the pages. A case the caller may not see is a 404; a write they may not make a
403. A visit is created with JSON; its photo is sent as multipart to
POST /cases/{id}/visits/{visit_id}/photo and read back from the GET of the same route."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field as SchemaField
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.cases.api.cases import visible
from tambon.cases.api.visit_schemas import (
    AssistanceIn,
    AssistanceOut,
    AssistancePage,
    FollowUpCancelIn,
    FollowUpDoneIn,
    FollowUpIn,
    FollowUpOut,
    FollowUpPage,
    SourceTotalOut,
    VisitIn,
    VisitOut,
    VisitPage,
)
from tambon.cases.models import Assistance, Case, FollowUp, HomeVisit, Referral
from tambon.cases.selectors import visits as selectors
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.follow_ups import (
    cancel_follow_up,
    complete_follow_up,
    follow_up_assignees,
    schedule_follow_up,
)
from tambon.cases.services.photos import content_type_of
from tambon.cases.services.visits import add_visit_photo, record_visit
from tambon.core.errors import NotFound, ValidationError
from tambon.core.thai import format_date
from tambon.network.models import Partner

router = Router(tags=["cases"])

MSG_NO_PARTNER = gettext_noop("No partner with the id %(id)s.")
MSG_NO_REFERRAL = gettext_noop("No referral with the id %(id)s on this case.")
MSG_NO_USER = gettext_noop("No user with the id %(id)s can take this follow-up.")
MSG_NO_VISIT = gettext_noop("No visit with the id %(id)s on this case.")
MSG_NO_PHOTO = gettext_noop("This visit has no photo.")

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class Paging(Schema):
    limit: int = SchemaField(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = SchemaField(0, ge=0)


def _page(qs: Any, paging: Paging) -> tuple[list[Any], int]:
    return list(qs[paging.offset : paging.offset + paging.limit]), qs.count()


# --- visits ----------------------------------------------------------------------------


def visit_out(visit: HomeVisit) -> VisitOut:
    photo_url = None
    if visit.photo:
        photo_url = reverse(
            "api-1:cases_visit_photo", kwargs={"case_id": visit.case_id, "visit_id": visit.pk}
        )
    return VisitOut(
        id=visit.pk,
        case_id=visit.case_id,
        visited_on=visit.visited_on,
        visitor_id=visit.visitor_id,
        visitor=str(visit.visitor),
        met=visit.met,
        observations=visit.observations,
        dimension_scores=visit.dimension_scores or {},
        has_photo=bool(visit.photo),
        photo_url=photo_url,
        created_at=visit.created_at,
    )


def _visit(case: Case, visit_id: int) -> HomeVisit:
    found = selectors.visit_of(case, visit_id)
    if found is None:
        raise NotFound()
    return found


@router.get("/{case_id}/visits", response={200: VisitPage, **READ}, summary="A case's visits")
def list_visits(request: HttpRequest, case_id: int, paging: Query[Paging]) -> dict[str, Any]:
    """The case's home visits, newest first."""
    items, count = _page(selectors.visits_of(visible(request, case_id)), paging)
    return {"items": [visit_out(v) for v in items], "count": count}


@router.post("/{case_id}/visits", response={201: VisitOut, **WRITE}, summary="Record a visit")
def post_visit(request: HttpRequest, case_id: int, payload: VisitIn) -> Status[VisitOut]:
    """Record a home visit (officers of the area and the case's volunteer); add its photo
    afterwards with POST /cases/{id}/visits/{visit_id}/photo."""
    visit = record_visit(
        case=visible(request, case_id),
        visited_on=payload.visited_on,
        met=payload.met,
        observations=payload.observations,
        dimension_scores=dict(payload.dimension_scores),
        by=signed_in_user(request),
    )
    return Status(201, visit_out(visit))


@router.post(
    "/{case_id}/visits/{visit_id}/photo",
    response={200: VisitOut, **WRITE},
    summary="Add a visit's photo",
)
def post_visit_photo(
    request: HttpRequest, case_id: int, visit_id: int, photo: File[UploadedFile]
) -> VisitOut:
    """Multipart upload (field `photo`): JPEG, PNG or WebP up to 5 MB, only with the person's
    current consent to photos; stored without its metadata (GPS)."""
    case = visible(request, case_id)
    visit = add_visit_photo(visit=_visit(case, visit_id), photo=photo, by=signed_in_user(request))
    return visit_out(visit)


@router.get(
    "/{case_id}/visits/{visit_id}/photo",
    response={200: None, **READ},
    summary="A visit's photo",
    url_name="cases_visit_photo",
)
def get_visit_photo(request: HttpRequest, case_id: int, visit_id: int) -> FileResponse:
    """The photo, to who may see the case; the read is written to the access log."""
    case = visible(request, case_id)
    visit = _visit(case, visit_id)
    if not visit.photo or not visit.photo.storage.exists(visit.photo.name):
        raise NotFound(_(MSG_NO_PHOTO))
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
    response["Cache-Control"] = "private, no-store"
    return response


# --- assistance ------------------------------------------------------------------------


def assistance_out(given: Assistance) -> AssistanceOut:
    return AssistanceOut(
        id=given.pk,
        given_on=given.given_on,
        kind=given.kind,
        description=given.description,
        amount=given.amount,
        source=given.source,
        partner_id=given.partner_id,
        partner_name=given.partner.name if given.partner else None,
        referral_id=given.referral_id,
    )


@router.get(
    "/{case_id}/assistance", response={200: AssistancePage, **READ}, summary="Assistance given"
)
def list_assistance(request: HttpRequest, case_id: int, paging: Query[Paging]) -> dict[str, Any]:
    """What the case was given, newest first, and the totals by source (baht)."""
    case = visible(request, case_id)
    items, count = _page(selectors.assistance_of(case), paging)
    totals = selectors.assistance_totals(case)
    return {
        "items": [assistance_out(a) for a in items],
        "count": count,
        "totals": [SourceTotalOut(source=t.source, amount=t.amount, count=t.count) for t in totals],
        "total_amount": sum(t.amount for t in totals),
    }


def _partner(pk: int | None) -> Partner | None:
    if pk is None:
        return None
    found = Partner.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError(_(MSG_NO_PARTNER) % {"id": pk}, field="partner_id")
    return found


def _referral(case: Case, pk: int | None) -> Referral | None:
    if pk is None:
        return None
    found = Referral.objects.filter(case=case, pk=pk).select_related("partner").first()
    if found is None:
        raise ValidationError(_(MSG_NO_REFERRAL) % {"id": pk}, field="referral_id")
    return found


@router.post(
    "/{case_id}/assistance", response={201: AssistanceOut, **WRITE}, summary="Record assistance"
)
def post_assistance(
    request: HttpRequest, case_id: int, payload: AssistanceIn
) -> Status[AssistanceOut]:
    """Record help given (officers of the case's area): cash needs an `amount` in baht."""
    case = visible(request, case_id)
    given = record_assistance(
        case=case,
        given_on=payload.given_on,
        kind=payload.kind,
        description=payload.description,
        amount=payload.amount,
        source=payload.source,
        partner=_partner(payload.partner_id),
        referral=_referral(case, payload.referral_id),
        by=signed_in_user(request),
    )
    return Status(201, assistance_out(given))


# --- follow-ups ------------------------------------------------------------------------


def follow_up_out(item: FollowUp) -> FollowUpOut:
    return FollowUpOut(
        id=item.pk,
        case_id=item.case_id,
        due_on=item.due_on,
        purpose=item.purpose,
        assigned_to_id=item.assigned_to_id,
        status=item.status,
        result=item.result,
        done_at=item.done_at,
        done_by_id=item.done_by_id,
        visit_id=item.visit_id,
        overdue=item.status == FollowUp.Status.OPEN and item.due_on < timezone.localdate(),
    )


def _follow_up(case: Case, pk: int) -> FollowUp:
    found = selectors.follow_up_of(case, pk)
    if found is None:
        raise NotFound()
    return found


@router.get("/{case_id}/follow-ups", response={200: FollowUpPage, **READ}, summary="Follow-ups")
def list_follow_ups(request: HttpRequest, case_id: int, paging: Query[Paging]) -> dict[str, Any]:
    """The case's follow-ups by due date."""
    qs = selectors.follow_ups_of(visible(request, case_id)).order_by("due_on", "pk")
    items, count = _page(qs, paging)
    return {"items": [follow_up_out(f) for f in items], "count": count}


@router.post(
    "/{case_id}/follow-ups", response={201: FollowUpOut, **WRITE}, summary="Schedule a follow-up"
)
def post_follow_up(request: HttpRequest, case_id: int, payload: FollowUpIn) -> Status[FollowUpOut]:
    """Schedule a follow-up (officers of the case's area), for an officer of the area or the
    case's volunteer."""
    case = visible(request, case_id)
    assignee = None
    if payload.assigned_to_id is not None:
        # Among who may take it: an outsider's id is answered like a missing one (no name).
        assignee = follow_up_assignees(case).filter(pk=payload.assigned_to_id).first()
        if assignee is None:
            raise ValidationError(
                _(MSG_NO_USER) % {"id": payload.assigned_to_id}, field="assigned_to_id"
            )
    item = schedule_follow_up(
        case=case,
        due_on=payload.due_on,
        purpose=payload.purpose,
        assigned_to=assignee,
        by=signed_in_user(request),
    )
    return Status(201, follow_up_out(item))


@router.post(
    "/{case_id}/follow-ups/{follow_up_id}/complete",
    response={200: FollowUpOut, **WRITE},
    summary="Complete a follow-up",
)
def post_follow_up_done(
    request: HttpRequest, case_id: int, follow_up_id: int, payload: FollowUpDoneIn
) -> FollowUpOut:
    """Record what the follow-up found (an officer, or the volunteer it is assigned to)."""
    case = visible(request, case_id)
    visit = None
    if payload.visit_id is not None:
        visit = selectors.visit_of(case, payload.visit_id)
        if visit is None:
            raise ValidationError(_(MSG_NO_VISIT) % {"id": payload.visit_id}, field="visit_id")
    item = complete_follow_up(
        follow_up=_follow_up(case, follow_up_id),
        result=payload.result,
        visit=visit,
        by=signed_in_user(request),
    )
    return follow_up_out(item)


@router.post(
    "/{case_id}/follow-ups/{follow_up_id}/cancel",
    response={200: FollowUpOut, **WRITE},
    summary="Cancel a follow-up",
)
def post_follow_up_cancel(
    request: HttpRequest, case_id: int, follow_up_id: int, payload: FollowUpCancelIn
) -> FollowUpOut:
    """Call off an open follow-up (officers of the case's area)."""
    case = visible(request, case_id)
    item = cancel_follow_up(
        follow_up=_follow_up(case, follow_up_id), reason=payload.reason, by=signed_in_user(request)
    )
    return follow_up_out(item)
