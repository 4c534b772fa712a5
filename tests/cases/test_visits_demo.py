"""The demo field work: visits, assistance and follow-ups (some overdue) on the demo cases,
through the services; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tambon.cases.models import Assistance, Case, CaseEvent, FollowUp, HomeVisit, State

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

GENERATORS = [
    "geo.villages",
    "accounts.users",
    "registry.households",
    "cases.cases",
    "cases.fieldwork",
]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=1, only=GENERATORS, stdout=out)
    return out.getvalue()


def test_the_demo_cases_get_visits_assistance_and_follow_ups_some_overdue() -> None:
    run_demo()
    counts = (HomeVisit.objects.count(), Assistance.objects.count(), FollowUp.objects.count())
    events = CaseEvent.objects.count()

    run_demo()

    assert counts[0] > 0 and counts[1] > 0 and counts[2] > 0
    assert (
        HomeVisit.objects.count(),
        Assistance.objects.count(),
        FollowUp.objects.count(),
    ) == counts
    assert CaseEvent.objects.count() == events
    today = timezone.localdate()
    assert FollowUp.objects.filter(status="open", due_on__lt=today).exists()
    assert FollowUp.objects.filter(status="open", due_on__gte=today).exists()
    assert FollowUp.objects.filter(status="done", visit__isnull=False).exists()
    assert not HomeVisit.objects.filter(visited_on__gt=today).exists()
    visited = Case.objects.filter(visits__isnull=False).distinct()
    assert not visited.filter(state__in=[State.INTAKE, State.CLOSED]).exists()
    assert HomeVisit.objects.filter(visitor__role="volunteer").exists()
