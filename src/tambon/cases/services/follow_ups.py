"""Writes of follow-ups (การติดตามผล): scheduled by officers of the case's area for themselves,
a colleague or the case's volunteer; completed by an officer or by the volunteer they are
assigned to; cancelled by an officer. A follow-up is done or cancelled once only.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import User
from tambon.cases.models import Case, FollowUp, HomeVisit
from tambon.cases.selectors.cases import assignable_officers
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import (
    TEXT_MAX,
    Kind,
    check_day,
    check_open,
    clean_text,
)
from tambon.core.errors import PermissionDenied, ValidationError

MSG_FOLLOW_UP_NOT_ALLOWED = gettext_noop("Only an officer of the case's area plans follow-ups.")
MSG_COMPLETE_NOT_ALLOWED = gettext_noop("You may not complete this follow-up.")
MSG_PURPOSE = gettext_noop("Write what the follow-up should check.")
MSG_ASSIGNEE = gettext_noop(
    "%(name)s can not take this follow-up: choose an officer of the case's area or the "
    "case's volunteer."
)
MSG_NOT_OPEN = gettext_noop("This follow-up is already %(status)s.")
MSG_RESULT = gettext_noop("Write what the follow-up found.")
MSG_VISIT_OTHER = gettext_noop("This visit is not of this case.")

PURPOSE_MAX = 300


def follow_up_assignees(case: Case) -> QuerySet[User]:
    """Who may take a follow-up: the officers of the case's area and the case's volunteer."""
    officers = assignable_officers(case.subdistrict_id)
    if case.assigned_volunteer_id is None:
        return officers
    return (
        User.objects.filter(Q(pk__in=officers.values("pk")) | Q(pk=case.assigned_volunteer_id))
        .filter(is_active=True)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def schedule_follow_up(
    *,
    case: Case,
    due_on: dt.date,
    purpose: str,
    assigned_to: User | None = None,
    by: Any,
) -> FollowUp:
    """Plan a follow-up due on a date, for an officer of the area or the case's volunteer."""
    if not by.has_perm("cases.manage_follow_ups", case):
        raise PermissionDenied(_(MSG_FOLLOW_UP_NOT_ALLOWED))
    check_open(case)
    check_day(case, due_on, "due_on", future_ok=True)
    purpose = " ".join((purpose or "").split())[:PURPOSE_MAX]
    if not purpose:
        raise ValidationError(_(MSG_PURPOSE), field="purpose")
    if assigned_to is not None and not follow_up_assignees(case).filter(pk=assigned_to.pk).exists():
        raise ValidationError(_(MSG_ASSIGNEE) % {"name": assigned_to}, field="assigned_to")
    follow_up = FollowUp.objects.create(
        case=case,
        due_on=due_on,
        purpose=purpose,
        assigned_to=assigned_to,
        created_by=by,
        updated_by=by,
    )
    record_event(
        case=case,
        by=by,
        kind=Kind.FOLLOW_UP_SCHEDULED,
        data={
            "follow_up": follow_up.pk,
            "due_on": due_on.isoformat(),
            "purpose": purpose,
            "assigned_to": str(assigned_to) if assigned_to else "",
        },
    )
    return follow_up


def _lock_open(follow_up: FollowUp) -> FollowUp:
    # The row lock (PostgreSQL) makes check-then-write one step for two clicks at once.
    current = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    if current.status != FollowUp.Status.OPEN:
        raise ValidationError(
            _(MSG_NOT_OPEN) % {"status": current.get_status_display()}, field="status"
        )
    return current


@transaction.atomic
def complete_follow_up(
    *, follow_up: FollowUp, result: str, visit: HomeVisit | None = None, by: Any
) -> FollowUp:
    """Record what a follow-up found (optionally the visit it was done on); once only."""
    if not by.has_perm("cases.complete_follow_up", follow_up):
        raise PermissionDenied(_(MSG_COMPLETE_NOT_ALLOWED))
    result = clean_text(result, TEXT_MAX)
    if not result:
        raise ValidationError(_(MSG_RESULT), field="result")
    if visit is not None and visit.case_id != follow_up.case_id:
        raise ValidationError(_(MSG_VISIT_OTHER), field="visit")
    current = _lock_open(follow_up)
    current.status = FollowUp.Status.DONE
    current.result = result
    current.visit = visit
    current.done_at = timezone.now()
    current.done_by = by
    current.updated_by = by
    fields = ["status", "result", "visit", "done_at", "done_by", "updated_by", "updated_at"]
    current.save(update_fields=fields)
    record_event(
        case=current.case,
        by=by,
        kind=Kind.FOLLOW_UP_DONE,
        data={
            "follow_up": current.pk,
            "due_on": current.due_on.isoformat(),
            "purpose": current.purpose,
            "result": result,
            "visited_on": visit.visited_on.isoformat() if visit is not None else "",
        },
    )
    return current


@transaction.atomic
def cancel_follow_up(*, follow_up: FollowUp, reason: str = "", by: Any) -> FollowUp:
    """Call off an open follow-up (officers of the case's area), with an optional reason."""
    if not by.has_perm("cases.manage_follow_ups", follow_up.case):
        raise PermissionDenied(_(MSG_FOLLOW_UP_NOT_ALLOWED))
    current = _lock_open(follow_up)
    reason = clean_text(reason, TEXT_MAX)
    current.status = FollowUp.Status.CANCELLED
    current.result = reason
    current.done_at = timezone.now()
    current.done_by = by
    current.updated_by = by
    current.save(
        update_fields=["status", "result", "done_at", "done_by", "updated_by", "updated_at"]
    )
    record_event(
        case=current.case,
        by=by,
        kind=Kind.FOLLOW_UP_CANCELLED,
        reason=reason,
        data={
            "follow_up": current.pk,
            "due_on": current.due_on.isoformat(),
            "purpose": current.purpose,
        },
    )
    return current
