"""Forms of the people pages: search, find by national ID, create and edit, show the full ID.

The place of a person is picked with geo's AreaSelectForm (prefix AREA_PREFIX, down to the
village); the household select lists the households of the chosen sub-district.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tambon.core import errors, nationalid
from tambon.core.forms import BuddhistDateField
from tambon.registry.models import Household, Person, ProblemType, TargetGroup
from tambon.registry.selectors.households import households_for_choice
from tambon.registry.services.people import normalize_phone

AREA_PREFIX = "area"
# Titles offered as suggestions (the field stays free text: ranks and royal titles exist).
TITLE_SUGGESTIONS = ("นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.")


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget of a form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def blank_choice(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


class CodeChoiceField(forms.ModelChoiceField):
    """A taxonomy entry chosen by its code (stable in URLs and bookmarks)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class GroupsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        household: Household = obj
        village = f" · {household.village.name}" if household.village else ""
        return f"{_('House number')} {household.house_number}{village}"


def recorded_groups() -> Any:
    """Target groups recorded by hand: active and not derived from age or sex."""
    return TargetGroup.objects.filter(
        active=True, min_age__isnull=True, max_age__isnull=True, sex=""
    ).order_by("position", "code")


class RegistryFilterForm(forms.Form):
    """The filters that the people and household lists share: a name, house number, target
    group and need (a household is found by its members' names, target groups and needs)."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. สมศรี มีสุข")}),
    )
    house_number = forms.CharField(
        label=_("House number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 12/3")}),
    )
    target_group = CodeChoiceField(
        TargetGroup.objects.none(),
        label=_("Target group"),
        required=False,
        to_field_name="code",
        empty_label=_("All target groups"),
    )
    need = CodeChoiceField(
        ProblemType.objects.none(),
        label=_("Need (latest assessment)"),
        required=False,
        to_field_name="code",
        empty_label=_("Any need"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        groups = TargetGroup.objects.filter(active=True).order_by("position", "code")
        self._model_field("target_group").queryset = groups
        problems = ProblemType.objects.filter(active=True).order_by("position", "code")
        self._model_field("need").queryset = problems
        style(self)

    def _model_field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field


class PersonSearchForm(RegistryFilterForm):
    """The filters of the people list: those of every registry list."""


class NoEchoInput(forms.TextInput):
    """A text input that never writes the submitted value back into the page."""

    def format_value(self, value: Any) -> str | None:
        return None


class NationalIdSearchForm(forms.Form):
    """Find a person by national ID: posted, so that the number never reaches an address,
    and never echoed back into the page."""

    national_id = forms.CharField(
        label=_("National ID"),
        max_length=30,
        widget=NoEchoInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "placeholder": "x-xxxx-xxxxx-xx-x",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_national_id(self) -> str:
        try:
            return nationalid.validate(self.cleaned_data["national_id"])
        except errors.ValidationError as exc:
            raise forms.ValidationError(str(exc.message)) from None


class PersonForm(forms.Form):
    # The version the page was opened at: a save against a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    title = forms.CharField(
        label=pgettext_lazy("before a person's name", "Title"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"list": "title-suggestions", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=blank_choice(Person.Sex.choices)
    )
    birth_date = BuddhistDateField(label=_("Birth date"), required=False)
    national_id = forms.CharField(
        label=_("National ID"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("13 digits; leave empty for people without one (migrants, stateless)."),
    )
    remove_national_id = forms.BooleanField(
        label=_("Remove the recorded national ID"), required=False
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "08x xxx xxxx"}),
    )
    household = HouseholdChoiceField(
        Household.objects.none(),
        label=_("Household"),
        required=False,
        empty_label=_("Not in a recorded household"),
    )
    relation = forms.ChoiceField(
        label=_("Relation to the head"),
        required=False,
        choices=blank_choice(Person.Relation.choices),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Street, soi or landmark, if the house number is not enough."),
    )
    target_groups = GroupsField(
        TargetGroup.objects.none(),
        label=_("Target groups recorded"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Child, youth, elderly and woman follow from the birth date and sex."),
    )
    disability_type = forms.ChoiceField(
        label=_("Disability type"),
        required=False,
        choices=blank_choice(Person.Disability.choices, _("No disability")),
    )
    disability_card = forms.BooleanField(label=_("Holds a disability card"), required=False)
    welfare_card = forms.BooleanField(label=_("Holds a state welfare card"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        subdistrict_code: str = "",
        person: Person | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        household = self.fields["household"]
        assert isinstance(household, forms.ModelChoiceField)
        household.queryset = households_for_choice(user=user, subdistrict_code=subdistrict_code)
        groups = self.fields["target_groups"]
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        groups.queryset = recorded_groups()
        if person is None or not person.national_id:
            del self.fields["remove_national_id"]
        else:
            self.fields["national_id"].help_text = _(
                "Recorded: %(masked)s. Leave empty to keep it; type a new one to replace it."
            ) % {"masked": nationalid.mask(person.national_id)}
        style(self)

    def clean_national_id(self) -> str:
        text = self.cleaned_data.get("national_id", "")
        if not text.strip():
            return ""
        try:
            return nationalid.validate(text)
        except errors.ValidationError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except errors.ValidationError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        """The form's values for a person (never the national ID: it stays masked)."""
        return {
            "version": person.version,
            "title": person.title,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "phone": person.phone,
            "household": person.household_id,
            "relation": person.relation,
            "address": person.address,
            "target_groups": [g.pk for g in person.target_groups.all()],
            "disability_type": person.disability_type,
            "disability_card": person.disability_card,
            "welfare_card": person.welfare_card,
            "note": person.note,
        }

    def national_id_value(self, *, editing: bool) -> str | None:
        """What the service gets: None keeps the recorded ID, "" removes it."""
        typed = self.cleaned_data.get("national_id", "")
        if typed:
            return str(typed)
        if self.cleaned_data.get("remove_national_id"):
            return ""
        return None if editing else ""


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "list": "reveal-reasons",
                "placeholder": _("e.g. checking welfare-card eligibility"),
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)
