"""The cases API (/api/v1/cases/): the same policy and the same state machine as the pages.

A case the caller may not see answers 404; a write the caller may not make 403; a stale
`version` 409. The state changes only through POST /cases/{id}/transitions, which calls the
one service every page calls: no field of any other route sets it.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.cases.api.schemas import (
    AssignmentIn,
    CaseIn,
    CaseOut,
    CasePage,
    CaseUpdateIn,
    EventOut,
    EventPage,
    NoteIn,
    TransitionIn,
)
from tambon.cases.models import Case, CaseEvent
from tambon.cases.selectors import cases as selectors
from tambon.cases.services.cases import (
    MSG_NOT_ALLOWED,
    CaseData,
    add_note,
    assign_case,
    open_case,
    update_case,
)
from tambon.cases.services.workflow import transition_case
from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.registry.models import NeedsAssessment, ProblemType
from tambon.registry.selectors import households as household_selectors
from tambon.registry.selectors import people as people_selectors
from tambon.registry.selectors.assessments import visible_assessments

router = Router(tags=["cases"])

MSG_NO_PERSON = gettext_noop("No person with the id %(id)s is in your area.")
MSG_NO_HOUSEHOLD = gettext_noop("No household with the id %(id)s is in your area.")
MSG_NO_PROBLEM = gettext_noop("“%(code)s” is not a known problem type.")
MSG_NO_ASSESSMENT = gettext_noop("No needs assessment with the id %(id)s is in your area.")
MSG_NO_USER = gettext_noop("No user with the id %(id)s can be assigned to this case.")

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class CaseFilters(Schema):
    state: str = SchemaField("", max_length=20)
    urgency: str = SchemaField("", max_length=10)
    channel: str = SchemaField("", max_length=20)
    problem_type: str = SchemaField("", max_length=40, description="A problem type code.")
    area: str = SchemaField(
        "",
        pattern=r"^(\d{2}|\d{4}|\d{6}|\d{8})?$",
        description="An area code.",
        examples=["500101"],
    )
    mine: bool = SchemaField(False, description="Only cases assigned to the caller.")
    q: str = SchemaField("", max_length=100, description="A reference or part of a name.")
    limit: int = SchemaField(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = SchemaField(0, ge=0)


def case_out(case: Case, user: Any | None = None) -> CaseOut:
    person = case.person
    return CaseOut(
        id=case.pk,
        reference=case.reference,
        version=case.version,
        person_id=case.person_id,
        person_name=person.full_name if person is not None else None,
        household_id=case.household_id,
        subdistrict_code=str(case.subdistrict_id),
        channel=case.channel,
        problem_types=sorted(p.code for p in case.problem_types.all()),
        urgency=case.urgency,
        summary=case.summary,
        state=case.state,
        outcome=case.outcome,
        assigned_officer_id=case.assigned_officer_id,
        assigned_volunteer_id=case.assigned_volunteer_id,
        needs_assessment_id=case.needs_assessment_id,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        next_states=[s.target for s in selectors.available_steps(case, user)] if user else [],
    )


def visible(request: HttpRequest, case_id: int) -> Case:
    """The case if the caller may see it; else 404 (whether or not it exists)."""
    case = selectors.case_detail(user=signed_in_user(request), pk=case_id)
    if case is None:
        raise NotFound()
    return case


def problem_types_by_code(codes: list[str]) -> list[ProblemType]:
    """The problem types of `codes`, in order; an unknown code is a 400 naming it."""
    codes = list(dict.fromkeys(codes))
    found = {p.code: p for p in ProblemType.objects.filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise ValidationError(_(MSG_NO_PROBLEM) % {"code": code}, field="problem_types")
    return [found[c] for c in codes]


def _assessment(user: User, pk: int | None) -> NeedsAssessment | None:
    if pk is None:
        return None
    found = visible_assessments(user).filter(pk=pk).first()
    if found is None:
        raise ValidationError(_(MSG_NO_ASSESSMENT) % {"id": pk}, field="needs_assessment_id")
    return found


def _data(user: User, payload: CaseIn | CaseUpdateIn) -> CaseData:
    return CaseData(
        channel=payload.channel,
        problem_types=problem_types_by_code(payload.problem_types),
        urgency=payload.urgency,
        summary=payload.summary,
        needs_assessment=_assessment(user, payload.needs_assessment_id),
    )


@router.get("/", response={200: CasePage, 400: ErrorOut}, summary="List cases")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """The cases the caller may see (a volunteer: those assigned to them), newest first."""
    user = signed_in_user(request)
    problem = None
    if filters.problem_type:
        problem = problem_types_by_code([filters.problem_type])[0]
    qs = selectors.case_list(
        user=user,
        filters=selectors.CaseFilters(
            state=filters.state,
            urgency=filters.urgency,
            channel=filters.channel,
            problem_type=problem,
            area_code=filters.area,
            mine=filters.mine,
            q=filters.q,
        ),
    )
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"items": [case_out(c) for c in page], "count": count}


@router.get("/{case_id}", response={200: CaseOut, **READ}, summary="Get a case")
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    """A case with the states the caller may move it to; the read is written to the access log."""
    case = visible(request, case_id)
    user = signed_in_user(request)
    record_access(user=user, obj=case, request=request, action=AccessLog.Action.VIEW)
    return case_out(case, user)


@router.post("/", response={201: CaseOut, **WRITE}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Status[CaseOut]:
    """Open a case (state: intake) for a person and/or household of the caller's area."""
    user = signed_in_user(request)
    # Refuse a role that opens no case before looking the subject up, as the page does: the
    # answer must not tell such a caller whether a person id exists in its area.
    if not user.has_perm("cases.open_case"):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    person = household = None
    if payload.person_id is not None:
        person = people_selectors.person_detail(user=user, pk=payload.person_id)
        if person is None:
            raise ValidationError(_(MSG_NO_PERSON) % {"id": payload.person_id}, field="person_id")
    if payload.household_id is not None:
        household = household_selectors.household_detail(user=user, pk=payload.household_id)
        if household is None:
            raise ValidationError(
                _(MSG_NO_HOUSEHOLD) % {"id": payload.household_id}, field="household_id"
            )
    case = open_case(by=user, data=_data(user, payload), person=person, household=household)
    return Status(201, case_out(visible(request, case.pk), user))


@router.put("/{case_id}", response={200: CaseOut, **WRITE}, summary="Update a case")
def update(request: HttpRequest, case_id: int, payload: CaseUpdateIn) -> CaseOut:
    """Replace what a case is about; send the `version` you read. The state is not here:
    use POST /cases/{id}/transitions."""
    case = visible(request, case_id)
    user = signed_in_user(request)
    update_case(by=user, case=case, expected_version=payload.version, data=_data(user, payload))
    return case_out(visible(request, case_id), user)


def _assignee(pk: int | None, field: str, allowed: Any) -> User | None:
    # Looked up among who may be assigned: an id outside them gets the answer of a missing
    # id, never a message naming a user of another area.
    if pk is None:
        return None
    found = allowed.filter(pk=pk).first()
    if found is None:
        raise ValidationError(_(MSG_NO_USER) % {"id": pk}, field=field)
    return found


@router.put("/{case_id}/assignment", response={200: CaseOut, **WRITE}, summary="Assign a case")
def assign(request: HttpRequest, case_id: int, payload: AssignmentIn) -> CaseOut:
    """Set the case's officer and volunteer (null: nobody); send the `version` you read."""
    case = visible(request, case_id)
    user = signed_in_user(request)
    assign_case(
        by=user,
        case=case,
        expected_version=payload.version,
        officer=_assignee(
            payload.assigned_officer_id,
            "assigned_officer_id",
            selectors.assignable_officers(case.subdistrict_id),
        ),
        volunteer=_assignee(
            payload.assigned_volunteer_id,
            "assigned_volunteer_id",
            selectors.assignable_volunteers(case.subdistrict_id),
        ),
    )
    return case_out(visible(request, case_id), user)


@router.post("/{case_id}/transitions", response={200: CaseOut, **WRITE}, summary="Move a case on")
def transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> CaseOut:
    """Move the case to the state `to` through the workflow: `outcome` when closing, a
    `reason` where the workflow asks one. An illegal move is a 400 and changes nothing."""
    case = visible(request, case_id)
    user = signed_in_user(request)
    transition_case(
        case=case,
        to=payload.to,
        by=user,
        expected_version=payload.version,
        reason=payload.reason,
        outcome=payload.outcome,
    )
    return case_out(visible(request, case_id), user)


def event_out(event: CaseEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        at=event.at,
        by=str(event.by) if event.by else None,
        kind=event.kind,
        from_state=event.from_state,
        to_state=event.to_state,
        reason=event.reason,
        data=event.data,
    )


@router.post("/{case_id}/notes", response={201: EventOut, **WRITE}, summary="Add a note")
def note(request: HttpRequest, case_id: int, payload: NoteIn) -> Status[EventOut]:
    """Add a note to the case's timeline (officers of the area and the case's volunteer)."""
    case = visible(request, case_id)
    event = add_note(by=signed_in_user(request), case=case, text=payload.text)
    return Status(201, event_out(event))


@router.get("/{case_id}/timeline", response={200: EventPage, **READ}, summary="Case timeline")
def case_timeline(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Every event of the case, oldest first."""
    case = visible(request, case_id)
    events = [event_out(e) for e in selectors.timeline(case)]
    return {"items": events, "count": len(events)}
