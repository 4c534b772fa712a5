"""Forms of field work, made for a phone: one column, native date pickers, the five dimension
scores as rows of 1–5 radio buttons, and the camera for the photo."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tambon.cases.forms.cases import UserField
from tambon.cases.models import Assistance
from tambon.core import errors, thai
from tambon.registry.forms.people import style
from tambon.registry.models import Dimension

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
SCORE_PREFIX = "score_"


class PhoneDateInput(forms.DateInput):
    """The phone's own date picker (`type="date"`, ISO value)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PhoneDateField(forms.Field):
    """A date from a date picker (ISO); a browser without one sends what was typed, which is
    read as a Buddhist-era date (29/03/2568) like every other date field of Tambon."""

    widget = PhoneDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return thai.parse_be_date(text)
        except errors.ValidationError as exc:
            raise forms.ValidationError(str(exc.message), code="invalid") from None


class PhotoInput(forms.FileInput):
    """Opens the phone's back camera; any image type may be chosen (the service checks it)."""

    def __init__(self) -> None:
        super().__init__(attrs={"accept": "image/*", "capture": "environment"})


class VisitForm(forms.Form):
    visited_on = PhoneDateField(label=_("Date of the visit"))
    met = forms.CharField(
        label=_("Who was met"),
        required=False,
        max_length=300,
        help_text=_("E.g. the person, their daughter, a neighbour; or nobody at home."),
    )
    observations = forms.CharField(
        label=_("Observations"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False, widget=PhotoInput())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for value, label in Dimension.choices:
            self.fields[SCORE_PREFIX + value] = forms.ChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
        style(self)
        self.fields["observations"].widget.attrs["class"] = "form-control form-control-lg"

    def score_fields(self) -> list[Any]:
        return [self[SCORE_PREFIX + value] for value in Dimension.values]

    def scores(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            value: data[SCORE_PREFIX + value]
            for value in Dimension.values
            if data.get(SCORE_PREFIX + value)
        }


class PartnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReferralField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.service} · {obj.partner} ({obj.get_state_display()})"


class AssistanceForm(forms.Form):
    given_on = PhoneDateField(label=pgettext_lazy("assistance", "Given on"))
    kind = forms.ChoiceField(
        label=_("What kind of help"), choices=Assistance.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label=_("What was given"), max_length=300)
    # Text, so that "1,500.50" is read by the service and its message explains a bad amount.
    amount = forms.CharField(
        label=_("Amount (baht)"),
        required=False,
        max_length=20,
        help_text=_("Required for cash; the estimated value of goods or a service."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *Assistance.Source.choices])
    partner = PartnerField(None, label=_("Given by partner"), required=False, empty_label="—")
    referral = ReferralField(None, label=_("Through the referral"), required=False, empty_label="—")

    def __init__(self, *args: Any, partners: QuerySet, referrals: QuerySet, **kwargs: Any):
        kwargs.setdefault("prefix", "assistance")
        super().__init__(*args, **kwargs)
        for name, queryset in (("partner", partners), ("referral", referrals)):
            found = self.fields[name]
            assert isinstance(found, forms.ModelChoiceField)
            found.queryset = queryset
        style(self)


class FollowUpForm(forms.Form):
    due_on = PhoneDateField(label=_("Due on"))
    purpose = forms.CharField(label=_("What to check"), max_length=300)
    assigned_to = UserField(None, label=_("Who does it"), required=False, empty_label="—")

    def __init__(self, *args: Any, assignees: QuerySet, **kwargs: Any):
        kwargs.setdefault("prefix", "follow_up")
        super().__init__(*args, **kwargs)
        found = self.fields["assigned_to"]
        assert isinstance(found, forms.ModelChoiceField)
        found.queryset = assignees
        style(self)


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{thai.format_date(obj.visited_on)} · {obj.visitor}"


class CompleteFollowUpForm(forms.Form):
    result = forms.CharField(
        label=_("What the follow-up found"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visit = VisitChoiceField(None, label=_("On the visit"), required=False, empty_label="—")

    def __init__(self, *args: Any, visits: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        found = self.fields["visit"]
        assert isinstance(found, forms.ModelChoiceField)
        found.queryset = visits
        style(self)


class CancelFollowUpForm(forms.Form):
    reason = forms.CharField(label=_("Why it is called off"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)
