"""Forms of the needs-assessment pages: the survey, the list filter, the 4S mapping draft."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.core.forms import BuddhistDateField
from tambon.registry.models import Dimension, FourS, Indicator, MappingRule, ProblemType
from tambon.registry.services.taxonomy import RuleInput

MET, NOT_MET, NOT_APPLICABLE = "met", "not_met", "na"
ANSWER_CHOICES = [
    (MET, _("met")),
    (NOT_MET, _("not met")),
    (NOT_APPLICABLE, _("n.a.")),
]
ANSWER_VALUES: dict[str, bool | None] = {MET: True, NOT_MET: False, NOT_APPLICABLE: None}


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget but radios, checkboxes and hidden inputs."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def answer_field_name(code: str) -> str:
    return f"answer_{code}"


class AssessmentForm(forms.Form):
    """The survey: a date, a note, and met / not met / n.a. for each indicator in use.

    An indicator left unanswered is not stored; n.a. is stored as "asked, not applicable".
    """

    assessed_on = BuddhistDateField(label=_("Date of the assessment"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, indicators: Iterable[Indicator] = (), **kwargs: Any):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[answer_field_name(indicator.code)] = forms.ChoiceField(
                label=indicator.text,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        style(self)

    def answers(self) -> dict[str, bool | None]:
        """{indicator code: True / False / None} of the indicators answered (form valid)."""
        result: dict[str, bool | None] = {}
        for indicator in self.indicators:
            value = self.cleaned_data.get(answer_field_name(indicator.code))
            if value:
                result[indicator.code] = ANSWER_VALUES[value]
        return result

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The answer fields grouped by dimension, for the template."""
        by_dimension: dict[str, list[forms.BoundField]] = {}
        for indicator in self.indicators:
            by_dimension.setdefault(indicator.dimension, []).append(
                self[answer_field_name(indicator.code)]
            )
        return [
            (str(label), by_dimension[value])
            for value, label in Dimension.choices
            if value in by_dimension
        ]


class AssessmentFilterForm(forms.Form):
    date_from = BuddhistDateField(label=_("Assessed from"), required=False)
    date_to = BuddhistDateField(label=_("to"), required=False)
    problem = forms.ChoiceField(label=_("Problem"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["problem"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("All problems")),
            *((p.code, p.name) for p in ProblemType.objects.order_by("-active", "position")),
        ]
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class MappingDraftForm(forms.Form):
    """One row per indicator: the 4S dimension it counts against, its weight, its problem."""

    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[Indicator] = (),
        rules: Iterable[MappingRule] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        existing = {r.indicator_id: r for r in rules}
        problem_choices = [
            ("", _("— none —")),
            *((str(p.pk), p.name) for p in ProblemType.objects.order_by("-active", "position")),
        ]
        for indicator in self.indicators:
            rule = existing.get(indicator.pk)
            prefix = f"i{indicator.pk}"
            self.fields[f"{prefix}_four_s"] = forms.ChoiceField(
                label=_("4S dimension"),
                choices=[("", _("— not mapped —")), *FourS.choices],
                required=False,
                initial=rule.four_s if rule else "",
            )
            self.fields[f"{prefix}_weight"] = forms.DecimalField(
                label=_("Weight"),
                min_value=Decimal("0.01"),
                max_value=Decimal("999.99"),
                decimal_places=2,
                required=False,
                initial=rule.weight if rule else Decimal(1),
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            self.fields[f"{prefix}_problem"] = forms.ChoiceField(
                label=_("Problem when unmet"),
                choices=problem_choices,
                required=False,
                initial=str(rule.problem_type_id) if rule and rule.problem_type_id else "",
            )
        style(self)

    def rows(self) -> list[tuple[Indicator, list[forms.BoundField]]]:
        return [
            (
                indicator,
                [self[f"i{indicator.pk}_{part}"] for part in ("four_s", "weight", "problem")],
            )
            for indicator in self.indicators
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for indicator in self.indicators:
            prefix = f"i{indicator.pk}"
            if data.get(f"{prefix}_four_s") and data.get(f"{prefix}_weight") is None:
                self.add_error(f"{prefix}_weight", _("Give a weight to a mapped indicator."))
        return data

    def rule_inputs(self) -> list[RuleInput]:
        data = self.cleaned_data
        result = []
        for indicator in self.indicators:
            prefix = f"i{indicator.pk}"
            problem = data.get(f"{prefix}_problem")
            result.append(
                RuleInput(
                    indicator_id=indicator.pk,
                    four_s=data.get(f"{prefix}_four_s") or "",
                    weight=data.get(f"{prefix}_weight") or Decimal(1),
                    problem_type_id=int(problem) if problem else None,
                )
            )
        return result
