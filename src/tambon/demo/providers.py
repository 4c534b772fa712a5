"""A Faker provider of real Thai places: addresses with the real postal code of their sub-district.

fake = Faker("th_TH")
fake.add_provider(ThaiAreaProvider(fake, subdistrict_codes=["500101", "500102"]))
fake.thai_address()  # ThaiAddress(house_number="12/3", village_number=4, ..., postal_code="50200")
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from faker.providers import BaseProvider

from tambon.geo.models import Subdistrict, Village

BANGKOK = "10"

# Common stems of Thai village names (บ้าน + stem): water, fields, trees and hopes.
VILLAGE_STEMS = (
    "หนองบัว", "ดอนแก้ว", "ป่าตึง", "สันทราย", "ทุ่งหลวง", "หนองหอย", "ป่าแดด", "ท่าศาลา",
    "โนนสูง", "หนองแวง", "โคกกลาง", "ดอนตาล", "นาคำ", "หัวฝาย", "สันกลาง", "ป่าไผ่",
    "หนองผือ", "โพธิ์ทอง", "ทุ่งโฮ้ง", "วังหิน", "ห้วยทราย", "ศรีบุญเรือง", "ดงเย็น", "หนองไผ่",
    "บ่อน้ำ", "ใหม่พัฒนา", "สามขา", "น้ำบ่อหลวง", "โนนทอง", "โคกสว่าง", "นาดี", "คลองน้ำใส",
    "ท่าข้าม", "ควนสูง", "บางใหญ่", "เขาแก้ว", "ทุ่งใหญ่", "ห้วยยาง", "หนองกุง", "ดอนหัน",
    "สวนหมาก", "ป่าสัก", "ต้นผึ้ง", "หัวทุ่ง", "ทุ่งเสี้ยว", "ห้วยแก้ว", "หนองตอง", "ปากน้ำ",
    "คลองใหม่", "ควนพัฒนา", "เกาะแก้ว", "ท่าทอง", "บางสวรรค์", "หนองโน", "โนนม่วง", "ศรีสุข",
    "สุขสำราญ", "ร่มเย็น", "เจริญสุข", "ม่วงคำ", "แม่ข่า", "ห้วยเดื่อ", "ดอนมูล", "ป่าเหมือด",
)  # fmt: skip


@dataclass(frozen=True)
class ThaiAddress:
    house_number: str
    village_number: int
    village_name: str  # "บ้านหนองบัว", or "" when the village has no name on record
    village_code: str  # the 8-digit code when the village exists in the database, else ""
    subdistrict_code: str
    subdistrict: str
    district: str
    province: str
    province_code: str
    postal_code: str

    def __str__(self) -> str:
        if self.province_code == BANGKOK:
            place = f"แขวง{self.subdistrict} เขต{self.district} {self.province}"
        else:
            place = f"ต.{self.subdistrict} อ.{self.district} จ.{self.province}"
        village = f"หมู่ที่ {self.village_number}"
        if self.village_name:
            village = f"{village} {self.village_name}"
        return f"{self.house_number} {village} {place} {self.postal_code}"


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    district: str
    province: str
    province_code: str
    postal_codes: tuple[str, ...]


class ThaiAreaProvider(BaseProvider):
    """Places inside the chosen sub-districts (all of Thailand when none are given)."""

    def __init__(self, generator: Any, *, subdistrict_codes: Sequence[str] = ()):
        super().__init__(generator)
        self._codes = sorted(subdistrict_codes)
        self._areas: list[_Area] | None = None
        self._villages: dict[str, list[tuple[str, int, str]]] | None = None

    def thai_area_reload(self) -> None:
        """Forget the cached places, e.g. after villages were created."""
        self._areas = None
        self._villages = None

    def _load_areas(self) -> list[_Area]:
        if self._areas is None:
            qs = Subdistrict.objects.select_related("district", "province").order_by("code")
            if self._codes:
                qs = qs.filter(code__in=self._codes)
            self._areas = [
                _Area(
                    s.code,
                    s.name_th,
                    s.district.name_th,
                    s.province.name_th,
                    s.province_id,
                    tuple(s.postal_code_list),
                )
                for s in qs
            ]
            if not self._areas:
                raise LookupError("No sub-districts: load the geography first (tambon geo load).")
        return self._areas

    def _load_villages(self) -> dict[str, list[tuple[str, int, str]]]:
        if self._villages is None:
            qs = Village.objects.order_by("code")
            if self._codes:
                qs = qs.filter(subdistrict_id__in=self._codes)
            self._villages = {}
            for code, sub, number, name in qs.values_list(
                "code", "subdistrict_id", "number", "name_th"
            ):
                self._villages.setdefault(sub, []).append((code, number, name))
        return self._villages

    def subdistrict_code(self) -> str:
        """The DOPA code of a sub-district inside the chosen area."""
        return self.random_element(self._load_areas()).code

    def village_name(self) -> str:
        """A plausible Thai village name: บ้าน + a common stem."""
        return "บ้าน" + self.random_element(VILLAGE_STEMS)

    def village_names(self, count: int) -> list[str]:
        """`count` different village names (for the villages of one sub-district)."""
        stems = self.generator.random.sample(VILLAGE_STEMS, k=min(count, len(VILLAGE_STEMS)))
        return ["บ้าน" + stem for stem in stems]

    def thai_address(self, subdistrict_code: str | None = None) -> ThaiAddress:
        """An address in the chosen area, with a village of the sub-district and its postal code."""
        areas = self._load_areas()
        if subdistrict_code is None:
            area = self.random_element(areas)
        else:
            found = [a for a in areas if a.code == subdistrict_code]
            if not found:
                raise LookupError(f"The sub-district {subdistrict_code} is not in the demo area.")
            area = found[0]
        villages = self._load_villages().get(area.code)
        if villages:
            village_code, number, name = self.random_element(villages)
        else:
            village_code, number, name = "", self.random_int(1, 12), ""
        house = str(self.random_int(1, 250))
        if self.random_int(1, 4) == 1:
            house = f"{house}/{self.random_int(1, 9)}"
        return ThaiAddress(
            house_number=house,
            village_number=number,
            village_name=name,
            village_code=village_code,
            subdistrict_code=area.code,
            subdistrict=area.name,
            district=area.district,
            province=area.province,
            province_code=area.province_code,
            postal_code=self.random_element(area.postal_codes) if area.postal_codes else "",
        )

    def thai_mobile_number(self) -> str:
        """A Thai mobile number such as 081-234-5678."""
        prefix = self.random_element(("06", "08", "09"))
        return f"{prefix}{self.random_int(1, 9)}-{self.numerify('###-####')}"
