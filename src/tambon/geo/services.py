"""Writes to the geography: the geothai load and the village import."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import geothai
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import District, Province, Subdistrict, Village

Progress = Callable[[str, int, int], None]


@dataclass
class LoadResult:
    provinces: int
    districts: int
    subdistricts: int


def _upsert(model: type[Model], rows: list, fields: list[str]) -> None:
    model._default_manager.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


@transaction.atomic
def load_geography(*, progress: Progress | None = None) -> LoadResult:
    """Load every province, district and sub-district from geothai; safe to run again."""
    provinces = [
        Province(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in geothai.provinces()
    ]
    _upsert(Province, provinces, ["name_th", "name_en"])
    if progress:
        progress("provinces", len(provinces), len(provinces))
    districts = [
        District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=d.province_code)
        for p in provinces
        for d in geothai.districts(p.code)
    ]
    _upsert(District, districts, ["name_th", "name_en", "province"])
    if progress:
        progress("districts", len(districts), len(districts))
    subdistricts = [
        Subdistrict(
            code=s.code,
            name_th=s.name_th,
            name_en=s.name_en,
            district_id=s.district_code,
            province_id=s.province_code,
            postal_codes=" ".join(s.postal_codes),
        )
        for d in districts
        for s in geothai.subdistricts(d.code)
    ]
    _upsert(
        Subdistrict, subdistricts, ["name_th", "name_en", "district", "province", "postal_codes"]
    )
    if progress:
        progress("subdistricts", len(subdistricts), len(subdistricts))
    return LoadResult(len(provinces), len(districts), len(subdistricts))


# Village CSV: a header row with these columns (Thai headers accepted too).
VILLAGE_COLUMNS = {
    "subdistrict_code": ("subdistrict_code", "รหัสตำบล"),
    "number": ("village_no", "number", "หมู่ที่"),
    "name_th": ("name_th", "ชื่อหมู่บ้าน"),
    "name_en": ("name_en", "ชื่อภาษาอังกฤษ"),
}


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class VillageImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is neither UTF-8 nor TIS-620 text."))


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    normalized = [h.strip().lower() for h in header]
    for key, names in VILLAGE_COLUMNS.items():
        for name in names:
            if name.lower() in normalized:
                found[key] = normalized.index(name.lower())
                break
    missing = [VILLAGE_COLUMNS[k][0] for k in ("subdistrict_code", "number") if k not in found]
    if missing:
        raise ValidationError(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}, field="header"
        )
    return found


def _parse_village_rows(
    rows: Iterable[list[str]], columns: dict[str, int], known: set[str]
) -> tuple[list[Village], list[RowError]]:
    villages: list[Village] = []
    errors: list[RowError] = []
    seen: set[str] = set()

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        code, number_text = cell(row, "subdistrict_code"), cell(row, "number")
        if code not in known:
            errors.append(
                RowError(line, "subdistrict_code", code, _("No sub-district has this code."))
            )
            continue
        if not number_text.isdecimal() or not 1 <= int(number_text) <= 99:
            errors.append(
                RowError(line, "village_no", number_text, _("Village number must be 1 to 99."))
            )
            continue
        village_code = f"{code}{int(number_text):02d}"
        if village_code in seen:
            errors.append(RowError(line, "village_no", number_text, _("Repeated in this file.")))
            continue
        seen.add(village_code)
        villages.append(
            Village(
                code=village_code,
                subdistrict_id=code,
                number=int(number_text),
                name_th=cell(row, "name_th"),
                name_en=cell(row, "name_en"),
            )
        )
    return villages, errors


def import_villages(*, data: bytes, by: Any, dry_run: bool = False) -> VillageImportResult:
    """Import villages from CSV: all rows or none; running the same file twice changes nothing.

    `by` is the signed-in user, or None for the operator's command line (`tambon geo villages`).
    """
    if by is not None and not by.has_perm("geo.import_villages"):
        raise PermissionDenied()
    reader = csv.reader(io.StringIO(_decode(data)))
    header = next(reader, None)
    if not header:
        raise ValidationError(_("The file is empty."))
    columns = _header_map(header)
    known = set(Subdistrict.objects.values_list("code", flat=True))
    villages, errors = _parse_village_rows(reader, columns, known)
    existing = set(
        Village.objects.filter(code__in=[v.code for v in villages]).values_list("code", flat=True)
    )
    result = VillageImportResult(
        created=sum(v.code not in existing for v in villages),
        updated=sum(v.code in existing for v in villages),
        errors=errors,
    )
    if errors or dry_run:
        return result
    with transaction.atomic():
        Village.objects.bulk_create(
            villages,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name_th", "name_en"],
        )
    return result
