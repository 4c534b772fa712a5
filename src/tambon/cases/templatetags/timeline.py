"""Filters for the timeline's event templates (cases/events/), which read each event's `data`
snapshot: `{{ e.data.answer_due|isodate|thdate }}`, `{{ e|days_overdue }}`,
`{{ e.data.kind|event_choice:"assistance_kind" }}`, `{{ e.data.fields|case_field_labels }}`.

Every filter takes what an older event may lack (a missing key, an unknown value) quietly:
the row then says less, never fails."""

import datetime as dt
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tambon.cases.models import Assistance, CarePlanGoal, Case, CaseEvent

register = template.Library()

# The labels of the coded values event data stores, by the name the templates use.
CHOICES: dict[str, dict[str, str | Promise]] = {
    "assistance_kind": dict(Assistance.Kind.choices),
    "assistance_source": dict(Assistance.Source.choices),
    "case_channel": dict(Case.Channel.choices),
    "goal_status": dict(CarePlanGoal.Status.choices),
    "plan_change": {
        "summary": _("summary of the plan changed"),
        "goal_added": _("goal added"),
        "goal_status": _("goal status changed"),
        "action_added": _("action added"),
        "action_done": _("action done"),
    },
    "request_channel": {"public_form": _("the public form")},
}


@register.filter
def isodate(value: Any) -> dt.date | None:
    """A date stored as ISO text ("2025-03-01"); None when missing or unreadable."""
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def days_overdue(event: CaseEvent) -> int:
    """How many days past its answer date a referral was when the event was written: the
    snapshot, else (older events) counted from the answer date to the event's day."""
    data = event.data or {}
    stored = data.get("days_overdue")
    if isinstance(stored, int) and not isinstance(stored, bool):
        return max(stored, 0)
    due = isodate(data.get("answer_due"))
    return max((event.day - due).days, 0) if due is not None else 0


@register.filter
def event_choice(value: Any, choices: str) -> str:
    """The translated label of a coded value (`choices` names one of CHOICES); the value
    itself when it is not known."""
    label = CHOICES.get(choices, {}).get(str(value))
    return str(label) if label is not None else str(value or "")


@register.filter
def case_field_labels(names: Any) -> str:
    """The names of a case's fields, as the form labels them, joined by commas."""
    labels = []
    for name in names if isinstance(names, list) else []:
        try:
            field = Case._meta.get_field(str(name))
        except FieldDoesNotExist:
            labels.append(str(name))
        else:
            labels.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(labels)
