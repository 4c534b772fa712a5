"""The referrals section of a case's page: loaded by its own tag, so the case view stays as is."""

from typing import Any

from django import template
from django.utils import timezone

from tambon.cases.selectors import referrals as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_referrals(context: template.Context, case: Any) -> dict[str, Any]:
    """The case's referrals the user sees (one query), and whether the user may refer it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or case is None:
        return {"items": [], "can_refer": False}
    return {
        "items": selectors.referrals_of_case(user=user, case=case),
        "can_refer": case.is_open and user.has_perm("cases.refer_case", case),
        "today": timezone.localdate(),
    }


@register.inclusion_tag("cases/referrals/_state.html")
def referral_state(referral: Any) -> dict[str, Any]:
    return {"referral": referral}
