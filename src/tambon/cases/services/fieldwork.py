"""What the field-work services share (visits, assistance, follow-ups): their timeline event
kinds, the closed-case rule and the checks of a date against the case.

A closed case takes no new visit, assistance or follow-up; a follow-up already scheduled may
still be completed or cancelled after closing (someone has to close it out).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from tambon.cases.models import Case, register_event_kind
from tambon.core.errors import ValidationError
from tambon.core.thai import format_date


class Kind:
    """Timeline event kinds of field work."""

    VISIT = register_event_kind(
        "visit", gettext_lazy("home visit"), detail_template="cases/events/visit.html"
    )
    ASSISTANCE = register_event_kind(
        "assistance",
        gettext_lazy("assistance given"),
        detail_template="cases/events/assistance.html",
    )
    FOLLOW_UP_SCHEDULED = register_event_kind(
        "follow_up_scheduled",
        gettext_lazy("follow-up scheduled"),
        detail_template="cases/events/follow_up.html",
    )
    FOLLOW_UP_DONE = register_event_kind(
        "follow_up_done",
        gettext_lazy("follow-up done"),
        detail_template="cases/events/follow_up.html",
    )
    FOLLOW_UP_CANCELLED = register_event_kind(
        "follow_up_cancelled",
        gettext_lazy("follow-up cancelled"),
        detail_template="cases/events/follow_up.html",
    )


MSG_CLOSED = gettext_noop("The case is closed: reopen it before recording new field work.")
MSG_FUTURE = gettext_noop("The date is in the future.")
MSG_BEFORE_OPENED = gettext_noop("The date is before the case was opened (%(date)s).")
MSG_TOO_FAR = gettext_noop("The date %(date)s is more than %(years)s years ahead: check the year.")

# A due date further ahead is a typing slip, most often a Buddhist-era year in a Christian-era
# date (2569-01-01 is 543 years away), not a plan; a long care plan may look a decade ahead.
YEARS_AHEAD_MAX = 20

TEXT_MAX = 4000


def check_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_(MSG_CLOSED))


def check_not_too_far(day: dt.date, field: str) -> None:
    """Refuse a date more than YEARS_AHEAD_MAX years from today."""
    if day > timezone.localdate() + dt.timedelta(days=366 * YEARS_AHEAD_MAX):
        raise ValidationError(
            _(MSG_TOO_FAR) % {"date": format_date(day), "years": YEARS_AHEAD_MAX}, field=field
        )


def check_day(case: Case, day: dt.date, field: str, *, future_ok: bool = False) -> None:
    if not future_ok and day > timezone.localdate():
        raise ValidationError(_(MSG_FUTURE), field=field)
    check_not_too_far(day, field)
    opened = timezone.localtime(case.opened_at).date()
    if day < opened:
        raise ValidationError(_(MSG_BEFORE_OPENED) % {"date": format_date(opened)}, field=field)


def clean_text(value: str | None, limit: int) -> str:
    return (value or "").strip()[:limit]
