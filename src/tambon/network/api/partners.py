"""The partners API (/api/v1/network/partners/): the same rules as the pages.

A partner the caller may not see answers 404; a write the caller may not make answers 403;
an update against a stale `version` answers 409.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tambon.accounts.requests import signed_in_user
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import DomainError, NotFound, ValidationError
from tambon.geo.models import Subdistrict
from tambon.network.api.schemas import (
    ContactOut,
    PartnerDetailOut,
    PartnerFilters,
    PartnerIn,
    PartnerOut,
    PartnerUpdateIn,
)
from tambon.network.models import Partner
from tambon.network.selectors import partners as selectors
from tambon.network.services.partners import PartnerData, create_partner, update_partner

router = Router(tags=["network"])

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
MSG_NO_SUBDISTRICT = gettext_noop("No sub-district has the code %(code)s.")


def partner_out(partner: Partner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "version": partner.version,
        "name": partner.name,
        "name_en": partner.name_en,
        "sector": partner.sector,
        "subdistrict_code": str(partner.subdistrict_id),
        "coverage_codes": partner.coverage_codes,
        "address": partner.address,
        "phone": partner.phone,
        "email": partner.email,
        "website": partner.website,
        "active": partner.active,
        "service_count": getattr(partner, "service_count", 0) or 0,
        "created_at": partner.created_at,
        "updated_at": partner.updated_at,
    }


class _Listed(PartnerOut):
    @staticmethod
    def resolve_subdistrict_code(obj: Partner) -> str:
        return str(obj.subdistrict_id)

    @staticmethod
    def resolve_coverage_codes(obj: Partner) -> list[str]:
        return obj.coverage_codes


@router.get("/", response=list[_Listed], summary="List partners")
@paginate(Pagination)
def list_partners(request: HttpRequest, filters: Query[PartnerFilters]) -> QuerySet[Partner]:
    """Partners the caller sees (officers: located in or covering their area; partner
    accounts: their own), by area, sector and name."""
    return selectors.partner_list(
        user=signed_in_user(request),
        filters=selectors.PartnerFilters(
            q=filters.q, sector=filters.sector or "", area_code=filters.area or ""
        ),
    )


def _visible(request: HttpRequest, partner_id: int) -> Partner:
    user = signed_in_user(request)
    partner = selectors.partner_detail(user=user, pk=partner_id)
    if partner is None:
        raise NotFound()
    return partner


def _detail(partner: Partner) -> PartnerDetailOut:
    counted = selectors.with_service_count(Partner.objects.filter(pk=partner.pk)).get()
    partner.service_count = counted.service_count  # type: ignore[attr-defined]
    return PartnerDetailOut(
        **partner_out(partner),
        contacts=[
            ContactOut(id=c.pk, name=c.name, position=c.position, phone=c.phone, email=c.email)
            for c in partner.contacts.all()
        ],
        members=sorted(m.username for m in partner.members.all()),
    )


@router.get("/{partner_id}", response={200: PartnerDetailOut, **READ}, summary="Get a partner")
def get_partner(request: HttpRequest, partner_id: int) -> PartnerDetailOut:
    """A partner the caller may see, with its contacts and members."""
    return _detail(_visible(request, partner_id))


def _data(payload: PartnerIn) -> PartnerData:
    subdistrict = Subdistrict.objects.filter(code=payload.subdistrict_code).first()
    if subdistrict is None:
        raise ValidationError(
            _(MSG_NO_SUBDISTRICT) % {"code": payload.subdistrict_code}, field="subdistrict_code"
        )
    return PartnerData(
        name=payload.name,
        name_en=payload.name_en,
        sector=payload.sector,
        subdistrict=subdistrict,
        coverage_codes=payload.coverage_codes,
        address=payload.address,
        phone=payload.phone,
        email=payload.email,
        website=payload.website,
        active=payload.active,
    )


def _renamed(exc: DomainError) -> DomainError:
    if exc.field == "subdistrict":
        exc.field = "subdistrict_code"
    return exc


@router.post("/", response={201: PartnerDetailOut, **WRITE}, summary="Create a partner")
def create(request: HttpRequest, payload: PartnerIn) -> Status[PartnerDetailOut]:
    """Record a partner located in the caller's area (officers, national admins)."""
    try:
        partner = create_partner(by=signed_in_user(request), data=_data(payload))
    except DomainError as exc:
        raise _renamed(exc) from None
    return Status(201, _detail(_visible(request, partner.pk)))


@router.put("/{partner_id}", response={200: PartnerDetailOut, **WRITE}, summary="Update a partner")
def update(request: HttpRequest, partner_id: int, payload: PartnerUpdateIn) -> PartnerDetailOut:
    """Replace a partner's fields; send the `version` you read (409 if someone saved since)."""
    partner = _visible(request, partner_id)
    try:
        update_partner(
            by=signed_in_user(request),
            partner=partner,
            expected_version=payload.version,
            data=_data(payload),
        )
    except DomainError as exc:
        raise _renamed(exc) from None
    return _detail(_visible(request, partner.pk))
