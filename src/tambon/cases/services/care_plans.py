"""Writes of care plans (แผนช่วยเหลือ): the plan's summary, its goals and their actions.

Concurrency: the summary is what two officers may type over each other, so `save_care_plan`
is versioned (a stale version raises Conflict). Goals and actions are only ever added, and a
status changes only from its current value (an action is done once), so those writes cannot
lose anyone's work and need no version: a second "done" on the same action is refused.
A closed case's plan does not change.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import User
from tambon.accounts.selectors import assignable_users
from tambon.cases.models import CarePlan, CarePlanAction, CarePlanGoal, Case, CaseEvent
from tambon.cases.selectors.care_plans import goal_problem_types
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import check_not_too_far
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.registry.models import ProblemType

MSG_NOT_ALLOWED = gettext_noop("You may not change this case's care plan.")
MSG_CLOSED = gettext_noop("The case is closed: reopen it before changing its care plan.")
MSG_GOAL_EMPTY = gettext_noop("Write the goal.")
MSG_GOAL_PROBLEM = gettext_noop(
    "Choose one of the case's problems (or its needs assessment's) for this goal."
)
MSG_ACTION_EMPTY = gettext_noop("Write the action.")
MSG_OWNER_OUTSIDE = gettext_noop("%(name)s does not work in the case's sub-district.")
MSG_ALREADY_DONE = gettext_noop("This action is already marked done.")
MSG_NOT_PLANNED = gettext_noop("Only a planned action can be marked done.")
MSG_GOAL_STATUS = gettext_noop("Choose the goal's status.")
MSG_DUE_PAST = gettext_noop("The due date is before the case was opened.")

# Who may own an action: the officers and volunteers of the case's sub-district.
OWNER_ROLES = ["subdistrict_officer", "provincial_officer", "volunteer"]


def _check(by: Any, case: Case) -> None:
    if not by.has_perm("cases.change_care_plan", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not case.is_open:
        raise ValidationError(_(MSG_CLOSED))


def _plan_of(case: Case, by: Any) -> CarePlan:
    plan, _created = CarePlan.objects.get_or_create(
        case=case, defaults={"created_by": by, "updated_by": by}
    )
    return plan


def _event(case: Case, by: Any, change: str, **data: Any) -> None:
    record_event(
        case=case, by=by, kind=CaseEvent.Kind.PLAN_CHANGED, data={"change": change, **data}
    )


@transaction.atomic
def save_care_plan(*, by: Any, case: Case, summary: str, expected_version: int | None) -> CarePlan:
    """Write the plan's summary (creating the plan); `expected_version` None only for a case
    that has no plan yet, else Conflict."""
    _check(by, case)
    plan = CarePlan.objects.filter(case=case).first()
    if plan is None:
        plan = CarePlan.objects.create(
            case=case, summary=summary.strip(), created_by=by, updated_by=by
        )
    else:
        if expected_version is None:
            raise Conflict()
        plan.summary = summary.strip()
        plan.save_versioned(expected_version=expected_version, by=by, update_fields=["summary"])
    _event(case, by, "summary")
    return plan


@transaction.atomic
def add_goal(
    *, by: Any, case: Case, text: str, problem_type: ProblemType | None = None
) -> CarePlanGoal:
    """Add a goal to the case's care plan, tied to one of its problems."""
    _check(by, case)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_(MSG_GOAL_EMPTY), field="text")
    if problem_type is not None and problem_type not in goal_problem_types(case):
        raise ValidationError(_(MSG_GOAL_PROBLEM), field="problem_type")
    goal = CarePlanGoal.objects.create(
        plan=_plan_of(case, by), text=text, problem_type=problem_type, created_by=by, updated_by=by
    )
    _event(case, by, "goal_added", goal=text)
    return goal


@transaction.atomic
def set_goal_status(*, by: Any, case: Case, goal: CarePlanGoal, status: str) -> CarePlanGoal:
    """Mark a goal achieved or dropped (or open again)."""
    _check(by, case)
    if status not in CarePlanGoal.Status.values:
        raise ValidationError(_(MSG_GOAL_STATUS), field="status")
    goal.status = status
    goal.updated_by = by
    goal.save(update_fields=["status", "updated_by", "updated_at"])
    _event(case, by, "goal_status", goal=goal.text, status=status)
    return goal


@transaction.atomic
def add_action(
    *,
    by: Any,
    case: Case,
    goal: CarePlanGoal,
    description: str,
    owner: User | None = None,
    owner_text: str = "",
    due_date: dt.date | None = None,
) -> CarePlanAction:
    """Add an action toward a goal: its owner (a user of the area, or a name) and due date."""
    _check(by, case)
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError(_(MSG_ACTION_EMPTY), field="description")
    owners = assignable_users(case.subdistrict_id, OWNER_ROLES)
    if owner is not None and not owners.filter(pk=owner.pk).exists():
        raise ValidationError(_(MSG_OWNER_OUTSIDE) % {"name": owner}, field="owner")
    if due_date is not None and due_date < timezone.localtime(case.opened_at).date():
        raise ValidationError(_(MSG_DUE_PAST), field="due_date")
    if due_date is not None:
        check_not_too_far(due_date, "due_date")
    action = CarePlanAction.objects.create(
        goal=goal,
        description=description,
        owner=owner,
        owner_text="" if owner is not None else " ".join(owner_text.split()),
        due_date=due_date,
        created_by=by,
        updated_by=by,
    )
    _event(case, by, "action_added", action=description)
    return action


@transaction.atomic
def complete_action(*, by: Any, case: Case, action: CarePlanAction) -> CarePlanAction:
    """Mark a planned action done (once: a second officer's click is refused)."""
    _check(by, case)
    # The row lock (PostgreSQL) makes the check-then-write one step for concurrent clicks.
    current = CarePlanAction.objects.select_for_update().get(pk=action.pk)
    if current.status != CarePlanAction.Status.PLANNED:
        message = MSG_ALREADY_DONE if current.status == "done" else MSG_NOT_PLANNED
        raise ValidationError(_(message), field="status")
    current.status = CarePlanAction.Status.DONE
    current.done_at = timezone.now()
    current.updated_by = by
    current.save(update_fields=["status", "done_at", "updated_by", "updated_at"])
    _event(case, by, "action_done", action=current.description)
    return current


def complete_action_of_delivered_referral(*, referral: Any, by: Any) -> bool:
    """The partner delivered the service a care-plan action referred to: the action is done.

    Called inside the partner's answer (its transaction): the partner may not edit the plan,
    so no plan permission is checked; an action already done or dropped stays as it is.
    """
    if referral.action_id is None:
        return False
    now = timezone.now()
    done = CarePlanAction.objects.filter(
        pk=referral.action_id, status=CarePlanAction.Status.PLANNED
    ).update(status=CarePlanAction.Status.DONE, done_at=now, updated_at=now, updated_by=by)
    if done:
        description = (
            CarePlanAction.objects.filter(pk=referral.action_id)
            .values_list("description", flat=True)
            .first()
        )
        _event(referral.case, by, "action_done", action=description, referral=referral.pk)
    return bool(done)
