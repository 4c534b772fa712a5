"""The rules of the case workflow that sit beside the state machine: which transitions need a
reason and which outcomes a closing may have (the table is in cases/models/cases.py)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tambon.cases.models.cases import SELF_RELIANT_FROM, Case, State


@dataclass(frozen=True)
class Step:
    """A transition as a page or the API offers it."""

    method: str
    target: str
    label: str | Promise
    needs_outcome: bool = False
    needs_reason: bool = False


# Target state → (method, button label). Several sources may share a method (see the table).
STEPS: dict[tuple[str, str], Step] = {}


def _add(method: str, sources: list[str], target: str, label: str | Promise, **kw: bool) -> None:
    for source in sources:
        STEPS[(source, target)] = Step(method=method, target=target, label=label, **kw)


_add("screen", [State.INTAKE, State.REOPENED], State.SCREENING, _("Start screening"))
_add("assess", [State.SCREENING, State.REOPENED], State.ASSESSMENT, _("Assess the needs"))
_add("plan", [State.ASSESSMENT, State.REOPENED], State.PLANNING, _("Plan the help"))
_add("start_service", [State.PLANNING], State.IN_SERVICE, _("Start the service"))
_add("start_follow_up", [State.IN_SERVICE], State.FOLLOW_UP, _("Start the follow-up"))
_add(
    "resume_service",
    [State.FOLLOW_UP],
    State.IN_SERVICE,
    _("Resume the service"),
    needs_reason=True,
)
_add(
    "close",
    [s for s in State.values if s != State.CLOSED],
    State.CLOSED,
    _("Close the case"),
    needs_outcome=True,
)
_add("reopen", [State.CLOSED], State.REOPENED, _("Reopen the case"), needs_reason=True)


def step(source: str, target: str) -> Step | None:
    """The transition from `source` to `target`, or None when the workflow has none."""
    return STEPS.get((source, target))


def reason_required(source: str, target: str, outcome: str = "") -> bool:
    """Reopening, resuming a service and closing for any outcome but self-reliant need a
    reason (who declined and why, where they moved, to whom they were referred)."""
    found = step(source, target)
    if found is None:
        return False
    if found.needs_outcome:
        return outcome != Case.Outcome.SELF_RELIANT
    return found.needs_reason


def outcome_allowed(source: str, outcome: str) -> bool:
    """A person is self-reliant only after help was given (in service or follow-up)."""
    if outcome == Case.Outcome.SELF_RELIANT:
        return source in SELF_RELIANT_FROM
    return outcome in Case.Outcome.values
