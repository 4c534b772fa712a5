"""The unread badge of the navbar: one query per page for a signed-in user, none otherwise."""

from typing import Any

from django import template

from tambon.notifications.selectors import unread_count

register = template.Library()

_CACHE_ATTR = "_tambon_unread_notifications"


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    """The signed-in user's unread count, counted once per request however often it is shown."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        return 0
    if request is None:
        return unread_count(user)
    if not hasattr(request, _CACHE_ATTR):
        setattr(request, _CACHE_ATTR, unread_count(user))
    return int(getattr(request, _CACHE_ATTR))
