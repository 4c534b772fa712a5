"""Forms of the household pages: search and the household itself (its place is picked with
geo's AreaSelectForm, prefix AREA_PREFIX)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.registry.forms.people import (
    AREA_PREFIX,
    RegistryFilterForm,
    blank_choice,
    style,
)
from tambon.registry.models import Household

__all__ = ["AREA_PREFIX", "HouseholdForm", "HouseholdSearchForm"]


class HouseholdSearchForm(RegistryFilterForm):
    housing = forms.ChoiceField(
        label=_("Housing condition"),
        required=False,
        choices=blank_choice(Household.Housing.choices, _("Any housing")),
    )
    income_band = forms.ChoiceField(
        label=_("Income band"),
        required=False,
        choices=blank_choice(Household.IncomeBand.choices, _("Any income")),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Member's name")


class HouseholdForm(forms.Form):
    # The version the page was opened at: a save against a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    house_number = forms.CharField(
        label=_("House number"),
        max_length=30,
        help_text=_("บ้านเลขที่, e.g. 12 or 12/3; “-” for a household without one."),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Street, soi or landmark, if the house number is not enough."),
    )
    housing = forms.ChoiceField(
        label=_("Housing condition"),
        required=False,
        choices=blank_choice(Household.Housing.choices),
    )
    income_band = forms.ChoiceField(
        label=_("Income band"),
        choices=Household.IncomeBand.choices,
        initial=Household.IncomeBand.UNKNOWN,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)

    @staticmethod
    def initial_for(household: Household) -> dict[str, Any]:
        return {
            "version": household.version,
            "house_number": household.house_number,
            "address": household.address,
            "housing": household.housing,
            "income_band": household.income_band,
            "note": household.note,
        }
