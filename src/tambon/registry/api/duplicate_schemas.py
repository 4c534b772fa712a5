"""Shapes of the duplicate review API (/api/v1/registry/duplicates/)."""

import datetime as dt

from ninja import Field, Schema

from tambon.registry.api.people_schemas import AREA_CODE

__all__ = [
    "AREA_CODE",
    "CandidateDetailOut",
    "CandidateOut",
    "CandidatePage",
    "FieldComparisonOut",
    "MergeIn",
    "MergeOut",
    "PersonSideOut",
]


class PersonSideOut(Schema):
    """One of the two people of a pair (the national ID masked, never in full)."""

    id: int
    title: str
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date | None
    subdistrict_code: str
    village_code: str | None
    house_number: str
    national_id_masked: str | None = Field(None, examples=["x-xxxx-xxxxx-12-3"])
    merged_into_id: int | None


class CandidateOut(Schema):
    id: int
    probability: float = Field(..., ge=0, le=1, description="Match probability, 0 to 1.")
    status: str = Field(..., description="open, merged or not_same.")
    subdistrict_code: str
    left_id: int
    right_id: int
    left_name: str
    right_name: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


class CandidatePage(Schema):
    items: list[CandidateOut]
    count: int


class FieldComparisonOut(Schema):
    field: str
    status: str = Field(..., description="exact, close (one slip), swapped, different or missing.")


class CandidateDetailOut(CandidateOut):
    left: PersonSideOut
    right: PersonSideOut
    fields: list[FieldComparisonOut]
    merge_id: int | None = Field(None, description="The merge the pair led to, if merged.")


class MergeIn(Schema):
    survivor_id: int | None = Field(
        None, description="The record kept (one of the pair); the pair's older record if empty."
    )
    reason: str = Field("", max_length=300)


class MergeOut(Schema):
    id: int
    survivor_id: int
    merged_id: int
    candidate_id: int | None
    merged_by: str
    reason: str
    created_at: dt.datetime
    undone_at: dt.datetime | None
