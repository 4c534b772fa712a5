"""Form fields shared by every app."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.core import errors, thai


class BuddhistDateInput(forms.TextInput):
    """A text input that shows and takes dd/mm/yyyy with the Buddhist-era year."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        defaults = {
            "placeholder": _("dd/mm/yyyy (B.E.)"),
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return thai.format_be_input(value)
        return super().format_value(value)


class BuddhistDateField(forms.Field):
    widget = BuddhistDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return thai.parse_be_date(str(value))
        except errors.ValidationError as exc:
            raise forms.ValidationError(str(exc.message), code="invalid") from None
