"""Addresses to DOPA codes: a sub-district code, or province/district/sub-district names.

Names are read as people write them: with or without ต./อ./จ./ตำบล/อำเภอ/จังหวัด/แขวง/เขต, in Thai
or English, "เมือง" for the capital district, "กทม." for Bangkok (geothai's matching), and with
small spelling mistakes: a name that matches nothing exactly is compared (rapidfuzz) with the
names inside the district or province already found, and accepted when one is clearly
closest. Every distinct combination is resolved once per import (there are only thousands).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import geothai
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import thai_digit_to_arabic_digit
from rapidfuzz import fuzz, process

from tambon.geo.models import District, Province, Subdistrict, Village

# A near match needs this score (0–100) and a lead over the runner-up.
FUZZY_CUTOFF = 80
FUZZY_LEAD = 5

MSG_NO_AREA = gettext_noop("Give the sub-district: its name or its 6-digit code.")
MSG_CODE_SHAPE = gettext_noop("A sub-district code has 6 digits.")
MSG_UNKNOWN_CODE = gettext_noop("There is no sub-district with the code {code}.")
MSG_UNKNOWN_PROVINCE = gettext_noop("There is no province named “{name}”.")
MSG_UNKNOWN_DISTRICT = gettext_noop("There is no district named “{name}” in {province}.")
MSG_UNKNOWN_SUBDISTRICT = gettext_noop("There is no sub-district named “{name}” in {area}.")
MSG_AMBIGUOUS = gettext_noop(
    "More than one sub-district is named “{name}”: add the district and the province."
)
MSG_OUTSIDE_AREA = gettext_noop("The sub-district {name} is outside the area you may import to.")
MSG_VILLAGE_SHAPE = gettext_noop("Write the village number (หมู่ที่), e.g. 4, or its 8-digit code.")
MSG_UNKNOWN_VILLAGE = gettext_noop(
    "หมู่ที่ {number} of {subdistrict} is not in the list of villages: an administrator can "
    "import the villages first (tambon geo villages)."
)
MSG_VILLAGE_ELSEWHERE = gettext_noop("The village code {code} is not a village of {subdistrict}.")
ALL_OF_THAILAND = gettext_noop("Thailand")


@dataclass(frozen=True)
class Place:
    """A resolved sub-district, or the reason it could not be, and which input was at fault."""

    code: str | None
    field: str = ""
    reason: str = ""


def _digits(text: str) -> str:
    return thai_digit_to_arabic_digit(text or "").strip()


@lru_cache(maxsize=65536)
def _norm(name: str) -> str:
    return geothai.normalize(name or "")


class Geocoder:
    """Finds sub-district codes in the geography tables (loaded once per import)."""

    def __init__(self) -> None:
        self.subdistricts: dict[str, tuple[str, str, str]] = {
            code: (name, district, province)
            for code, name, district, province in Subdistrict.objects.values_list(
                "code", "name_th", "district_id", "province_id"
            )
        }
        self.district_names = dict(District.objects.values_list("code", "name_th"))
        self.province_names = dict(Province.objects.values_list("code", "name_th"))
        self._provinces = _names_index(Province.objects.values_list("code", "name_th", "name_en"))
        self._districts = _grouped_index(
            District.objects.values_list("code", "name_th", "name_en", "province_id")
        )
        self._subdistricts = _grouped_index(
            Subdistrict.objects.values_list("code", "name_th", "name_en", "district_id")
        )
        self._cache: dict[tuple[str, str, str, str], Place] = {}

    def name(self, code: str) -> str:
        sub = self.subdistricts.get(code)
        if sub is None:
            return code
        name, district, province = sub
        parents = (self.district_names.get(district, ""), self.province_names.get(province, ""))
        return " ".join((name, *parents)).strip()

    def resolve(self, code: str, subdistrict: str, district: str, province: str) -> Place:
        key = (code or "", subdistrict or "", district or "", province or "")
        place = self._cache.get(key)
        if place is None:
            place = self._cache[key] = self._resolve(*key)
        return place

    def _resolve(self, code: str, subdistrict: str, district: str, province: str) -> Place:
        if code:
            digits = _digits(code)
            if not re.fullmatch(r"\d{6}", digits):
                return Place(None, "subdistrict_code", _(MSG_CODE_SHAPE))
            if digits not in self.subdistricts:
                return Place(None, "subdistrict_code", _(MSG_UNKNOWN_CODE).format(code=digits))
            return Place(digits)
        if not subdistrict:
            return Place(None, "subdistrict", _(MSG_NO_AREA))
        exact = [
            a.subdistrict.code
            for a in geothai.match(
                subdistrict, district=district or None, province=province or None
            )
            if a.subdistrict.code in self.subdistricts
        ]
        if len(exact) == 1:
            return Place(exact[0])
        if len(exact) > 1:
            return Place(None, "subdistrict", _(MSG_AMBIGUOUS).format(name=subdistrict))
        return self._near(subdistrict, district, province)

    def _near(self, subdistrict: str, district: str, province: str) -> Place:
        province_code = ""
        if province:
            province_code = _pick(self._provinces, province)
            if not province_code:
                return Place(None, "province", _(MSG_UNKNOWN_PROVINCE).format(name=province))
        district_code = ""
        if district:
            candidates = self._districts.get(province_code) if province_code else None
            district_code = _pick(candidates or _merged(self._districts), district)
            if not district_code:
                where = self.province_names.get(province_code) or _(ALL_OF_THAILAND)
                return Place(
                    None, "district", _(MSG_UNKNOWN_DISTRICT).format(name=district, province=where)
                )
        if not district_code:
            # Near matches only inside a known district: elsewhere a typo could land anywhere.
            return Place(
                None,
                "subdistrict",
                _(MSG_UNKNOWN_SUBDISTRICT).format(
                    name=subdistrict,
                    area=self.province_names.get(province_code) or _(ALL_OF_THAILAND),
                ),
            )
        code = _pick(self._subdistricts.get(district_code, {}), subdistrict)
        if not code:
            return Place(
                None,
                "subdistrict",
                _(MSG_UNKNOWN_SUBDISTRICT).format(
                    name=subdistrict, area=self.district_names.get(district_code, "")
                ),
            )
        return Place(code)


def _names_index(rows: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name_th, name_en in rows:
        for name in (name_th, name_en):
            if name:
                index.setdefault(_norm(name), code)
    return index


def _grouped_index(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, dict[str, str]]:
    grouped: dict[str, dict[str, str]] = {}
    for code, name_th, name_en, parent in rows:
        group = grouped.setdefault(parent, {})
        for name in (name_th, name_en):
            if name:
                group.setdefault(_norm(name), code)
                # The capital district "เมืองเชียงใหม่" is also written "เมือง" (Mueang).
                for short in ("เมือง", "mueang", "muang"):
                    if _norm(name).startswith(short) and len(_norm(name)) > len(short):
                        group.setdefault(short, code)
    return grouped


def _merged(groups: dict[str, dict[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for group in groups.values():
        for name, code in group.items():
            merged.setdefault(name, code)
    return merged


def _pick(index: dict[str, str], name: str) -> str:
    """The code of `name` in `index`: exact, or clearly the nearest; "" if neither."""
    key = _norm(name)
    if not key:
        return ""
    if key in index:
        return index[key]
    best = process.extract(key, list(index), scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < FUZZY_CUTOFF:
        return ""
    if (
        len(best) > 1
        and best[0][1] - best[1][1] < FUZZY_LEAD
        and index[best[0][0]] != index[best[1][0]]
    ):
        return ""
    return index[best[0][0]]


_VILLAGE_NUMBER = re.compile(r"^(?:หมู่ที่|หมู่|ม\.?|moo\.?|village(?:\s+no\.?)?)?\s*(\d{1,3})$")


class Villages:
    """หมู่ที่ N (or an 8-digit code) of a sub-district → the village code (all villages are
    read once: a few tens of thousands of rows)."""

    def __init__(self) -> None:
        self._known: dict[str, dict[int, str]] = {}
        for code, sub, number in Village.objects.values_list("code", "subdistrict_id", "number"):
            self._known.setdefault(sub, {})[number] = code

    def resolve(self, subdistrict: str, text: str, *, subdistrict_name: str) -> tuple[str, str]:
        """(village code, "") or ("", the reason it is refused)."""
        raw = _digits(text).casefold()
        villages = self._known.get(subdistrict, {})
        if re.fullmatch(r"\d{8}", raw):
            if raw[:6] != subdistrict or raw not in villages.values():
                return "", _(MSG_VILLAGE_ELSEWHERE).format(code=raw, subdistrict=subdistrict_name)
            return raw, ""
        match = _VILLAGE_NUMBER.match(raw)
        if not match or int(match[1]) < 1:
            return "", _(MSG_VILLAGE_SHAPE)
        number = int(match[1])
        code = villages.get(number)
        if code is None:
            return "", _(MSG_UNKNOWN_VILLAGE).format(number=number, subdistrict=subdistrict_name)
        return code, ""
