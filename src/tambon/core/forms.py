"""Form fields shared by every app."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.core import errors, thai


def record_id(value: str | None) -> int | None:
    """A record's id as a request sent it, or None when it is not one: ASCII digits only
    (str.isdigit also takes "²", which int() refuses) and short enough for a database key."""
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


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


AREA_FIELDS = ("areas", "subdistrict", "village")


def show_domain_error(
    exc: errors.DomainError, form: forms.Form, area_form: forms.Form | None = None
) -> int:
    """Put a service's error on the form field it names and return the page's status.

    An error about the area (`areas`, `subdistrict`, `village`) goes on the area picker when
    the page has one; a forbidden act that names no field is the 403 page.
    """
    from django.core.exceptions import PermissionDenied

    if exc.field is None and exc.status == 403:
        raise PermissionDenied()
    if area_form is not None and exc.field in AREA_FIELDS:
        area_form.add_error(None, str(exc.message))
    elif exc.field in form.fields:
        form.add_error(exc.field, str(exc.message))
    else:
        form.add_error(None, str(exc.message))
    return exc.status


@dataclass(frozen=True)
class Outcome:
    """What became of a service call made from a page: its HTTP status and any error."""

    status: int = 200
    error: errors.DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def conflict(self) -> bool:
        """Someone saved the record after the form was opened (optimistic locking)."""
        return isinstance(self.error, errors.Conflict)


def call_service(
    save: Callable[[], object], form: forms.Form, area_form: forms.Form | None = None
) -> Outcome:
    """Run a page's service call; put a refusal on the form, keeping what the user typed.

    A version conflict goes on top of the form (status 409) so the page can offer to reload;
    any other domain error goes where `show_domain_error` puts it.
    """
    try:
        save()
    except errors.Conflict as exc:
        form.add_error(None, str(exc.message))
        return Outcome(exc.status, exc)
    except errors.DomainError as exc:
        return Outcome(show_domain_error(exc, form, area_form), exc)
    return Outcome()
