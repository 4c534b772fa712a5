"""Forms of requests for help: the public form (phone-first, with a honeypot), the officers'
list filter, opening a case (an existing person or household, or a new person) and closing."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tambon.cases.forms.cases import ProblemTypesField, active_problem_types
from tambon.cases.models import Case, HelpRequest
from tambon.cases.services.requests import MSG_DESCRIPTION, MSG_SUBDISTRICT
from tambon.geo.forms import AreaSelectForm
from tambon.geo.models import Village
from tambon.registry.forms.people import CodeChoiceField, blank_choice, style
from tambon.registry.models import Person, ProblemType

PLACE_PREFIX = "place"
HONEYPOT = "website"


class HelpRequestForm(forms.Form):
    """The public form; the place comes from the area picker beside it (prefix "place")."""

    problem_type = CodeChoiceField(
        ProblemType.objects.none(),
        label=_("What kind of problem?"),
        required=False,
        to_field_name="code",
        empty_label=_("Other / not sure"),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who needs help, and what kind of help. Please do not write ID numbers."),
        error_messages={"required": _(MSG_DESCRIPTION)},
    )
    place_detail = forms.CharField(
        label=_("House number or landmark"),
        required=False,
        max_length=300,
        help_text=_("e.g. 12/3, or: behind the temple, near the school"),
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("So that an officer can call you back (optional)."),
    )
    for_someone_else = forms.BooleanField(label=_("I am asking for someone else"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the social development officers of this sub-district may use what I "
            "wrote to help, and may contact me at this phone number."
        ),
        required=False,
    )
    # Hidden from people (CSS and aria-hidden); a bot that fills every field fills it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["problem_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = active_problem_types()
        style(self)

    @staticmethod
    def place_form(data: Any = None) -> AreaSelectForm:
        """The place picker, down to the village; the sub-district must be chosen."""
        area = AreaSelectForm(data, depth="village", required="subdistrict", prefix=PLACE_PREFIX)
        area.fields["subdistrict"].error_messages["required"] = _(MSG_SUBDISTRICT)
        return area

    def is_bot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT, "")).strip())


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "HR-XXXXXXXX", "autocapitalize": "characters"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=blank_choice(HelpRequest.Status.choices, _("Any status")),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or house number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class RequestCaseForm(forms.Form):
    """What the officer says about the case opened from a request (its channel is fixed)."""

    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Case.Urgency.choices, initial=Case.Urgency.NORMAL
    )
    problem_types = ProblemTypesField(
        ProblemType.objects.none(),
        label=_("Problem types"),
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, the request's own words are used."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        problems = self.fields["problem_types"]
        assert isinstance(problems, forms.ModelMultipleChoiceField)
        problems.queryset = active_problem_types()
        style(self)


class NewPersonForm(forms.Form):
    """A person not yet in the registry, registered in the request's sub-district."""

    title = forms.CharField(label=_("Title"), required=False, max_length=30)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=blank_choice(Person.Sex.choices)
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    house_number = forms.CharField(
        label=_("House number"),
        required=False,
        max_length=40,
        help_text=_("Given, a household is registered at it with this person as its head."),
    )
    village: forms.ModelChoiceField = forms.ModelChoiceField(
        Village.objects.none(), label=_("Village"), required=False
    )

    def __init__(self, *args: Any, villages: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        style(self)


class CloseRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it closed without a case?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)
