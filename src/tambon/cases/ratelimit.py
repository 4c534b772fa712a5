"""A fixed-window rate limit counted in Django's cache (Redis in production, locmem in the demo),
the way allauth limits sign-ins: the public request form and its status page use it."""

import time

from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "tambon:rate"


def _key(name: str, window: int) -> str:
    return f"{PREFIX}:{name}:{window}:{int(time.time() // window)}"


def used(name: str, *, window: int) -> int:
    """How many hits `name` has in the current window."""
    return int(cache.get(_key(name, window)) or 0)


def allowed(name: str, *, limit: int, window: int) -> bool:
    """Whether one more hit still fits the limit (nothing is counted)."""
    return used(name, window=window) < limit


def hit(name: str, *, window: int) -> int:
    """Count one hit of `name` in the current window; the count so far."""
    key = _key(name, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def client_ip(request: HttpRequest) -> str:
    """The address the request came from (a proxy in front must set REMOTE_ADDR right)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")
