"""Shared arrangements of the deduplication tests: a planted duplicate, a clear non-duplicate."""

from dataclasses import dataclass
from datetime import date

from tambon.geo.models import Village
from tambon.registry.models import Person
from tests.registry.factories import make_household, make_person, valid_national_id

SIPHUM = "500101"
SIPHUM_VILLAGE = "50010101"
PHRA_BOROM = "100101"


@dataclass
class Planted:
    original: Person  # with a national ID
    duplicate: Person  # the same woman: a tone mark dropped, no ID, another import
    stranger: Person  # a man of another name and age in the same village
    national_id: str


def plant(*, subdistrict: str = SIPHUM, village: str | None = SIPHUM_VILLAGE) -> Planted:
    if village:
        Village.objects.get_or_create(
            code=village,
            defaults={
                "subdistrict_id": subdistrict,
                "number": int(village[-2:]),
                "name_th": "บ้านหนองบัว",
            },
        )
    household = make_household(subdistrict=subdistrict, village_id=village, house_number="12/3")
    national_id = valid_national_id()
    original = make_person(
        subdistrict=subdistrict,
        village_id=village,
        household=household,
        first_name="สมศรี",
        last_name="มีสุข",
        national_id=national_id,
        birth_date=date(1958, 4, 13),
        title="นาง",
    )
    duplicate = make_person(
        subdistrict=subdistrict,
        village_id=village,
        household=household,
        first_name="สมศรี",
        last_name="มีสข",
        birth_date=date(1958, 4, 13),
        title="นาง",
    )
    stranger = make_person(
        subdistrict=subdistrict,
        village_id=village,
        household=make_household(subdistrict=subdistrict, village_id=village),
        first_name="ประเสริฐ",
        last_name="วงศ์สวัสดิ์",
        sex=Person.Sex.MALE,
        birth_date=date(1990, 11, 2),
        national_id=valid_national_id(),
        title="นาย",
    )
    return Planted(original, duplicate, stranger, national_id)
