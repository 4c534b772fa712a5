"""Schemas of the field-work API: visits, assistance (amounts as decimal strings, in baht) and
follow-ups. A visit's photo is never inlined: `photo_url` is the permission-checked route."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from tambon.cases.models import Assistance


class VisitIn(Schema):
    visited_on: dt.date = Field(..., examples=["2025-11-20"])
    met: str = Field("", max_length=300, examples=["ผู้สูงอายุและลูกสาว"])
    observations: str = Field(..., min_length=1, max_length=4000)
    dimension_scores: dict[str, int] = Field(
        default_factory=dict,
        description="Any of health, living, education, income, access → 1 (serious) … 5 (none).",
        examples=[{"health": 2, "income": 1}],
    )


class VisitOut(Schema):
    id: int
    case_id: int
    visited_on: dt.date
    visitor_id: int
    visitor: str
    met: str
    observations: str
    dimension_scores: dict[str, int]
    has_photo: bool
    photo_url: str | None
    created_at: dt.datetime


class VisitPage(Schema):
    items: list[VisitOut]
    count: int


class AssistanceIn(Schema):
    given_on: dt.date
    kind: str = Field(..., examples=[Assistance.Kind.CASH])
    description: str = Field(..., min_length=1, max_length=300, examples=["เงินสงเคราะห์ครอบครัว"])
    amount: Decimal | None = Field(
        None, description="Baht, 2 decimals; required for cash.", examples=["3000.00"]
    )
    source: str = Field(..., examples=[Assistance.Source.GOVERNMENT])
    partner_id: int | None = None
    referral_id: int | None = None


class AssistanceOut(Schema):
    id: int
    given_on: dt.date
    kind: str
    description: str
    amount: Decimal | None
    source: str
    partner_id: int | None
    partner_name: str | None
    referral_id: int | None


class SourceTotalOut(Schema):
    source: str
    amount: Decimal
    count: int


class AssistancePage(Schema):
    items: list[AssistanceOut]
    count: int
    totals: list[SourceTotalOut] = Field(..., description="Amounts by source, in baht.")
    total_amount: Decimal


class FollowUpIn(Schema):
    due_on: dt.date
    purpose: str = Field(..., min_length=1, max_length=300)
    assigned_to_id: int | None = None


class FollowUpDoneIn(Schema):
    result: str = Field(..., min_length=1, max_length=4000)
    visit_id: int | None = None


class FollowUpCancelIn(Schema):
    reason: str = Field("", max_length=2000)


class FollowUpOut(Schema):
    id: int
    case_id: int
    due_on: dt.date
    purpose: str
    assigned_to_id: int | None
    status: str
    result: str
    done_at: dt.datetime | None
    done_by_id: int | None
    visit_id: int | None
    overdue: bool


class FollowUpPage(Schema):
    items: list[FollowUpOut]
    count: int
