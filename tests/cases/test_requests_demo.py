"""The requests-for-help demo data: in each program sub-district one request waiting, one
turned into a case and one closed; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from tambon.cases.models import Case, HelpRequest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

GENERATORS = [
    "geo.villages",
    "accounts.users",
    "registry.households",
    "cases.cases",
    "cases.requests",
]


def run_demo() -> None:
    call_command("demo", scale="small", seed=1, only=GENERATORS, stdout=StringIO())


def test_the_demo_has_requests_in_every_status_and_a_second_run_adds_nothing() -> None:
    run_demo()
    first = list(HelpRequest.objects.order_by("reference").values_list("reference", "status"))

    run_demo()

    assert (
        list(HelpRequest.objects.order_by("reference").values_list("reference", "status")) == first
    )
    assert {status for _ref, status in first} == set(HelpRequest.Status.values)
    linked = HelpRequest.objects.filter(status=HelpRequest.Status.IN_PROGRESS)
    assert linked.exists()
    assert not linked.filter(case__isnull=True).exists()
    assert set(Case.objects.filter(help_requests__in=linked).values_list("channel", flat=True)) == {
        Case.Channel.PUBLIC_REQUEST
    }
