"""Shapes of the households and persons API (/api/v1/registry/households/, …/persons/)."""

import datetime as dt

from ninja import Field, Schema

from tambon.registry.models import Household

AREA_CODE = r"^\d{2}(\d{2}(\d{2}(\d{2})?)?)?$"


class HouseholdIn(Schema):
    subdistrict_code: str = Field(..., pattern=r"^\d{6}$", examples=["500101"])
    village_code: str | None = Field(None, pattern=r"^\d{8}$", examples=["50010101"])
    house_number: str = Field(..., min_length=1, max_length=30, examples=["12/3"])
    address: str = Field("", max_length=300)
    housing: str = Field(
        "", description="secure, needs_repair, dilapidated, temporary, none, or empty."
    )
    income_band: str = Field(Household.IncomeBand.UNKNOWN, examples=["below_poverty_line"])
    note: str = ""


class HouseholdUpdateIn(HouseholdIn):
    version: int = Field(..., ge=1, description="The version read: a newer one answers 409.")


class MemberOut(Schema):
    id: int
    name: str
    relation: str


class HouseholdOut(Schema):
    id: int
    version: int
    subdistrict_code: str
    village_code: str | None
    house_number: str
    address: str
    housing: str
    income_band: str
    note: str
    member_count: int
    head_name: str | None = Field(None, description="Title, first and last name of the head.")
    created_at: dt.datetime
    updated_at: dt.datetime


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]


class PersonIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=100, examples=["สมศรี"])
    last_name: str = Field("", max_length=100, examples=["มีสุข"])
    title: str = Field("", max_length=40, examples=["นาง"])
    sex: str = Field("", description="M, F, X or empty.", examples=["F"])
    birth_date: dt.date | None = Field(None, examples=["1958-04-13"])
    phone: str = Field("", max_length=20, examples=["0812345678"])
    subdistrict_code: str | None = Field(
        None,
        pattern=r"^\d{6}$",
        description="Defaults to the household's when a household_id is given.",
        examples=["500101"],
    )
    village_code: str | None = Field(None, pattern=r"^\d{8}$", examples=["50010101"])
    household_id: int | None = None
    relation: str = Field("", description="Relation to the head of the household.")
    address: str = Field("", max_length=300)
    national_id: str | None = Field(
        None,
        max_length=30,
        description="13 digits (optional). On update: null keeps the recorded one, "
        "an empty string removes it.",
    )
    target_groups: list[str] = Field(
        default_factory=list,
        description="Codes of recorded target groups (not the derived age and sex groups).",
        examples=[["bedridden"]],
    )
    disability_type: str = ""
    disability_card: bool = False
    welfare_card: bool = False
    note: str = ""


class PersonUpdateIn(PersonIn):
    version: int = Field(..., ge=1, description="The version read: a newer one answers 409.")


class PersonOut(Schema):
    id: int
    version: int
    title: str
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date | None
    age: int | None
    phone: str
    subdistrict_code: str
    village_code: str | None
    household_id: int | None
    relation: str
    address: str
    national_id: str | None = Field(
        None,
        description="Masked (x-xxxx-xxxxx-12-3) unless the caller may see it and asked "
        "?reveal=true; every full ID returned is written to the access log.",
    )
    national_id_masked: bool
    target_groups: list[str] = Field(
        ..., description="Codes of every group: derived from age and sex, and recorded."
    )
    recorded_target_groups: list[str]
    disability_type: str
    disability_card: bool
    welfare_card: bool
    note: str
    merged_into_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class PersonPage(Schema):
    items: list[PersonOut]
    count: int
