"""Reads for the home page and the dashboards."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tambon.accounts import policy
from tambon.geo.models import District, Province, Subdistrict

BANGKOK = "10"
LEVELS = {2: "province", 4: "district", 6: "subdistrict"}


@dataclass(frozen=True)
class AreaName:
    """One area a user covers, named in the active language."""

    code: str
    level: str  # province, district or subdistrict
    title: str  # ตำบลศรีภูมิ
    within: str = ""  # อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่


@dataclass(frozen=True)
class Coverage:
    """What a user covers: everywhere (national administrators), some areas, or nothing."""

    everywhere: bool = False
    areas: list[AreaName] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.everywhere and not self.areas


def areas_of(user: Any) -> Coverage:
    """The areas `user` covers with their full names: one query per level of area assigned."""
    prefixes = policy.area_prefixes(user)
    if prefixes is policy.EVERYWHERE:
        return Coverage(everywhere=True)
    by_level: dict[int, list[str]] = {}
    for code in prefixes:
        by_level.setdefault(len(code), []).append(code)
    names: dict[str, AreaName] = {}
    if 2 in by_level:
        for province in Province.objects.filter(code__in=by_level[2]):
            names[province.code] = AreaName(province.code, "province", _province(province))
    if 4 in by_level:
        for district in District.objects.filter(code__in=by_level[4]).select_related("province"):
            names[district.code] = AreaName(
                district.code, "district", _district(district), _province(district.province)
            )
    if 6 in by_level:
        subdistricts = Subdistrict.objects.filter(code__in=by_level[6]).select_related(
            "district", "province"
        )
        for sub in subdistricts:
            # Translators: an area followed by the larger area it lies in; Thai joins with a space.
            within = _("%(area)s, %(parent)s") % {
                "area": _district(sub.district),
                "parent": _province(sub.province),
            }
            names[sub.code] = AreaName(sub.code, "subdistrict", _subdistrict(sub), within)
    # Codes the geography does not know (yet) are still shown, so nobody loses sight of them.
    return Coverage(
        areas=[
            names.get(code) or AreaName(code, LEVELS.get(len(code), ""), code)
            for code in sorted(prefixes)
        ]
    )


def _province(province: Province) -> str:
    if province.code == BANGKOK:
        return province.name
    return _("%(name)s province") % {"name": province.name}


def _district(district: District) -> str:
    if district.province_id == BANGKOK:
        # geothai's Thai names of Bangkok's districts already start with เขต.
        return _("Khet %(name)s") % {"name": district.name.removeprefix("เขต")}
    return _("%(name)s district") % {"name": district.name}


def _subdistrict(subdistrict: Subdistrict) -> str:
    if subdistrict.province_id == BANGKOK:
        return _("Khwaeng %(name)s") % {"name": subdistrict.name}
    return _("%(name)s sub-district") % {"name": subdistrict.name}
