"""How big the demo is: which sub-districts are "program sub-districts" at each scale."""

from dataclasses import dataclass

from tambon.geo.models import District, Subdistrict


@dataclass(frozen=True)
class ProgramProvince:
    code: str
    districts: int  # the first N districts of the province (by DOPA code)
    subdistricts_per_district: int  # the first N sub-districts of each


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[ProgramProvince, ...]
    officers_per_subdistrict: int  # besides the named demo officer
    volunteers_per_subdistrict: int
    households_per_village: int  # for the apps that generate households

    @property
    def province_codes(self) -> list[str]:
        return [p.code for p in self.provinces]


# Chiang Mai first (its first district and sub-district are 5001 เมืองเชียงใหม่, 500101 ศรีภูมิ),
# then the provinces of the 2021 facilitator cohorts: Khon Kaen and Surat Thani.
_LARGE_PROVINCES = ("50", "40", "84", "30", "57", "34", "90", "65", "80", "10")

SCALES: dict[str, Scale] = {
    "small": Scale(
        name="small",
        provinces=(ProgramProvince("50", districts=2, subdistricts_per_district=3),),
        officers_per_subdistrict=1,
        volunteers_per_subdistrict=1,
        households_per_village=5,
    ),
    "medium": Scale(
        name="medium",
        provinces=tuple(ProgramProvince(code, 3, 4) for code in ("50", "40", "84")),
        officers_per_subdistrict=1,
        volunteers_per_subdistrict=2,
        households_per_village=15,
    ),
    "large": Scale(
        name="large",
        provinces=tuple(ProgramProvince(code, 4, 5) for code in _LARGE_PROVINCES),
        officers_per_subdistrict=2,
        volunteers_per_subdistrict=4,
        households_per_village=40,
    ),
}


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"Unknown scale {name!r}: choose one of {', '.join(SCALES)}.") from None


def program_subdistricts(scale: Scale) -> list[str]:
    """The codes of the scale's program sub-districts, in code order (needs the geography)."""
    wanted = {p.code: p for p in scale.provinces}
    districts: dict[str, list[str]] = {}
    for code, province in (
        District.objects.filter(province_id__in=wanted)
        .filter(subdistricts__isnull=False)
        .distinct()
        .order_by("code")
        .values_list("code", "province_id")
    ):
        districts.setdefault(province, []).append(code)
    chosen_districts = [
        code for p in scale.provinces for code in districts.get(p.code, [])[: p.districts]
    ]
    per_district: dict[str, list[str]] = {}
    for code, district in (
        Subdistrict.objects.filter(district_id__in=chosen_districts)
        .order_by("code")
        .values_list("code", "district_id")
    ):
        per_district.setdefault(district, []).append(code)
    codes = [
        code
        for p in scale.provinces
        for district in districts.get(p.code, [])[: p.districts]
        for code in per_district.get(district, [])[: p.subdistricts_per_district]
    ]
    return sorted(codes)
