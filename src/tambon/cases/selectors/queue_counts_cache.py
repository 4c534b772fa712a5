"""The work-queue counts, kept in the cache until something they count changes.

Every page of the queues and the home page show the counts of the user's queues; for an
officer of a whole province each count reads every case of the province (about 130 ms of a
page at 100,000 cases). They are kept in the cache under a *generation* that every change to
a case, follow-up, referral or request for help moves on (`queues_changed`, wired to those
models' saves and deletes in cases/signals.py and called by services that write with
`QuerySet.update`): a count is never older than the last change, and the first page after a
change pays for the counting.

The generation moves twice: at the write, so that the writer's own next page (and a test
inside one transaction) counts again, and at the commit, so that a page counted meanwhile
from the data before the commit is not kept. With a per-process cache (LocMemCache, when no
REDIS_URL is set) a change made in another process (the task worker) reaches the web process
only when the kept counts expire: COUNTS_TTL bounds that.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "cases:queues:generation"
COUNTS_TTL = 120  # seconds

T = TypeVar("T")


def queues_changed() -> None:
    """Something the queues count has changed: counts kept before are not used again."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new value will do
        cache.set(GENERATION_KEY, 1, timeout=None)


def _generation() -> int:
    return int(cache.get_or_set(GENERATION_KEY, 0, timeout=None) or 0)


def kept_counts(user: Any, today: dt.date, count: Callable[[], T]) -> T:
    """`count()` for this user and day, from the cache while nothing has changed."""
    # The key names what the counts depend on besides the data: who, their role and areas.
    scope = f"{user.role}:{int(user.is_national_admin)}:{','.join(user.area_codes())}"
    digest = hashlib.sha256(scope.encode()).hexdigest()[:16]
    key = f"cases:queues:counts:{user.pk}:{digest}:{today.isoformat()}:{_generation()}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, timeout=COUNTS_TTL)
    return found
