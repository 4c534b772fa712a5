"""Schemas of the cases API. A case's national ID is never sent: its subject is named and
linked by id (the registry API serves the person, with its own rules)."""

import datetime as dt

from ninja import Field, Schema

from tambon.cases.models import CarePlanAction, CarePlanGoal, Case, State

STATE_PATTERN = "^(" + "|".join(State.values) + ")$"


class CaseOut(Schema):
    id: int
    reference: str
    version: int
    person_id: int | None
    person_name: str | None
    household_id: int | None
    subdistrict_code: str
    channel: str
    problem_types: list[str]
    urgency: str
    summary: str
    state: str
    outcome: str
    assigned_officer_id: int | None
    assigned_volunteer_id: int | None
    needs_assessment_id: int | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    next_states: list[str] = Field(
        default_factory=list, description="The states the caller may move the case to now."
    )


class CasePage(Schema):
    items: list[CaseOut]
    count: int


class CaseIn(Schema):
    person_id: int | None = None
    household_id: int | None = None
    channel: str = Field(..., examples=[Case.Channel.HOTLINE_1300])
    problem_types: list[str] = Field(..., min_length=1, examples=[["elderly", "poverty"]])
    urgency: str = Case.Urgency.NORMAL
    summary: str = Field("", max_length=4000)
    needs_assessment_id: int | None = None


class CaseUpdateIn(Schema):
    version: int = Field(..., ge=1, description="The version you read (409 if it changed).")
    channel: str
    problem_types: list[str] = Field(..., min_length=1)
    urgency: str = Case.Urgency.NORMAL
    summary: str = Field("", max_length=4000)
    needs_assessment_id: int | None = None


class AssignmentIn(Schema):
    version: int = Field(..., ge=1)
    assigned_officer_id: int | None = None
    assigned_volunteer_id: int | None = None


class TransitionIn(Schema):
    to: str = Field(..., max_length=20, examples=[State.SCREENING])
    version: int = Field(..., ge=1, description="The version you read (409 if it changed).")
    reason: str = Field("", max_length=2000)
    outcome: str = Field("", max_length=20, examples=[""])


class NoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)


class EventOut(Schema):
    id: int
    at: dt.datetime
    by: str | None
    kind: str
    from_state: str
    to_state: str
    reason: str
    data: dict


class EventPage(Schema):
    items: list[EventOut]
    count: int


class ActionOut(Schema):
    id: int
    description: str
    owner_id: int | None
    owner_text: str
    due_date: dt.date | None
    status: str = Field(..., examples=[CarePlanAction.Status.PLANNED])
    done_at: dt.datetime | None


class GoalOut(Schema):
    id: int
    text: str
    problem_type: str | None
    status: str = Field(..., examples=[CarePlanGoal.Status.OPEN])
    actions: list[ActionOut]


class CarePlanOut(Schema):
    id: int | None
    version: int | None
    summary: str
    goals: list[GoalOut]


class CarePlanIn(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you read; leave out only when the case has no plan."
    )
    summary: str = Field("", max_length=4000)


class GoalIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)
    problem_type: str | None = Field(None, description="A problem type code of the case.")


class GoalStatusIn(Schema):
    status: str


class ActionIn(Schema):
    description: str = Field(..., min_length=1, max_length=300)
    owner_id: int | None = None
    owner_text: str = Field("", max_length=200)
    due_date: dt.date | None = None
