"""The filter form of the work-queue pages: problem type, urgency and a whitelisted sort."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.cases.forms.cases import active_problem_types
from tambon.cases.models import Case
from tambon.cases.selectors.queues import Queue, sort_choices, sort_key
from tambon.registry.forms.people import CodeChoiceField, blank_choice, style
from tambon.registry.models import ProblemType


class QueueFilterForm(forms.Form):
    problem_type = CodeChoiceField(
        ProblemType.objects.none(),
        label=_("Problem type"),
        required=False,
        to_field_name="code",
        empty_label=_("Any problem"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=blank_choice(Case.Urgency.choices, _("Any urgency")),
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False)

    def __init__(self, *args: Any, queue: Queue, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.queue = queue
        problem_type = self.fields["problem_type"]
        assert isinstance(problem_type, forms.ModelChoiceField)
        problem_type.queryset = active_problem_types()
        sort = self.fields["sort"]
        assert isinstance(sort, forms.ChoiceField)
        sort.choices = sort_choices(queue)
        if queue == Queue.HELP_REQUESTS:
            # A public request has no urgency until an officer opens a case from it.
            del self.fields["urgency"]
        style(self)

    def chosen_sort(self) -> str:
        """The sort asked for, or the queue's default (an unknown key is not an error page)."""
        return sort_key(self.queue, str(self.cleaned_data.get("sort") or ""))
