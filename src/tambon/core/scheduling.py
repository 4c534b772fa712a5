"""The daily jobs: each app registers its own from its AppConfig.ready(), `tambon scheduler`
enqueues their django-tasks tasks on a crontab schedule, and `tambon worker` runs them.

Run one scheduler per deployment. The registered tasks are idempotent (each claims its rows
before acting), so a second scheduler, or a manual `tambon referrals escalate` the same day,
sends and deletes nothing twice; it only puts a second, empty run on the queue.

A job's crontab (minute hour day month weekday, in TIME_ZONE) can be replaced from the
environment, `TAMBON_SCHEDULE_<NAME>` (e.g. TAMBON_SCHEDULE_ESCALATE_REFERRALS="30 6 * * *"), or
from the setting TAMBON_SCHEDULES ({"escalate_referrals": "30 6 * * *"}); the environment wins.
Weekdays count as in cron (0 and 7 Sunday, 1 Monday ... or sun, mon ...).
"""

import datetime as dt
import logging
import os
import zoneinfo
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult
from django_tasks.base import Task

logger = logging.getLogger(__name__)

ENV_PREFIX = "TAMBON_SCHEDULE_"
# A run late by less than this (the machine asleep, the process stalled) still runs, once.
# Runs missed while the scheduler was stopped are not made up (the jobs live in memory): the
# next day's run catches up, since both tasks select by date and age.
MISFIRE_GRACE_SECONDS = 60 * 60
CRON_WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


@dataclass(frozen=True)
class Job:
    """A task to enqueue on a schedule. `task` is the dotted path of a django-tasks task,
    imported only when the job runs (so that ready() stays light)."""

    name: str
    crontab: str
    task: str
    description: str


_jobs: dict[str, Job] = {}


def register(*jobs: Job) -> None:
    """Add jobs to the schedule; registering the same job again changes nothing."""
    for job in jobs:
        existing = _jobs.get(job.name)
        if existing is not None and existing != job:
            raise ImproperlyConfigured(f"Two scheduled jobs are named {job.name!r}.")
        _jobs[job.name] = job


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def get_job(name: str) -> Job:
    """The registered job `name`; LookupError naming the known jobs if there is none."""
    try:
        return _jobs[name]
    except KeyError:
        known = ", ".join(j.name for j in jobs()) or "none"
        raise LookupError(f"No scheduled job is named {name!r} (known jobs: {known}).") from None


def crontab_of(job: Job) -> str:
    """The job's crontab: from the environment, else the setting, else its default."""
    from_env = os.environ.get(f"{ENV_PREFIX}{job.name.upper()}", "").strip()
    if from_env:
        return from_env
    overrides: dict[str, str] = getattr(settings, "TAMBON_SCHEDULES", {}) or {}
    return overrides.get(job.name, "").strip() or job.crontab


def trigger_for(job: Job) -> CronTrigger:
    """The job's cron trigger in TIME_ZONE; ImproperlyConfigured naming the job and the value."""
    crontab = crontab_of(job)
    try:
        fields = crontab.split()
        if len(fields) == 5:
            fields[4] = _weekdays(fields[4])
        return CronTrigger.from_crontab(" ".join(fields), timezone=_zone())
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"The schedule of job {job.name!r} is not a valid crontab: {crontab!r} ({exc}). "
            "Expected five fields, minute hour day month weekday (its default is "
            f"{job.crontab!r}); set it with {ENV_PREFIX}{job.name.upper()}."
        ) from None


def next_run(job: Job, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the job runs next after `now` (aware, in TIME_ZONE)."""
    moment = timezone.localtime(now or timezone.now(), _zone())
    fire: dt.datetime | None = trigger_for(job).get_next_fire_time(None, moment)
    return fire


def enqueue(job: Job) -> TaskResult[Any]:
    """Put the job's task on the queue once (the worker runs it)."""
    task = import_string(job.task)
    if not isinstance(task, Task):
        raise ImproperlyConfigured(f"Job {job.name!r}: {job.task} is not a django-tasks task.")
    _drop_stale_connections()
    try:
        result: TaskResult[Any] = task.enqueue()
    finally:
        _drop_stale_connections()
    logger.info("Scheduled job %s: enqueued %s (task result %s).", job.name, job.task, result.id)
    return result


def build_scheduler() -> BlockingScheduler:
    """A scheduler holding every registered job; every crontab is checked before it starts."""
    scheduler = BlockingScheduler(timezone=_zone())
    for job in jobs():
        scheduler.add_job(
            enqueue,
            trigger=trigger_for(job),
            args=[job],
            id=job.name,
            name=job.description,
            coalesce=True,  # runs missed while it was down: one run, not one per miss
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
    return scheduler


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _weekdays(field: str) -> str:
    """Cron's weekday field as names: APScheduler 3 counts 0 as Monday where cron has Sunday."""
    if field in ("*", "?"):
        return field
    days: set[int] = set()
    for part in field.lower().split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdecimal() and int(step_text) > 0 else None
        if step_text and step is None:
            raise ValueError(f"bad weekday step {part!r}")
        if span == "*":
            first, last = 0, 6
        else:
            low, _, high = span.partition("-")
            first = _weekday(low)
            last = _weekday(high) if high else (6 if step else first)
            if high and _weekday_number(high) == 7:
                last = 7  # "5-7": Friday to Sunday
        if last < first:
            raise ValueError(f"weekday range {part!r} runs backwards")
        days.update(d % 7 for d in range(first, last + 1, step or 1))
    return ",".join(CRON_WEEKDAYS[d] for d in sorted(days))


def _weekday(text: str) -> int:
    return _weekday_number(text) % 7


def _weekday_number(text: str) -> int:
    if text in CRON_WEEKDAYS:
        return CRON_WEEKDAYS.index(text)
    if text.isdecimal() and 0 <= int(text) <= 7:
        return int(text)
    raise ValueError(f"bad weekday {text!r} (0-7 or sun-sat)")


def _drop_stale_connections() -> None:
    # The scheduler's threads live for months: a connection the database closed overnight (or
    # one past DB_CONN_MAX_AGE) is dropped so that the next query opens a fresh one. Never one
    # inside a transaction (a test's, or a caller's).
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
