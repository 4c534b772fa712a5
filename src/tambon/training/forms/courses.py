"""Forms of the course pages: the course, a module, a test question, a survey question."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.training.models import Course, Question, SurveyQuestion


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CourseForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short code in Latin letters, digits and dashes, e.g. shift-share-2564."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    objectives = forms.CharField(
        label=_("Learning objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance (percent of sessions)"), initial=80
    )
    pass_mark_percent = forms.IntegerField(label=_("Post-test pass mark (%)"), initial=60)
    is_active = forms.BooleanField(
        label=_("In use (new cohorts may follow it)"), required=False, initial=True
    )

    @classmethod
    def initial_for(cls, course: Course) -> dict[str, Any]:
        return {name: getattr(course, name) for name in cls.base_fields}


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, initial=1)
    objectives = forms.CharField(
        label=_("Learning objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty to put it last."),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    choices = forms.CharField(
        label=_("Options (multiple choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line."),
    )
    correct_choice = forms.IntegerField(
        label=_("Number of the correct option"),
        required=False,
        help_text=_("1 for the first line, 2 for the second, and so on."),
    )
    accepted_answers = forms.CharField(
        label=_("Accepted answers (short answer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; spaces and upper/lower case are ignored when marking."),
    )
    points = forms.IntegerField(label=_("Points"), initial=1)
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty to put it last."),
    )

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "choices": "\n".join(question.choices or []),
            "correct_choice": (
                question.correct_choice + 1 if question.correct_choice is not None else None
            ),
            "accepted_answers": "\n".join(question.accepted_answers or []),
            "points": question.points,
            "order": question.order,
        }

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as the service takes it (options as lists, the index from 0)."""
        data = self.cleaned_data
        correct = data.get("correct_choice")
        return {
            "kind": data["kind"],
            "text": data["text"],
            "choices": lines(data.get("choices", "")),
            "correct_choice": correct - 1 if correct is not None else None,
            "accepted_answers": lines(data.get("accepted_answers", "")),
            "points": data["points"],
            "order": data.get("order"),
        }


class SurveyQuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyQuestion.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty to put it last."),
    )
