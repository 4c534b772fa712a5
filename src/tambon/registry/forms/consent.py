"""Forms of PDPA consent: record one, withdraw one."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.core.forms import BuddhistDateField
from tambon.registry.forms.people import style
from tambon.registry.models import Consent


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    given_by = forms.ChoiceField(
        label=_("Given by"), choices=Consent.GivenBy.choices, initial=Consent.GivenBy.SELF
    )
    given_by_name = forms.CharField(
        label=_("Name of who gave it"),
        required=False,
        max_length=200,
        help_text=_("Needed when a parent, guardian or caregiver gave the consent."),
    )
    given_on = BuddhistDateField(label=_("Given on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        style(self)


class WithdrawForm(forms.Form):
    withdrawn_on = BuddhistDateField(label=_("Withdrawn on"))

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        style(self)
