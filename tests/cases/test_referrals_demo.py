"""The referrals demo data: referrals of the helped demo cases to the partners' services in
every state, one escalated, the demo partner account answering; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from tambon.cases.models import CaseEvent, Referral, ReferralState
from tambon.network.models import Partner

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

GENERATORS = [
    "geo.villages",
    "accounts.users",
    "registry.households",
    "network.partners",
    "cases.cases",
    "cases.referrals",
]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=1, only=GENERATORS, stdout=out)
    return out.getvalue()


def test_the_demo_has_referrals_in_every_state_and_a_second_run_adds_nothing() -> None:
    run_demo()
    first = list(Referral.objects.order_by("pk").values_list("pk", "state", "version"))
    events = CaseEvent.objects.filter(kind__startswith="referral_").count()

    run_demo()

    assert {state for _pk, state, _v in first} == set(ReferralState.values)
    assert list(Referral.objects.order_by("pk").values_list("pk", "state", "version")) == first
    assert CaseEvent.objects.filter(kind__startswith="referral_").count() == events
    assert Referral.objects.filter(state="sent", escalated_at__isnull=False).exists()
    demo_fund = Partner.objects.filter(members__username="partner").first()
    assert demo_fund is not None and Referral.objects.filter(partner=demo_fund).exists()
    assert not Referral.objects.exclude(
        case__state__in=["planning", "in_service", "follow_up"]
    ).exists()
