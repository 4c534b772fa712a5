"""The importable fields and the mapping of a file's column headers onto them.

Headers are matched by name, Thai or English, ignoring case, spaces, punctuation and a
parenthesised hint ("วันเกิด (วว/ดด/ปปปป)" is "วันเกิด"). A header that matches no synonym
exactly may still match one closely (rapidfuzz), so "Nationl ID" finds the national ID.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process

from tambon.core.errors import ValidationError


@dataclass(frozen=True)
class Field:
    """A field a survey file may carry."""

    name: str
    label_th: str
    label_en: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    # Another field that satisfies this one's requirement (a full name for the first name,
    # a sub-district code for the sub-district's name).
    or_field: str = ""

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.label_en if translation.get_language() == "en" else self.label_th


FIELDS: tuple[Field, ...] = (
    Field(
        "national_id",
        "เลขประจำตัวประชาชน",
        "National ID",
        synonyms=(
            "เลขบัตรประชาชน",
            "เลขที่บัตรประชาชน",
            "เลขบัตรประจำตัวประชาชน",
            "เลขประจำตัว",
            "บัตรประชาชน",
            "รหัสประจำตัวประชาชน",
            "เลข 13 หลัก",
            "national id",
            "national id number",
            "citizen id",
            "id card",
            "id number",
            "pid",
            "cid",
        ),
    ),
    Field("title", "คำนำหน้า", "Title", synonyms=("คำนำหน้าชื่อ", "คำนำหน้านาม", "prefix")),
    Field(
        "first_name",
        "ชื่อ",
        "First name",
        required=True,
        synonyms=("ชื่อจริง", "first name", "firstname", "given name", "forename"),
        or_field="full_name",
    ),
    Field("last_name", "นามสกุล", "Last name", synonyms=("สกุล", "surname", "family name")),
    Field(
        "full_name",
        "ชื่อ-นามสกุล",
        "Full name",
        synonyms=("ชื่อ-สกุล", "ชื่อ สกุล", "ชื่อและนามสกุล", "ชื่อ-นามสกุล", "name", "full name"),
    ),
    Field("sex", "เพศ", "Sex", synonyms=("gender",)),
    Field(
        "birth_date",
        "วันเกิด",
        "Birth date",
        synonyms=(
            "วันเดือนปีเกิด",
            "วัน/เดือน/ปีเกิด",
            "ว/ด/ป เกิด",
            "วดป เกิด",
            "date of birth",
            "birthdate",
            "dob",
        ),
    ),
    Field(
        "phone",
        "โทรศัพท์",
        "Phone",
        synonyms=(
            "เบอร์โทร",
            "เบอร์โทรศัพท์",
            "หมายเลขโทรศัพท์",
            "โทร",
            "มือถือ",
            "telephone",
            "mobile",
            "tel",
            "phone number",
        ),
    ),
    Field(
        "relation",
        "ความสัมพันธ์กับหัวหน้าครัวเรือน",
        "Relation to the head",
        synonyms=(
            "ความสัมพันธ์",
            "สถานะในครัวเรือน",
            "ความเกี่ยวข้องกับหัวหน้าครัวเรือน",
            "relation",
            "relationship",
            "relation to head",
        ),
    ),
    Field(
        "house_number",
        "บ้านเลขที่",
        "House number",
        synonyms=("เลขที่บ้าน", "เลขที่", "house no", "house", "address number"),
    ),
    Field(
        "village",
        "หมู่ที่",
        "Village",
        synonyms=(
            "หมู่",
            "ม.",
            "รหัสหมู่บ้าน",
            "village no",
            "village number",
            "village code",
            "moo",
        ),
    ),
    Field(
        "subdistrict_code",
        "รหัสตำบล",
        "Sub-district code",
        synonyms=("รหัสแขวง", "รหัสตำบล/แขวง", "subdistrict code", "tambon code", "geocode"),
    ),
    Field(
        "subdistrict",
        "ตำบล",
        "Sub-district",
        required=True,
        synonyms=("แขวง", "ตำบล/แขวง", "subdistrict", "sub-district", "tambon", "khwaeng"),
        or_field="subdistrict_code",
    ),
    Field(
        "district",
        "อำเภอ",
        "District",
        synonyms=("เขต", "อำเภอ/เขต", "district", "amphoe", "khet"),
    ),
    Field("province", "จังหวัด", "Province", synonyms=("province", "changwat")),
    Field("address", "ที่อยู่", "Address", synonyms=("address", "ที่อยู่อาศัย")),
    Field(
        "target_groups",
        "กลุ่มเป้าหมาย",
        "Target groups",
        synonyms=("target group", "target groups", "กลุ่ม"),
    ),
    Field(
        "welfare_card",
        "บัตรสวัสดิการแห่งรัฐ",
        "State welfare card",
        synonyms=("ถือบัตรสวัสดิการแห่งรัฐ", "บัตรคนจน", "welfare card", "state welfare card"),
    ),
    Field(
        "disability_type",
        "ประเภทความพิการ",
        "Disability type",
        synonyms=("ความพิการ", "disability", "type of disability"),
    ),
    Field(
        "disability_card",
        "บัตรคนพิการ",
        "Disability card",
        synonyms=("บัตรประจำตัวคนพิการ", "disability card"),
    ),
    Field(
        "housing",
        "สภาพที่อยู่อาศัย",
        "Housing condition",
        synonyms=("สภาพบ้าน", "housing", "housing condition"),
    ),
    Field(
        "income_band",
        "ระดับรายได้",
        "Income band",
        synonyms=("รายได้", "income", "income band"),
    ),
    Field("note", "หมายเหตุ", "Note", synonyms=("note", "notes", "remark", "remarks")),
)
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED_FIELDS = tuple(f for f in FIELDS if f.required)

# Below this score (0–100) a header is too far from every synonym to be suggested.
FUZZY_CUTOFF = 88

MSG_UNKNOWN_FIELD = gettext_noop("There is no importable field named “{field}”.")
MSG_UNKNOWN_HEADER = gettext_noop("The file has no column “{header}” (mapped to {label}).")
MSG_MISSING = gettext_noop("Choose the column of: {fields}.")

_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOISE = re.compile(r"[\s_\-./:*#'’\"]+")


def normalize_header(text: str) -> str:
    """A header in the form synonyms are compared in."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    stripped = _PARENTHESISED.sub("", text)
    # A header that is only a hint in brackets keeps it, rather than becoming empty.
    text = stripped if _NOISE.sub("", stripped) else text
    return _NOISE.sub("", text)


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in FIELDS:
        for name in (field.name, field.label_th, field.label_en, *field.synonyms):
            table.setdefault(normalize_header(name), field.name)
    return table


_SYNONYMS = _synonym_table()


def suggest_map(headers: Sequence[str]) -> dict[str, str]:
    """Our field name → the file header that most likely holds it (each header used once)."""
    suggested: dict[str, str] = {}
    used: set[str] = set()
    normalized = [(h, normalize_header(h)) for h in headers if str(h or "").strip()]
    for header, key in normalized:
        field = _SYNONYMS.get(key)
        if field and field not in suggested and header not in used:
            suggested[field] = header
            used.add(header)
    choices = list(_SYNONYMS)
    for header, key in normalized:
        if header in used or len(key) < 3:
            continue
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            continue
        field = _SYNONYMS[best[0]]
        if field not in suggested:
            suggested[field] = header
            used.add(header)
    return {f: suggested[f] for f in (x.name for x in FIELDS) if f in suggested}


def missing_required(column_map: Mapping[str, str]) -> list[str]:
    """The required fields that neither they nor their alternative are mapped."""
    mapped = {f for f, header in column_map.items() if header}
    return [
        f.name
        for f in REQUIRED_FIELDS
        if f.name not in mapped and not (f.or_field and f.or_field in mapped)
    ]


def check_column_map(column_map: Mapping[str, str], headers: Sequence[str]) -> dict[str, str]:
    """The mapping without empty entries; ValidationError for an unknown field or header."""
    clean: dict[str, str] = {}
    for field, header in column_map.items():
        if not header:
            continue
        if field not in FIELDS_BY_NAME:
            raise ValidationError(_(MSG_UNKNOWN_FIELD).format(field=field), field="column_map")
        if header not in headers:
            raise ValidationError(
                _(MSG_UNKNOWN_HEADER).format(header=header, label=FIELDS_BY_NAME[field].label),
                field="column_map",
            )
        clean[field] = header
    missing = missing_required(clean)
    if missing:
        labels = ", ".join(FIELDS_BY_NAME[f].label for f in missing)
        raise ValidationError(_(MSG_MISSING).format(fields=labels), field="column_map")
    return clean
