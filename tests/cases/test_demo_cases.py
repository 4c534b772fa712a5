"""The cases demo data: cases in every state of the workflow in the program sub-districts,
with care plans and timelines; a second run creates nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from tambon.cases.models import CarePlan, Case, CaseEvent, State

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

GENERATORS = ["geo.villages", "accounts.users", "registry.households", "cases.cases"]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=1, only=GENERATORS, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[str, str, str, int]]:
    return list(
        Case.objects.order_by("reference").values_list(
            "reference", "person__search_name", "state", "version"
        )
    )


def test_the_demo_has_cases_in_every_state_and_a_second_run_adds_nothing() -> None:
    run_demo()
    first = snapshot()
    events = CaseEvent.objects.count()

    run_demo()

    assert {state for _ref, _name, state, _v in first} == set(State.values)
    assert snapshot() == first
    assert CaseEvent.objects.count() == events
    closed = Case.objects.filter(state=State.CLOSED)
    assert closed.exists() and not closed.filter(outcome="").exists()
    planned = Case.objects.filter(state__in=[State.IN_SERVICE, State.FOLLOW_UP])
    assert CarePlan.objects.filter(case__in=planned).count() == planned.count()
    assert Case.objects.filter(assigned_officer__isnull=True).count() == 0
