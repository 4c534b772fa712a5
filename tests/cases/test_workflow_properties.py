"""Random sequences of transition attempts, by an officer or the case's volunteer, keep the
workflow's invariants: a closed case has an outcome and a closing time and an open one has
neither; every transition that happened has its CaseEvent and its change-history entry; a
refused attempt changes nothing."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tambon.accounts.models import User
from tambon.cases import workflow
from tambon.cases.models import Case, CaseEvent, State
from tambon.cases.services.cases import assign_case
from tambon.cases.services.workflow import transition_case
from tambon.core.errors import DomainError
from tests.cases.factories import fresh, make_case

pytestmark = pytest.mark.django_db

attempts = st.lists(
    st.tuples(
        st.sampled_from(State.values),  # to
        st.sampled_from(["", *Case.Outcome.values, "vanished"]),  # outcome
        st.sampled_from(["", "ญาติขอให้ช่วยต่อ"]),  # reason
        st.booleans(),  # made by the volunteer (never allowed) rather than the officer
    ),
    max_size=12,
)


def audited_states(case: Case) -> list[str]:
    entries = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE)
    entries = entries.order_by("timestamp", "pk")
    return [e.changes_dict["state"][1] for e in entries if "state" in (e.changes_dict or {})]


def check_invariants(case: Case) -> None:
    saved = fresh(case)
    if saved.state == State.CLOSED:
        assert saved.outcome in Case.Outcome.values and saved.closed_at is not None
    else:
        assert saved.outcome == "" and saved.closed_at is None
    moves = list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION)
        .order_by("at", "pk")
        .values_list("to_state", flat=True)
    )
    assert moves == audited_states(case)
    assert (moves[-1] if moves else State.INTAKE) == saved.state


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=attempts)
def test_random_transitions_keep_the_invariants(
    siphum_officer: User, siphum_volunteer: User, steps: list[Any]
) -> None:
    case = make_case(siphum_officer)
    case = assign_case(
        by=siphum_officer,
        case=case,
        expected_version=case.version,
        officer=siphum_officer,
        volunteer=siphum_volunteer,
    )
    for to, outcome, reason, by_volunteer in steps:
        current = fresh(case)
        before = (current.state, current.version, CaseEvent.objects.filter(case=case).count())
        by = siphum_volunteer if by_volunteer else siphum_officer
        legal = workflow.step(current.state, to) is not None
        try:
            transition_case(
                case=current,
                to=to,
                by=by,
                expected_version=current.version,
                outcome=outcome,
                reason=reason,
            )
        except DomainError:
            after = fresh(case)
            assert (after.state, after.version, CaseEvent.objects.filter(case=case).count()) == (
                before
            )
        else:
            assert legal and not by_volunteer
            assert fresh(case).state == to
        check_invariants(case)
