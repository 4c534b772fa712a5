"""Forms of the people pages and the audit viewer. Areas are picked with geo's AreaSelectForm."""

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from tambon.accounts import policy, selectors
from tambon.accounts.models import AccessLog
from tambon.accounts.roles import Role
from tambon.core.forms import BuddhistDateField

AREA_PREFIX = "area"


def _style(form: forms.Form) -> None:
    """Bootstrap classes on every widget, so templates can render fields as they are."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class UserSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, username or e-mail"), "type": "search"}
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )


class InviteForm(StyledForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, by: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = [("", "—"), *policy.invitable_roles(by)]


class UserAccessForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"))
    is_active = forms.BooleanField(
        label=_("Active (may sign in)"),
        required=False,
    )

    def __init__(self, *args: Any, by: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = policy.invitable_roles(by)


class _AuditFilterForm(StyledForm):
    user = forms.CharField(label=_("User"), required=False)
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = BuddhistDateField(label=_("From"), required=False)
    date_to = BuddhistDateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> selectors.AuditFilters:
        """The filters of a valid form (no filter at all when the form is not valid)."""
        if not self.is_valid():
            return selectors.AuditFilters()
        data = self.cleaned_data
        return selectors.AuditFilters(
            username=data.get("user") or "",
            record_type=data.get("record_type") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            area_prefix=data.get("area") or "",
        )


class ChangeHistoryFilterForm(_AuditFilterForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "record_type").choices = [
            ("", _("All record types")),
            *selectors.history_record_types(),
        ]
        _choice_field(self, "action").choices = [
            ("", _("All actions")),
            *((str(value), label) for value, label in selectors.HISTORY_ACTIONS.items()),
        ]


class AccessLogFilterForm(_AuditFilterForm):
    area = forms.RegexField(
        label=_("Area code"),
        regex=r"^\d{1,8}$",
        required=False,
        help_text=_("A province (2 digits), district (4), sub-district (6) or village (8)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "record_type").choices = [
            ("", _("All record types")),
            *selectors.access_log_record_types(),
        ]
        _choice_field(self, "action").choices = [("", _("All actions")), *AccessLog.Action.choices]
