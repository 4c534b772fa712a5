"""Forms of the taxonomy pages: one form per kind of entry, built from the model's fields."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from tambon.registry.forms.assessments import style
from tambon.registry.models import Indicator, Person, ProblemType, TargetGroup
from tambon.registry.services.taxonomy import TERM_FIELDS


class TermForm(forms.Form):
    """The fields of a taxonomy entry; the code is read-only once records use it."""

    model: type[TargetGroup | ProblemType | Indicator]

    def __init__(self, *args: Any, code_locked: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.code_locked = code_locked
        code = self.fields["code"]
        code.help_text = _("Letters, digits, - and _; it never changes once records use it.")
        if code_locked:
            code.disabled = True
            code.help_text = _("Records use this entry, so its code can no longer change.")
        style(self)

    @classmethod
    def initial_for(cls, term: Any) -> dict[str, Any]:
        return {name: getattr(term, name) for name in TERM_FIELDS[cls.model]}


def _term_form(model: type[TargetGroup | ProblemType | Indicator]) -> type[TermForm]:
    fields = fields_for_model(model, fields=list(TERM_FIELDS[model]))
    if model is TargetGroup:
        fields["sex"] = forms.ChoiceField(
            label=_("sex"),
            required=False,
            choices=[("", _("— any —")), *Person.Sex.choices],
            help_text=_("A group with an age range or a sex is derived, never recorded."),
        )
    name = f"{model.__name__}Form"
    return type(name, (TermForm,), {**fields, "model": model})


TargetGroupForm = _term_form(TargetGroup)
ProblemTypeForm = _term_form(ProblemType)
IndicatorForm = _term_form(Indicator)

FORMS: dict[type, type[TermForm]] = {
    TargetGroup: TargetGroupForm,
    ProblemType: ProblemTypeForm,
    Indicator: IndicatorForm,
}
