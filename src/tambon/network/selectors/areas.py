"""Area conditions shared by partners and services: codes of level 2/4/6 stored in rows."""

from functools import reduce
from operator import or_

from django.db.models import Q

from tambon.geo.models import District, Province, Subdistrict

AREA_LEVELS = (2, 4, 6)


def serving_condition(code: str, field: str = "code") -> Q:
    """Rows whose area code overlaps the area `code`: contains it or lies inside it.

    A place (6 or 8 digits) is served by a row of its sub-district, district or province; a
    district asked for also matches rows of its sub-districts.
    """
    code = code[:6]
    containing = [code[:n] for n in AREA_LEVELS if n <= len(code)]
    return Q(**{f"{field}__in": containing}) | Q(**{f"{field}__startswith": code})


def overlap_condition(prefixes: list[str], field: str = "code") -> Q:
    """Rows whose area code overlaps any of the user's area prefixes."""
    return reduce(or_, (serving_condition(p, field) for p in prefixes))


def area_names(codes: list[str] | set[str]) -> dict[str, str]:
    """Display names of area codes of level 2, 4 or 6, in one query per level."""
    by_level: dict[int, list[str]] = {}
    for code in codes:
        by_level.setdefault(len(code), []).append(code)
    names: dict[str, str] = {}
    for length, model in ((2, Province), (4, District), (6, Subdistrict)):
        if by_level.get(length):
            names.update(
                (str(a.pk), str(a.name)) for a in model.objects.filter(pk__in=by_level[length])
            )
    return {code: names.get(code, code) for code in codes}
