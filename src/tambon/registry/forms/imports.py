"""Forms of the import pages: the file upload and the column map."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The text encodings a CSV may be read in when detection picks the wrong one ("": detect).
ENCODINGS = [
    ("", gettext_lazy("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("cp874", gettext_lazy("TIS-620 / Windows-874 (Thai Excel, government systems)")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Survey file (CSV or Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Text encoding (CSV)"),
        choices=ENCODINGS,
        required=False,
        help_text=gettext_lazy(
            "Leave it to detection; choose only if Thai letters came out garbled or the file "
            "could not be read."
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8, or TIS-620 / Windows-874 as saved by Thai Excel) or Excel .xlsx, at most "
            "%(size)s."
        ) % {"size": filesizeformat(settings.TAMBON_IMPORT_MAX_BYTES)}


class ColumnMapForm(forms.Form):
    """One select per importable field, offering the file's column headers."""

    def __init__(
        self,
        *args: Any,
        fields: Sequence[Any],
        headers: Sequence[str],
        column_map: dict[str, str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((h, h) for h in headers if h)]
        by_name = {spec.name: spec for spec in fields}
        for spec in fields:
            help_text = ""
            if spec.required and spec.or_field in by_name:
                help_text = _("Required, unless “%(other)s” is chosen.") % {
                    "other": by_name[spec.or_field].label
                }
            elif spec.required:
                help_text = _("Required.")
            self.fields[spec.name] = forms.ChoiceField(
                label=spec.label,
                choices=choices,
                required=False,
                initial=column_map.get(spec.name, ""),
                help_text=help_text,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[spec.name].is_import_required = spec.required  # type: ignore[attr-defined]

    def column_map(self) -> dict[str, str]:
        return {name: header for name, header in self.cleaned_data.items() if header}


# What to write in each column: shown on the upload page and in the Excel template.
FIELD_HINTS: dict[str, Any] = {
    "national_id": gettext_lazy(
        "13 digits, with or without dashes; leave it empty for people who have none "
        "(migrants, stateless people)."
    ),
    "title": gettext_lazy("นาย, นาง, นางสาว, ด.ช., ด.ญ. … (may also be written before the name)."),
    "first_name": gettext_lazy("The first name; required unless the full name is in one column."),
    "last_name": gettext_lazy("The family name."),
    "full_name": gettext_lazy(
        "Title, first and last name in one column, e.g. นางสาวสมศรี มีสุข (instead of separate "
        "columns)."
    ),
    "sex": gettext_lazy("ชาย or หญิง (M or F)."),
    "birth_date": gettext_lazy(
        "Day/month/year of the Buddhist era, e.g. 13/04/2501 or 13 เม.ย. 2501; the year alone "
        "when the day is not known."
    ),
    "phone": gettext_lazy("A Thai phone number, e.g. 0812345678."),
    "relation": gettext_lazy("หัวหน้าครัวเรือน, คู่สมรส, บุตร, บิดา/มารดา, หลาน, ญาติ or ผู้อาศัย."),
    "house_number": gettext_lazy(
        "e.g. 12/3. People with the same house number, village and sub-district form one household."
    ),
    "village": gettext_lazy("The village number (หมู่ที่) in the sub-district, or its 8-digit code."),
    "subdistrict_code": gettext_lazy(
        "The 6-digit code of the sub-district (instead of the names of the sub-district, "
        "district and province)."
    ),
    "subdistrict": gettext_lazy(
        "The sub-district (ตำบล/แขวง), with or without ต.; required unless its code is given."
    ),
    "district": gettext_lazy("The district (อำเภอ/เขต), with or without อ."),
    "province": gettext_lazy("The province, with or without จ."),
    "address": gettext_lazy("Lane (ซอย), road and the rest of the address."),
    "target_groups": gettext_lazy(
        "Target groups separated by , or ; e.g. ผู้สูงอายุ; คนพิการ (names or codes)."
    ),
    "welfare_card": gettext_lazy("มี or ไม่มี: holds a state welfare card."),
    "disability_type": gettext_lazy(
        "One of the seven types of the disability card (การเห็น, การได้ยินหรือสื่อความหมาย, "
        "การเคลื่อนไหวหรือร่างกาย, จิตใจหรือพฤติกรรม, สติปัญญา, การเรียนรู้, ออทิสติก) or its "
        "number 1–7."
    ),
    "disability_card": gettext_lazy("มี or ไม่มี: holds a disability card."),
    "housing": gettext_lazy("มั่นคง, ต้องซ่อมแซม, ทรุดโทรม, ชั่วคราว or ไม่มีที่อยู่."),
    "income_band": gettext_lazy("ต่ำกว่าเส้นความยากจน, ต่ำกว่าเกณฑ์ จปฐ., ผ่านเกณฑ์ จปฐ. or ไม่ทราบ."),
    "note": gettext_lazy("Anything else worth knowing."),
}


def field_guide(fields: Sequence[Any]) -> list[dict[str, Any]]:
    """The importable fields with what to write in each, for the upload page and template."""
    return [
        {
            "name": spec.name,
            "label_th": spec.label_th,
            "label_en": spec.label_en,
            "required": spec.required,
            "hint": FIELD_HINTS.get(spec.name, ""),
        }
        for spec in fields
    ]


def template_fields(fields: Sequence[Any]) -> list[Any]:
    """The columns of the template: every field but the alternatives of required ones
    (the full name, the sub-district code)."""
    alternatives = {spec.or_field for spec in fields if spec.or_field}
    return [spec for spec in fields if spec.name not in alternatives]
