"""Forms of the care-plan page: the summary, a goal, an action."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tambon.cases.forms.cases import UserField
from tambon.cases.models import CarePlanGoal
from tambon.core.forms import BuddhistDateField
from tambon.registry.forms.people import style
from tambon.registry.models import ProblemType


class ProblemField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CarePlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    summary = forms.CharField(
        label=_("Summary of the plan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    problem_type = ProblemField(
        ProblemType.objects.none(), label=_("Problem it addresses"), required=False
    )

    def __init__(self, *args: Any, problems: list[ProblemType], **kwargs: Any):
        kwargs.setdefault("prefix", "goal")
        super().__init__(*args, **kwargs)
        field = self.fields["problem_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ProblemType.objects.filter(pk__in=[p.pk for p in problems])
        style(self)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CarePlanGoal.Status.choices)


class ActionForm(forms.Form):
    description = forms.CharField(label=pgettext_lazy("care plan", "Action"), max_length=300)
    owner = UserField(None, label=_("Owner (a user)"), required=False, empty_label="—")
    owner_text = forms.CharField(
        label=_("Or owner by name"),
        required=False,
        max_length=200,
        help_text=_("A partner organisation, a relative, the village headman…"),
    )
    due_date = BuddhistDateField(label=_("Due date"), required=False)

    def __init__(self, *args: Any, owners: QuerySet, **kwargs: Any):
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owners
        style(self)
