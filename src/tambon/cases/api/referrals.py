"""The referrals API (/api/v1/cases/referrals/): the same policy, services and state machine as
the pages. A partner account lists its inbox; officers the referrals of the cases they see.

A referral the caller may not see answers 404; an answer or withdrawal the caller may not make
403; an illegal move 400 (nothing changes); a stale `version` 409. What a partner reads is
what the referral needs: the person (name, phone, address) only when it shares personal data
with the person's consent, and never a national ID (no schema here has one).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema, Status

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.cases.models import CarePlanAction, Referral, ReferralState
from tambon.cases.selectors import cases as case_selectors
from tambon.cases.selectors import referrals as selectors
from tambon.cases.services import referrals as services
from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.network.models import WelfareService

router = Router(tags=["referrals"])

MSG_NO_CASE = gettext_noop("No case with the id %(id)s is in your area.")
MSG_NO_SERVICE = gettext_noop("No welfare service with the id %(id)s.")
MSG_NO_ACTION = gettext_noop("No action with the id %(id)s is in the case's care plan.")

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
STATE_PATTERN = "^(" + "|".join(ReferralState.values) + ")?$"
ANSWER_PATTERN = "^(" + "|".join(services.ANSWERS) + ")$"


class PersonShared(Schema):
    """The person, when the referral shares personal data (never the national ID)."""

    name: str
    phone: str
    address: str


class ReferralOut(Schema):
    id: int
    version: int
    state: str = Field(..., examples=[ReferralState.SENT])
    case_reference: str
    case_id: int | None = Field(
        None, description="Only for callers who may open the case (not for the partner)."
    )
    subdistrict_code: str
    place: str
    problem_types: list[str]
    urgency: str
    service_id: int
    service_name: str
    partner_id: int
    partner_name: str
    request: str
    shares_personal_data: bool
    person: PersonShared | None = Field(
        None,
        description="Only when the referral shares personal data (or the caller sees the case).",
    )
    sent_at: dt.datetime
    answer_due: dt.date
    overdue: bool
    answered_at: dt.datetime | None
    decline_reason: str
    result_note: str
    closed_at: dt.datetime | None
    reminded_at: dt.datetime | None
    escalated_at: dt.datetime | None
    answers: list[str] = Field(
        default_factory=list, description="The answers the caller may give now."
    )
    can_withdraw: bool = False


class ReferralPage(Schema):
    items: list[ReferralOut]
    count: int


class ReferralFilters(Schema):
    state: str = Field("", pattern=STATE_PATTERN)
    overdue: bool = Field(False, description="Only referrals unanswered past their date.")
    case_id: int | None = Field(None, description="Only the referrals of this case.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class ReferralIn(Schema):
    case_id: int
    service_id: int
    request: str = Field(..., min_length=1, max_length=services.REQUEST_MAX)
    answer_due: dt.date | None = Field(
        None, description=f"Default: {services.DEFAULT_ANSWER_DAYS} days from today."
    )
    action_id: int | None = Field(None, description="A care-plan action of the case.")
    share_personal_data: bool = Field(
        False, description="Needs the person's current consent to share with partners."
    )


class AnswerIn(Schema):
    action: str = Field(..., pattern=ANSWER_PATTERN, examples=["accept"])
    version: int = Field(..., ge=1, description="The version you read (409 if it changed).")
    reason: str = Field("", max_length=services.NOTE_MAX, description="Needed to decline.")
    result_note: str = Field(
        "", max_length=services.NOTE_MAX, description="Needed for not_deliver."
    )


class WithdrawIn(Schema):
    version: int = Field(..., ge=1)
    reason: str = Field("", max_length=services.NOTE_MAX)


def _person(referral: Referral, user: User) -> PersonShared | None:
    person = referral.case.person
    if person is None or not user.has_perm("cases.view_referred_person", referral):
        return None
    household = person.household or referral.case.household
    address = person.address or (household.house_number if household else "")
    if person.village is not None:
        address = f"{address} {person.village.name}".strip()
    return PersonShared(name=person.full_name, phone=person.phone, address=address)


def referral_out(referral: Referral, user: User, *, detail: bool = False) -> ReferralOut:
    case = referral.case
    sub = case.subdistrict
    sees_case = user.has_perm("cases.view_case", case)
    answers: list[str] = []
    if detail and user.has_perm("cases.answer_referral", referral):
        from django_fsm import can_proceed

        answers = [
            a for a, (m, _t, _k) in services.ANSWERS.items() if can_proceed(getattr(referral, m))
        ]
    return ReferralOut(
        id=referral.pk,
        version=referral.version,
        state=referral.state,
        case_reference=case.reference,
        case_id=case.pk if sees_case else None,
        subdistrict_code=str(case.subdistrict_id),
        place=f"{sub.name}, {sub.district.name}, {sub.province.name}",
        problem_types=sorted(p.code for p in case.problem_types.all()),
        urgency=case.urgency,
        service_id=referral.service_id,
        service_name=referral.service.name,
        partner_id=referral.partner_id,
        partner_name=referral.partner.name,
        request=referral.request,
        shares_personal_data=referral.shares_personal_data,
        person=_person(referral, user) if detail else None,
        sent_at=referral.sent_at,
        answer_due=referral.answer_due,
        overdue=selectors.is_overdue(referral),
        answered_at=referral.answered_at,
        decline_reason=referral.decline_reason,
        result_note=referral.result_note,
        closed_at=referral.closed_at,
        reminded_at=referral.reminded_at,
        escalated_at=referral.escalated_at,
        answers=answers,
        can_withdraw=bool(
            detail and referral.is_open and user.has_perm("cases.withdraw_referral", referral)
        ),
    )


def visible(request: HttpRequest, referral_id: int) -> Referral:
    """The referral if the caller may see it; else 404 (whether or not it exists)."""
    referral = selectors.referral_detail(user=signed_in_user(request), pk=referral_id)
    if referral is None:
        raise NotFound()
    return referral


def _logged_out(request: HttpRequest, referral: Referral) -> ReferralOut:
    user = signed_in_user(request)
    out = referral_out(referral, user, detail=True)
    if out.person is not None and referral.case.person is not None:
        record_access(
            user=user, obj=referral.case.person, request=request, action=AccessLog.Action.VIEW
        )
    return out


@router.get("/referrals/", response={200: ReferralPage, 400: ErrorOut}, summary="List referrals")
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> dict[str, Any]:
    """A partner's inbox, or the referrals of the cases an officer sees; unanswered first."""
    user = signed_in_user(request)
    qs = selectors.referral_list(
        user=user,
        filters=selectors.InboxFilters(
            state=filters.state, overdue=filters.overdue, case_id=filters.case_id
        ),
    )
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"items": [referral_out(r, user) for r in page], "count": count}


@router.get(
    "/referrals/{referral_id}", response={200: ReferralOut, **READ}, summary="Get a referral"
)
def get_referral(request: HttpRequest, referral_id: int) -> ReferralOut:
    """One referral, with the answers the caller may give now; a read of the person's
    data is written to the access log."""
    return _logged_out(request, visible(request, referral_id))


@router.post("/referrals/", response={201: ReferralOut, **WRITE}, summary="Refer a case")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    """Refer a case the caller manages to a service serving its area (state: sent)."""
    user = signed_in_user(request)
    case = case_selectors.case_detail(user=user, pk=payload.case_id)
    if case is None:
        raise ValidationError(_(MSG_NO_CASE) % {"id": payload.case_id}, field="case_id")
    if not user.has_perm("cases.refer_case", case):
        raise PermissionDenied(_(services.MSG_NOT_ALLOWED))
    service = WelfareService.objects.select_related("partner").filter(pk=payload.service_id).first()
    if service is None:
        raise ValidationError(_(MSG_NO_SERVICE) % {"id": payload.service_id}, field="service_id")
    action = None
    if payload.action_id is not None:
        action = CarePlanAction.objects.filter(pk=payload.action_id, goal__plan__case=case).first()
        if action is None:
            raise ValidationError(_(MSG_NO_ACTION) % {"id": payload.action_id}, field="action_id")
    referral = services.refer_case(
        case=case,
        service=service,
        request=payload.request,
        answer_due=payload.answer_due,
        action=action,
        share_personal_data=payload.share_personal_data,
        by=user,
    )
    return Status(201, referral_out(visible(request, referral.pk), user, detail=True))


@router.post(
    "/referrals/{referral_id}/answer", response={200: ReferralOut, **WRITE}, summary="Answer"
)
def answer(request: HttpRequest, referral_id: int, payload: AnswerIn) -> ReferralOut:
    """The partner's answer: accept, decline (with a reason), deliver or not_deliver (with a
    result note). An answer the state machine does not allow now is a 400."""
    referral = visible(request, referral_id)
    services.answer_referral(
        referral=referral,
        action=payload.action,
        by=signed_in_user(request),
        expected_version=payload.version,
        reason=payload.reason,
        result_note=payload.result_note,
    )
    return _logged_out(request, visible(request, referral_id))


@router.post(
    "/referrals/{referral_id}/withdraw", response={200: ReferralOut, **WRITE}, summary="Withdraw"
)
def withdraw(request: HttpRequest, referral_id: int, payload: WithdrawIn) -> ReferralOut:
    """The case's officers call an open referral back."""
    referral = visible(request, referral_id)
    services.withdraw_referral(
        referral=referral,
        by=signed_in_user(request),
        expected_version=payload.version,
        reason=payload.reason,
    )
    return _logged_out(request, visible(request, referral_id))
