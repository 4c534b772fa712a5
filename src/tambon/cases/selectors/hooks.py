"""Questions the case workflow asks of the parts built on top of it."""

from typing import Any


def has_open_referrals(case: Any) -> bool:
    """Whether the case has a referral still waiting for an answer or delivery (sent or
    accepted). Closing a case asks this (the FSM condition of `Case.close` and
    `transition_case`)."""
    from tambon.cases.models import OPEN_REFERRAL_STATES, Referral

    if case is None or case.pk is None:
        return False
    return Referral.objects.filter(case_id=case.pk, state__in=OPEN_REFERRAL_STATES).exists()
