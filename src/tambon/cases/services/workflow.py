"""The one way a case changes state: `transition_case`, through the state machine."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import TransitionNotAllowed, has_transition_perm

from tambon.cases import workflow
from tambon.cases.models import Case, CaseEvent, State
from tambon.cases.selectors import hooks
from tambon.cases.services.events import record_event
from tambon.core.errors import PermissionDenied, ValidationError

MSG_UNKNOWN_STATE = gettext_noop("“%(to)s” is not a state of a case.")
MSG_ILLEGAL = gettext_noop("A case cannot go from “%(from)s” to “%(to)s”.")
MSG_NOT_ALLOWED = gettext_noop("You may not move this case on.")
MSG_OUTCOME_REQUIRED = gettext_noop("Choose the outcome of the case.")
MSG_OUTCOME_UNKNOWN = gettext_noop("“%(outcome)s” is not an outcome of a case.")
MSG_SELF_RELIANT_TOO_EARLY = gettext_noop(
    "A case is closed as self-reliant only after help was given (in service or follow-up)."
)
MSG_OUTCOME_ONLY_ON_CLOSE = gettext_noop("An outcome is given only when the case is closed.")
MSG_REASON_REQUIRED = gettext_noop("Say why (“%(from)s” to “%(to)s”).")
MSG_OPEN_REFERRALS = gettext_noop(
    "The case still has open referrals: wait for their answer or withdraw them before closing."
)

REASON_MAX = 2000


def _label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def _check_outcome(found: workflow.Step, source: str, outcome: str) -> None:
    if not found.needs_outcome:
        if outcome:
            raise ValidationError(_(MSG_OUTCOME_ONLY_ON_CLOSE), field="outcome")
        return
    if not outcome:
        raise ValidationError(_(MSG_OUTCOME_REQUIRED), field="outcome")
    if outcome not in Case.Outcome.values:
        raise ValidationError(_(MSG_OUTCOME_UNKNOWN) % {"outcome": outcome}, field="outcome")
    if not workflow.outcome_allowed(source, outcome):
        raise ValidationError(_(MSG_SELF_RELIANT_TOO_EARLY), field="outcome")


@transaction.atomic
def transition_case(
    *,
    case: Case,
    to: str,
    by: Any,
    expected_version: int,
    reason: str | None = None,
    outcome: str | None = None,
) -> Case:
    """Move the case to the state `to` through the state machine (an illegal move is refused
    with a message naming both states); raises Conflict on a stale `expected_version`."""
    if not by.has_perm("cases.view_case", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    source = case.state
    if to not in State.values:
        raise ValidationError(_(MSG_UNKNOWN_STATE) % {"to": to}, field="to")
    found = workflow.step(source, to)
    if found is None:
        raise ValidationError(
            _(MSG_ILLEGAL) % {"from": _label(source), "to": _label(to)}, field="to"
        )
    if not by.has_perm("cases.transition_case", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    outcome = (outcome or "").strip()
    reason = " ".join((reason or "").split())[:REASON_MAX]
    _check_outcome(found, source, outcome)
    if not reason and workflow.reason_required(source, to, outcome):
        raise ValidationError(
            _(MSG_REASON_REQUIRED) % {"from": _label(source), "to": _label(to)}, field="reason"
        )
    if to == State.CLOSED and hooks.has_open_referrals(case):
        raise ValidationError(_(MSG_OPEN_REFERRALS), field="to")
    method = getattr(case, found.method)
    if not has_transition_perm(method, by):
        raise ValidationError(
            _(MSG_ILLEGAL) % {"from": _label(source), "to": _label(to)}, field="to"
        )
    try:
        if found.needs_outcome:
            method(outcome=outcome)
        else:
            method()
    except TransitionNotAllowed:
        raise ValidationError(
            _(MSG_ILLEGAL) % {"from": _label(source), "to": _label(to)}, field="to"
        ) from None
    case.save_versioned(
        expected_version=expected_version,
        by=by,
        update_fields=["state", "outcome", "closed_at"],
    )
    record_event(
        case=case,
        by=by,
        kind=CaseEvent.Kind.TRANSITION,
        from_state=source,
        to_state=case.state,
        reason=reason,
        data={"outcome": outcome} if outcome else {},
    )
    return case
