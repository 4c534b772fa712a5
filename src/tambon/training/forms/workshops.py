"""Forms of the workshop pages and the facilitator directory.

The place of a workshop is picked with geo's AreaSelectForm (prefix AREA_PREFIX, down to the
village); this form holds the rest, with a grid of headcounts (age band × sex).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.accounts.models import User
from tambon.core.forms import BuddhistDateField
from tambon.registry.selectors.taxonomy import problem_type_choices, problem_type_choices_with
from tambon.training.models import Workshop, WorkshopHeadcount
from tambon.training.selectors.workshops import area_participants

AREA_PREFIX = "area"
AgeBand = WorkshopHeadcount.AgeBand
Sex = WorkshopHeadcount.Sex


def headcount_field_name(band: str, sex: str) -> str:
    return f"hc_{band}_{sex}"


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        name = user.get_full_name() or user.username
        return f"{name} ({user.get_role_display()})" if user.role else name


class WorkshopForm(forms.Form):
    # The version the page was opened at: a save against a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    date = BuddhistDateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Type"), choices=Workshop.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the participants learnt and discussed."),
    )
    problems = forms.MultipleChoiceField(
        label=_("Social problems they chose to work on"),
        choices=problem_type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = ParticipantChoiceField(
        label=_("Participants with an account"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("People of the sub-district who use Tambon (optional)."),
    )

    def __init__(self, *args: Any, subdistrict_code: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        # A problem type retired since the workshop chose it stays offered on that workshop.
        chosen = list((self.initial or {}).get("problems") or [])
        if self.is_bound and hasattr(self.data, "getlist"):
            chosen += self.data.getlist(self.add_prefix("problems"))
        if chosen:
            problems = self.fields["problems"]
            assert isinstance(problems, forms.MultipleChoiceField)
            problems.choices = problem_type_choices_with(chosen)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            area_participants(subdistrict_code) if subdistrict_code else User.objects.none()
        )
        for band in AgeBand.values:
            for sex in Sex.values:
                self.fields[headcount_field_name(band, sex)] = forms.IntegerField(
                    label=f"{AgeBand(band).label} — {Sex(sex).label}",
                    required=False,
                    min_value=0,
                    max_value=100_000,
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "min": 0, "class": "tb-headcount"}
                    ),
                )
        _style(self)

    def headcounts(self) -> dict[tuple[str, str], int]:
        """The grid as {(age band, sex): count}, once the form is valid."""
        return {
            (band, sex): self.cleaned_data.get(headcount_field_name(band, sex)) or 0
            for band in AgeBand.values
            for sex in Sex.values
        }

    def headcount_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The grid for the template: one row per age band, one cell per sex."""
        return [
            (str(label), [self[headcount_field_name(band, sex)] for sex in Sex.values])
            for band, label in AgeBand.choices
        ]

    @property
    def sex_labels(self) -> list[str]:
        return [str(label) for label in Sex.labels]

    @staticmethod
    def initial_for(workshop: Workshop) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": workshop.version,
            "date": workshop.date,
            "kind": workshop.kind,
            "title": workshop.title,
            "topics": workshop.topics,
            "problems": workshop.problems,
            "participants": [u.pk for u in workshop.participants_known.all()],
        }
        for h in workshop.headcounts.all():
            initial[headcount_field_name(h.age_band, h.sex)] = h.count
        return initial


class WorkshopSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, topic or facilitator")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Workshop.Kind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class FacilitatorSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or skill"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. สมหญิง, youth camps")}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class CascadeFilterForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, cohorts: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All cohorts")), *((c.pk, str(c)) for c in cohorts)]
        _style(self)
