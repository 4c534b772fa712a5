"""Shapes of the network API (/api/v1/network/partners/, …/services/)."""

import datetime as dt

from ninja import Field, Schema

AREA_CODE = r"^\d{2}(\d{2}(\d{2})?)?$"
PLACE_CODE = r"^\d{2}(\d{2}(\d{2}(\d{2})?)?)?$"


class PartnerIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, examples=["องค์การบริหารส่วนตำบลศรีภูมิ"])
    name_en: str = Field("", max_length=200)
    sector: str = Field(
        ...,
        description="government, local_government, school, religious, ngo, business, "
        "community or welfare_fund.",
        examples=["local_government"],
    )
    subdistrict_code: str = Field(..., pattern=r"^\d{6}$", examples=["500101"])
    coverage_codes: list[str] = Field(
        default_factory=list,
        description="Province, district or sub-district codes it covers; empty: its sub-district.",
        examples=[["5001"]],
    )
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40, examples=["053 123 456"])
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    active: bool = True


class PartnerUpdateIn(PartnerIn):
    version: int = Field(..., ge=1, description="The version read: a newer one answers 409.")


class ContactOut(Schema):
    id: int
    name: str
    position: str
    phone: str
    email: str


class PartnerOut(Schema):
    id: int
    version: int
    name: str
    name_en: str
    sector: str
    subdistrict_code: str
    coverage_codes: list[str]
    address: str
    phone: str
    email: str
    website: str
    active: bool
    service_count: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PartnerDetailOut(PartnerOut):
    contacts: list[ContactOut]
    members: list[str] = Field(..., description="Usernames of the accounts that act for it.")


class ServiceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, examples=["ซ่อมบ้านผู้สูงอายุ"])
    service_type: str = Field(..., description="A service-type code.", examples=["housing_repair"])
    description: str = ""
    target_groups: list[str] = Field(default_factory=list, examples=[["elderly"]])
    problem_types: list[str] = Field(default_factory=list, examples=[["housing"]])
    min_age: int | None = Field(None, ge=0, le=130)
    max_age: int | None = Field(None, ge=0, le=130)
    capacity_per_month: int | None = Field(None, ge=0, le=1_000_000)
    how_to_request: str = ""
    area_codes: list[str] = Field(
        default_factory=list, description="Areas served; empty: the partner's coverage."
    )


class ServiceCreateIn(ServiceIn):
    partner_id: int


class ServiceUpdateIn(ServiceIn):
    version: int = Field(..., ge=1, description="The version read: a newer one answers 409.")


class ServiceOut(Schema):
    id: int
    version: int
    partner_id: int
    partner_name: str
    name: str
    description: str
    service_type: str
    target_groups: list[str]
    problem_types: list[str]
    min_age: int | None
    max_age: int | None
    capacity_per_month: int | None
    how_to_request: str
    area_codes: list[str] = Field(
        ..., description="The areas served (the partner's if its own are empty)."
    )
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class ServiceFilters(Schema):
    area: str | None = Field(
        None, pattern=PLACE_CODE, description="Serving this area code.", examples=["500101"]
    )
    problem_type: str | None = Field(None, max_length=40, examples=["housing"])
    target_group: str | None = Field(None, max_length=40, examples=["elderly"])
    service_type: str | None = Field(None, max_length=40, examples=["home_care"])
    age: int | None = Field(None, ge=0, le=130)
    q: str = Field("", max_length=100, description="Words of the service's or partner's name.")


class PartnerFilters(Schema):
    area: str | None = Field(None, pattern=PLACE_CODE, examples=["500101"])
    sector: str | None = Field(None, max_length=20, examples=["school"])
    q: str = Field("", max_length=100)
