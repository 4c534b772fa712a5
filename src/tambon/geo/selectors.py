"""Reads of the geography for forms, search and the API."""

from django.db.models import Model, Q, QuerySet

from tambon.geo.models import District, Province, Subdistrict, Village


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("name_th")


def districts(*, province_code: str) -> QuerySet[District]:
    return District.objects.filter(province_id=province_code).order_by("name_th")


def subdistricts(*, district_code: str) -> QuerySet[Subdistrict]:
    return Subdistrict.objects.filter(district_id=district_code).order_by("name_th")


def villages(*, subdistrict_code: str) -> QuerySet[Village]:
    return Village.objects.filter(subdistrict_id=subdistrict_code).order_by("number")


def search_subdistricts(query: str) -> QuerySet[Subdistrict]:
    """Sub-districts whose name, district, province or postal code contains `query`."""
    text = query.strip()
    for prefix in ("ต.", "ตำบล", "แขวง", "อ.", "อำเภอ", "เขต", "จ.", "จังหวัด"):
        text = text.removeprefix(prefix).strip()
    qs = Subdistrict.objects.select_related("district", "province")
    if not text:
        return qs.none()
    return qs.filter(
        Q(name_th__icontains=text)
        | Q(name_en__icontains=text)
        | Q(district__name_th__icontains=text)
        | Q(district__name_en__icontains=text)
        | Q(province__name_th__icontains=text)
        | Q(postal_codes__contains=text)
        | Q(code__startswith=text)
    ).order_by("code")


AREA_MODELS: dict[int, type[Model]] = {2: Province, 4: District, 6: Subdistrict, 8: Village}


def area_by_code(code: str) -> Model | None:
    """The province, district, sub-district or village with this DOPA code, if any."""
    model = AREA_MODELS.get(len(code))
    if model is None or not code.isdigit():
        return None
    return model._default_manager.filter(pk=code).first()


def area_name(code: str) -> str:
    """The display name of any area code (2, 4, 6 or 8 digits)."""
    area = area_by_code(code)
    return str(area) if area else code
