"""Field work on a case's page: `{% fieldwork_for case as fw %}` (the section's data and what
the user may do) and `{{ amount|baht }}` (1,500.00 บาท)."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from tambon.cases.selectors.visits import fieldwork_of
from tambon.registry.models import Dimension

register = template.Library()


@register.filter
def baht(value: Decimal | float | int | None) -> str:
    """An amount in baht, Thai style: thousands separators, 2 decimals, then "baht"."""
    if value is None or value == "":
        return "—"
    # Decimal formatting, not float: 9,999,999,999.99 stays exact.
    return _("%(amount)s baht") % {"amount": f"{Decimal(str(value)):,.2f}"}


@register.filter
def dimension_label(value: str) -> str:
    """The name of one of the five dimensions (registry Dimension), translated."""
    labels = dict(Dimension.choices)
    return str(labels.get(value, value))


@register.simple_tag(takes_context=True)
def fieldwork_for(context: template.Context, case: Any) -> dict[str, Any]:
    """The visits, assistance and follow-ups of the case, and the user's rights on them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("cases.view_case", case):
        return {"shown": False}
    is_open = case.is_open
    return {
        "shown": True,
        "data": fieldwork_of(case),
        "can_visit": is_open and user.has_perm("cases.record_visit", case),
        "can_give": is_open and user.has_perm("cases.record_assistance", case),
        "can_plan": is_open and user.has_perm("cases.manage_follow_ups", case),
    }
