"""The households API (/api/v1/registry/households/): the same rules as the pages.

A household outside the caller's area answers 404; a write the caller may not make answers 403;
an update against a stale `version` answers 409.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import DomainError, NotFound, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.registry.api.access import require_reader
from tambon.registry.api.people_schemas import (
    AREA_CODE,
    HouseholdDetailOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdUpdateIn,
    MemberOut,
)
from tambon.registry.api.persons import (
    MSG_ID_IN_Q,
    MSG_NO_GROUP,
    MSG_NO_PROBLEM,
    MSG_NO_SUBDISTRICT,
    MSG_NO_VILLAGE,
    by_code,
    renamed,
)
from tambon.registry.models import Household, ProblemType, TargetGroup
from tambon.registry.selectors import households as selectors
from tambon.registry.selectors.people import looks_like_national_id, members_of_household
from tambon.registry.services.households import HouseholdData, create_household, update_household

router = Router(tags=["registry"])

READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class HouseholdFilters(Schema):
    subdistrict: str | None = SchemaField(
        None,
        pattern=AREA_CODE,
        description="A province, district, sub-district or village code.",
        examples=["500101"],
    )
    q: str = SchemaField("", max_length=100, description="Part of a member's name, Thai or Latin.")
    house_number: str = SchemaField("", max_length=30, description="12 finds 12, 12/1, 12/3…")
    target_group: str = SchemaField(
        "", max_length=40, description="A target group code: a member is in it."
    )
    need: str = SchemaField(
        "", max_length=40, description="A problem type found by the latest household assessment."
    )


def _head_name(household: Household) -> str | None:
    parts = [
        getattr(household, name, "") or ""
        for name in ("head_title", "head_first_name", "head_last_name")
    ]
    return " ".join(p for p in parts if p) or None


def household_out(household: Household) -> dict[str, Any]:
    return {
        "id": household.pk,
        "version": household.version,
        "subdistrict_code": str(household.subdistrict_id),
        "village_code": household.village_id,
        "house_number": household.house_number,
        "address": household.address,
        "housing": household.housing,
        "income_band": household.income_band,
        "note": household.note,
        "member_count": getattr(household, "member_count", 0) or 0,
        "head_name": _head_name(household),
        "created_at": household.created_at,
        "updated_at": household.updated_at,
    }


class _Listed(HouseholdOut):
    """A list item, read from the summary annotations of the selector."""

    @staticmethod
    def resolve_subdistrict_code(obj: Household) -> str:
        return str(obj.subdistrict_id)

    @staticmethod
    def resolve_village_code(obj: Household) -> str | None:
        return obj.village_id

    @staticmethod
    def resolve_head_name(obj: Household) -> str | None:
        return _head_name(obj)


@router.get(
    "/",
    response={200: list[_Listed], 400: ErrorOut, 403: ErrorOut},
    summary="List households",
)
@paginate(Pagination)
def list_households(request: HttpRequest, filters: Query[HouseholdFilters]) -> QuerySet[Household]:
    """Households in the caller's area, with their member count and head, by place, house
    number, a member's name, a member's target group and need."""
    require_reader(request)
    if looks_like_national_id(filters.q):
        raise ValidationError(_(MSG_ID_IN_Q), field="q")
    group = need = None
    if filters.target_group:
        group = by_code(TargetGroup, filters.target_group, MSG_NO_GROUP, "target_group")
    if filters.need:
        need = by_code(ProblemType, filters.need, MSG_NO_PROBLEM, "need")
    return selectors.household_list(
        user=signed_in_user(request),
        filters=selectors.HouseholdFilters(
            area_code=filters.subdistrict or "",
            q=filters.q,
            house_number=filters.house_number,
            target_group=group,
            need=need,
        ),
    )


def _visible(request: HttpRequest, household_id: int) -> Household:
    household = (
        selectors.with_summary(selectors.visible_households(signed_in_user(request)))
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise NotFound()
    return household


def _detail(household: Household) -> HouseholdDetailOut:
    members = [
        MemberOut(id=m.pk, name=m.full_name, relation=m.relation)
        for m in members_of_household(household.pk)
    ]
    return HouseholdDetailOut(**household_out(household), members=members)


@router.get(
    "/{household_id}", response={200: HouseholdDetailOut, **READ}, summary="Get a household"
)
def get_household(request: HttpRequest, household_id: int) -> HouseholdDetailOut:
    """A household in the caller's area, with its members (head first); the read is logged."""
    require_reader(request)
    household = _visible(request, household_id)
    record_access(
        user=signed_in_user(request), obj=household, request=request, action=AccessLog.Action.VIEW
    )
    return _detail(household)


def _data(payload: HouseholdIn) -> HouseholdData:
    subdistrict = Subdistrict.objects.filter(code=payload.subdistrict_code).first()
    if subdistrict is None:
        raise ValidationError(
            _(MSG_NO_SUBDISTRICT) % {"code": payload.subdistrict_code}, field="subdistrict_code"
        )
    village = None
    if payload.village_code:
        village = Village.objects.filter(code=payload.village_code).first()
        if village is None:
            raise ValidationError(
                _(MSG_NO_VILLAGE) % {"code": payload.village_code}, field="village_code"
            )
    return HouseholdData(
        subdistrict=subdistrict,
        village=village,
        house_number=payload.house_number,
        address=payload.address,
        housing=payload.housing,
        income_band=payload.income_band,
        note=payload.note,
    )


@router.post("/", response={201: HouseholdDetailOut, **WRITE}, summary="Create a household")
def create(request: HttpRequest, payload: HouseholdIn) -> Status[HouseholdDetailOut]:
    """Record a household in the caller's area (officers)."""
    try:
        household = create_household(by=signed_in_user(request), data=_data(payload))
    except DomainError as exc:
        raise renamed(exc) from None
    return Status(201, _detail(_visible(request, household.pk)))


@router.put(
    "/{household_id}", response={200: HouseholdDetailOut, **WRITE}, summary="Update a household"
)
def update(
    request: HttpRequest, household_id: int, payload: HouseholdUpdateIn
) -> HouseholdDetailOut:
    """Replace a household's fields; send the `version` you read (409 if someone saved since).
    Members recorded at its old place move with it."""
    household = _visible(request, household_id)
    try:
        update_household(
            by=signed_in_user(request),
            household=household,
            expected_version=payload.version,
            data=_data(payload),
        )
    except DomainError as exc:
        raise renamed(exc) from None
    return _detail(_visible(request, household.pk))
