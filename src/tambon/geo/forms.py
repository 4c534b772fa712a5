"""The cascading area picker: province → district → sub-district → village, driven by htmx.

Every change re-renders the whole picker on the server (`geo:area_select`), which keeps the
lower levels consistent with the upper ones without any JavaScript of our own.
"""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tambon.geo.models import District, Province, Subdistrict, Village

LEVELS = ("province", "district", "subdistrict", "village")


class AreaSelectForm(forms.Form):
    province = forms.ModelChoiceField(
        Province.objects.order_by("name_th"), label=_("Province"), required=False
    )
    district = forms.ModelChoiceField(District.objects.none(), label=_("District"), required=False)
    subdistrict = forms.ModelChoiceField(
        Subdistrict.objects.none(), label=_("Sub-district"), required=False
    )
    village = forms.ModelChoiceField(Village.objects.none(), label=_("Village"), required=False)

    def __init__(self, *args: Any, depth: str = "subdistrict", required: str = "", **kwargs: Any):
        """`depth` is the deepest level shown; `required` the level that must be chosen."""
        super().__init__(*args, **kwargs)
        self.depth = depth
        keep = LEVELS[: LEVELS.index(depth) + 1]
        for name in LEVELS:
            if name not in keep:
                del self.fields[name]
        if required:
            for name in LEVELS[: LEVELS.index(required) + 1]:
                self.fields[name].required = True
        chosen = {name: self._raw(name) for name in keep}
        if "district" in self.fields:
            self._choices_field("district").queryset = District.objects.filter(
                province_id=chosen["province"] or "-"
            ).order_by("name_th")
        if "subdistrict" in self.fields:
            district = chosen.get("district") or "-"
            if not district.startswith(chosen["province"] or "-"):
                district = "-"
            self._choices_field("subdistrict").queryset = Subdistrict.objects.filter(
                district_id=district
            ).order_by("name_th")
        if "village" in self.fields:
            sub = chosen.get("subdistrict") or "-"
            self._choices_field("village").queryset = Village.objects.filter(subdistrict_id=sub)
        url = reverse("geo:area_select")
        for name in keep:
            self.fields[name].widget.attrs.update(
                {
                    "class": "form-select",
                    "hx-get": f"{url}?depth={depth}&required={required}&prefix={self.prefix or ''}",
                    "hx-trigger": "change",
                    "hx-target": "closest .area-select",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest .area-select",
                    "data-level": name,
                }
            )

    def _choices_field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def _raw(self, name: str) -> str:
        if not self.is_bound:
            value = self.initial.get(name)
            return str(getattr(value, "pk", value) or "")
        return str(self.data.get(self.add_prefix(name), "") or "")

    def area_code(self) -> str:
        """The most specific code chosen, once the form is valid ('' when nothing is)."""
        for name in reversed(LEVELS):
            value = self.cleaned_data.get(name)
            if value:
                return str(value.pk)
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A lower level must lie inside the upper one (a stale page may post a mismatch).
        parent = ""
        for name in LEVELS:
            value = data.get(name)
            if value is None:
                continue
            if parent and not str(value.pk).startswith(parent):
                self.add_error(name, _("This area is not inside the one chosen above."))
            parent = str(value.pk)
        return data


def picker_initial(code: str) -> dict[str, str]:
    """The area picker's initial choices that open it at the area `code` (2–8 digits)."""
    levels = (("province", 2), ("district", 4), ("subdistrict", 6), ("village", 8))
    return {name: code[:n] for name, n in levels if len(code) >= n}


def picker_initial_for(user: Any) -> dict[str, str]:
    """Open the area picker at the user's own area when they have exactly one."""
    codes = user.area_codes()
    return picker_initial(codes[0][:6]) if len(codes) == 1 else {}
