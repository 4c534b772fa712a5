"""The geography API: provinces, districts, sub-districts and villages with their DOPA codes.

Geography is public reference data, not personal data: any authenticated caller, whatever
their role or area, may read all of it, so these reads are not scoped to the caller's area.
Lists are ordered by code (stable for paging) and paginated with `limit` and `offset`.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.geo import selectors
from tambon.geo.models import District, Province, Subdistrict, Village
from tambon.geo.schemas import (
    DistrictOut,
    ProvinceOut,
    SubdistrictDetailOut,
    SubdistrictOut,
    VillageOut,
)

router = Router(tags=["geography"])

PROVINCE_PREFIXES = ("จังหวัด", "จ.")
DISTRICT_PREFIXES = ("อำเภอ", "อ.", "เขต")
Q_DESCRIPTION = "Part of the Thai or English name, or the start of the code."


def _clean(query: str, prefixes: tuple[str, ...]) -> str:
    text = query.strip()
    for prefix in prefixes:
        text = text.removeprefix(prefix).strip()
    return text


# Unfiltered lists that geo.selectors does not offer (yet); geography needs no area scope.
def _all_districts() -> QuerySet[District]:
    return District.objects.all()


def _all_subdistricts() -> QuerySet[Subdistrict]:
    return Subdistrict.objects.select_related("district", "province")


def _all_villages() -> QuerySet[Village]:
    return Village.objects.all()


def _name_or_code(qs: QuerySet, text: str) -> QuerySet:
    if not text:
        return qs
    return qs.filter(
        Q(name_th__icontains=text) | Q(name_en__icontains=text) | Q(code__startswith=text)
    )


@router.get("/provinces", response=list[ProvinceOut], summary="List provinces")
@paginate(Pagination)
def list_provinces(
    request: HttpRequest, q: str = Query("", description=Q_DESCRIPTION)
) -> QuerySet[Province]:
    """The 77 provinces; `q` tolerates a จ./จังหวัด prefix."""
    return _name_or_code(selectors.provinces(), _clean(q, PROVINCE_PREFIXES)).order_by("code")


@router.get(
    "/provinces/{code}", response={200: ProvinceOut, 404: ErrorOut}, summary="Get a province"
)
def get_province(request: HttpRequest, code: str) -> Province:
    return get_object_or_404(selectors.provinces(), code=code)


@router.get("/districts", response=list[DistrictOut], summary="List districts")
@paginate(Pagination)
def list_districts(
    request: HttpRequest,
    province: str | None = Query(None, pattern=r"^\d{2}$", description="Province code."),
    q: str = Query("", description=Q_DESCRIPTION),
) -> QuerySet[District]:
    """Districts (อำเภอ / เขต), optionally of one province; `q` tolerates อ./อำเภอ/เขต."""
    qs = selectors.districts(province_code=province) if province else _all_districts()
    return _name_or_code(qs, _clean(q, DISTRICT_PREFIXES)).order_by("code")


@router.get(
    "/districts/{code}", response={200: DistrictOut, 404: ErrorOut}, summary="Get a district"
)
def get_district(request: HttpRequest, code: str) -> District:
    return get_object_or_404(_all_districts(), code=code)


@router.get("/subdistricts", response=list[SubdistrictOut], summary="List sub-districts")
@paginate(Pagination)
def list_subdistricts(
    request: HttpRequest,
    district: str | None = Query(None, pattern=r"^\d{4}$", description="District code."),
    province: str | None = Query(None, pattern=r"^\d{2}$", description="Province code."),
    q: str = Query(
        "",
        description=(
            "Part of the Thai or English name of the sub-district, its district or province, "
            "or a postal code; ต./อ./จ. prefixes are ignored."
        ),
    ),
) -> QuerySet[Subdistrict]:
    """Sub-districts (ตำบล / แขวง), filtered by district, province and a search."""
    qs = selectors.search_subdistricts(q) if q.strip() else _all_subdistricts()
    if district:
        qs = qs.filter(district_id=district)
    if province:
        qs = qs.filter(province_id=province)
    return qs.order_by("code")


@router.get(
    "/subdistricts/{code}",
    response={200: SubdistrictDetailOut, 404: ErrorOut},
    summary="Get a sub-district",
)
def get_subdistrict(request: HttpRequest, code: str) -> Subdistrict:
    """A sub-district with the names of its district and province and its postal codes."""
    return get_object_or_404(_all_subdistricts(), code=code)


@router.get("/villages", response=list[VillageOut], summary="List villages")
@paginate(Pagination)
def list_villages(
    request: HttpRequest,
    subdistrict: str | None = Query(None, pattern=r"^\d{6}$", description="Sub-district code."),
    q: str = Query("", description="Part of the village name, or its number."),
) -> QuerySet[Village]:
    """Villages (หมู่บ้าน), by sub-district; `q` matches the name or หมู่ที่ number."""
    qs = selectors.villages(subdistrict_code=subdistrict) if subdistrict else _all_villages()
    text = _clean(q, ("หมู่ที่", "หมู่", "ม."))
    if text:
        match = Q(name_th__icontains=text) | Q(name_en__icontains=text)
        if text.isdigit():
            match |= Q(number=int(text))
        qs = qs.filter(match)
    return qs.order_by("code")
