"""Registry records of real shape for tests: Thai names, real sub-district and village codes."""

import itertools
from datetime import date
from typing import Any

from tambon.core import nationalid
from tambon.registry.models import Household, Person, VolunteerAssignment
from tambon.registry.names import search_name

SIPHUM = "500101"  # ศรีภูมิ, เมืองเชียงใหม่, เชียงใหม่
SIPHUM_VILLAGE = "50010101"
PHRA_BOROM = "100101"  # พระบรมมหาราชวัง, พระนคร, กรุงเทพมหานคร

_serial = itertools.count(1)


def valid_national_id(first_twelve: str | None = None) -> str:
    """A national ID that passes the mod-11 checksum (made up, never a real person's)."""
    if first_twelve is None:
        first_twelve = f"1{next(_serial) + 50_000_000_000:011d}"
    return first_twelve + str(nationalid.check_digit(first_twelve))


def make_household(*, subdistrict: str = SIPHUM, **fields: Any) -> Household:
    fields.setdefault("house_number", f"{next(_serial)}/1")
    return Household.objects.create(subdistrict_id=subdistrict, **fields)


def make_person(
    *,
    subdistrict: str = SIPHUM,
    first_name: str = "สมศรี",
    last_name: str = "มีสุข",
    national_id: str | None = None,
    **fields: Any,
) -> Person:
    fields.setdefault("sex", Person.Sex.FEMALE)
    fields.setdefault("birth_date", date(1958, 4, 13))
    return Person.objects.create(
        subdistrict_id=subdistrict,
        first_name=first_name,
        last_name=last_name,
        search_name=search_name(first_name, last_name),
        national_id=national_id,
        national_id_index=nationalid.blind_index(national_id) if national_id else None,
        **fields,
    )


def look_after(volunteer: Any, *households: Household) -> None:
    """Give households to a volunteer to look after (they see nothing else of the registry)."""
    VolunteerAssignment.objects.bulk_create(
        VolunteerAssignment(volunteer=volunteer, household=h) for h in households
    )
