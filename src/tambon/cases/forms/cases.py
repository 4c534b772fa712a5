"""Forms of the case pages: search, open/edit, assign, move on (transition), note."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tambon.cases.models import Case, State
from tambon.core.thai import format_date
from tambon.registry.forms.people import CodeChoiceField, blank_choice, style
from tambon.registry.models import NeedsAssessment, ProblemType

AREA_PREFIX = "area"


def active_problem_types() -> QuerySet[ProblemType]:
    return ProblemType.objects.filter(active=True).order_by("position", "code")


class ProblemTypesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AssessmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("assessed on %(date)s") % {"date": format_date(obj.assessed_on)})


class UserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Reference or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. C-500101-2568-00001")}
        ),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=blank_choice(State.choices, _("Any state"))
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=blank_choice(Case.Urgency.choices, _("Any urgency")),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=blank_choice(Case.Channel.choices, _("Any channel")),
    )
    problem_type = CodeChoiceField(
        ProblemType.objects.none(),
        label=_("Problem type"),
        required=False,
        to_field_name="code",
        empty_label=_("Any problem"),
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["problem_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = active_problem_types()
        style(self)


class CaseForm(forms.Form):
    # The version the page was opened at: a save against a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    channel = forms.ChoiceField(label=_("Channel"), choices=blank_choice(Case.Channel.choices))
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Case.Urgency.choices, initial=Case.Urgency.NORMAL
    )
    problem_types = ProblemTypesField(
        ProblemType.objects.none(),
        label=_("Problem types"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every problem the case is about; at least one."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and what the person or household asks for."),
    )
    needs_assessment = AssessmentField(
        NeedsAssessment.objects.none(), label=_("Needs assessment"), required=False
    )

    def __init__(
        self, *args: Any, assessments: QuerySet[NeedsAssessment] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        problems = self.fields["problem_types"]
        assert isinstance(problems, forms.ModelMultipleChoiceField)
        problems.queryset = active_problem_types()
        assessment = self.fields["needs_assessment"]
        assert isinstance(assessment, forms.ModelChoiceField)
        assessment.queryset = (
            assessments if assessments is not None else NeedsAssessment.objects.none()
        )
        style(self)

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "channel": case.channel,
            "urgency": case.urgency,
            "problem_types": list(case.problem_types.all()),
            "summary": case.summary,
            "needs_assessment": case.needs_assessment_id,
        }


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assigned_officer = UserField(
        None, label=_("Officer"), required=False, empty_label=_("Nobody yet")
    )
    assigned_volunteer = UserField(
        None, label=_("Volunteer"), required=False, empty_label=_("Nobody yet")
    )

    def __init__(self, *args: Any, officers: QuerySet, volunteers: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, qs in (("assigned_officer", officers), ("assigned_volunteer", volunteers)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
        style(self)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=blank_choice(Case.Outcome.choices)
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, needs_outcome: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not needs_outcome:
            del self.fields["outcome"]
        style(self)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)
