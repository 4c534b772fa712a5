"""The scheduler of the daily jobs: the jobs the apps register, their schedules in Bangkok time
(and how an operator changes them), and that a job's run puts its task on the queue, which the
immediate backend of these tests runs at once. No real scheduler is started: the tests build it
and call its jobs' functions."""

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import default_task_backend

from tambon.accounts.models import User
from tambon.cases.models import Referral
from tambon.cases.services.referrals import SUBJECT_REMINDER
from tambon.cli import resolve
from tambon.core import scheduling
from tambon.notifications.models import Notification
from tambon.registry.models import ImportBatch
from tambon.registry.tasks.expiry import expire_imports_task
from tests.cases.referral_support import World, world_fixture  # noqa: F401
from tests.conftest import login
from tests.registry.test_import_web_support import csv_bytes, import_setup, last_batch, upload
from tests.registry.test_import_web_support import siphum_rows as survey_rows

__all__ = ["import_setup"]

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# A Thursday morning in Bangkok.
THURSDAY_8AM = dt.datetime(2026, 11, 26, 8, 0, tzinfo=BANGKOK)


def run_job(name: str) -> Any:
    """What the scheduler does when the job's time comes: call the job's function."""
    job = scheduling.build_scheduler().get_job(name)
    assert job is not None
    return job.func(*job.args, **job.kwargs)


def scheduler_output(*args: str) -> str:
    out = io.StringIO()
    call_command("scheduler", *args, stdout=out)
    return out.getvalue()


def test_the_list_shows_both_daily_jobs_with_their_next_run() -> None:
    output = scheduler_output("--list")

    escalation = re.search(
        r"^escalate_referrals  \[0 7 \* \* \*\]  next run (\S+)$", output, re.MULTILINE
    )
    expiry = re.search(r"^expire_imports  \[30 2 \* \* \*\]  next run (\S+)$", output, re.MULTILINE)
    assert escalation and expiry, output
    now = timezone.now()
    for match, time_of_day in ((escalation, dt.time(7, 0)), (expiry, dt.time(2, 30))):
        upcoming = dt.datetime.fromisoformat(match.group(1))
        assert upcoming.utcoffset() == dt.timedelta(hours=7)
        assert upcoming.time() == time_of_day
        assert now < upcoming <= now + dt.timedelta(days=1)
    assert "Remind partners of overdue referrals" in output
    assert "Cancel survey uploads never confirmed" in output


def test_the_jobs_run_daily_in_bangkok_time() -> None:
    escalation = scheduling.get_job("escalate_referrals")
    expiry = scheduling.get_job("expire_imports")

    assert scheduling.next_run(escalation, now=THURSDAY_8AM) == dt.datetime(
        2026, 11, 27, 7, 0, tzinfo=BANGKOK
    )
    assert scheduling.next_run(expiry, now=THURSDAY_8AM) == dt.datetime(
        2026, 11, 27, 2, 30, tzinfo=BANGKOK
    )


def test_the_scheduler_runs_a_missed_job_once_and_never_two_at_a_time() -> None:
    scheduler = scheduling.build_scheduler()

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {"escalate_referrals", "expire_imports"}
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == 3600
        assert str(job.trigger.timezone) == "Asia/Bangkok"


@pytest.mark.django_db
def test_the_escalation_job_reminds_the_partner_of_an_overdue_referral(
    world: World, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    referral = world.refer()
    # Sent last week with an answer date that has passed.
    Referral.objects.filter(pk=referral.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=2)
    )
    before = Notification.objects.filter(recipient=world.member).count()

    run_job("escalate_referrals")

    notes = Notification.objects.filter(recipient=world.member).order_by("pk")
    assert notes.count() == before + 1
    assert notes.last().subject == gettext(SUBJECT_REMINDER) % {  # type: ignore[union-attr]
        "reference": world.case.reference
    }
    assert Referral.objects.get(pk=referral.pk).reminded_at is not None


@pytest.mark.django_db
def test_a_second_scheduler_sends_no_second_reminder(world: World, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    referral = world.refer()
    Referral.objects.filter(pk=referral.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=2)
    )
    run_job("escalate_referrals")
    after_first = Notification.objects.filter(recipient=world.member).count()

    run_job("escalate_referrals")

    assert Notification.objects.filter(recipient=world.member).count() == after_first


@pytest.mark.django_db
@pytest.mark.usefixtures("import_setup")
def test_the_expiry_job_cancels_an_old_unconfirmed_upload(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    upload(login(client, siphum_officer), csv_bytes(survey_rows()))
    batch = last_batch()
    stored = Path(batch.file.path)
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - dt.timedelta(days=8))

    with django_capture_on_commit_callbacks(execute=True):
        run_job("expire_imports")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not stored.exists()


@pytest.mark.django_db
def test_run_now_puts_the_job_task_on_the_queue(settings: Any) -> None:
    settings.TASKS = DUMMY

    output = scheduler_output("--run-now", "expire_imports")

    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [result.task.func for result in queued] == [expire_imports_task.func]
    assert "expire_imports: tambon.registry.tasks.expiry.expire_imports_task enqueued " in output


def test_run_now_of_an_unknown_job_is_a_clear_error() -> None:
    with pytest.raises(CommandError) as error:
        scheduler_output("--run-now", "unknown")

    message = str(error.value)
    assert "'unknown'" in message
    assert "escalate_referrals" in message and "expire_imports" in message


def test_a_malformed_crontab_is_refused_naming_the_job_and_the_value(monkeypatch: Any) -> None:
    monkeypatch.setenv("TAMBON_SCHEDULE_ESCALATE_REFERRALS", "0 25 * * *")

    with pytest.raises(ImproperlyConfigured) as error:
        scheduling.build_scheduler()

    assert "'escalate_referrals'" in str(error.value)
    assert "'0 25 * * *'" in str(error.value)


def test_a_crontab_with_four_fields_stops_the_command(monkeypatch: Any) -> None:
    monkeypatch.setenv("TAMBON_SCHEDULE_EXPIRE_IMPORTS", "30 2 * *")

    with pytest.raises(CommandError, match=r"'expire_imports'.*'30 2 \* \*'"):
        scheduler_output("--list")


def test_a_schedule_is_changed_from_the_environment_over_the_setting(
    monkeypatch: Any, settings: Any
) -> None:
    settings.TAMBON_SCHEDULES = {"escalate_referrals": "15 6 * * *", "expire_imports": "0 4 * * *"}
    monkeypatch.setenv("TAMBON_SCHEDULE_EXPIRE_IMPORTS", "45 1 * * *")

    output = scheduler_output("--list")

    assert "escalate_referrals  [15 6 * * *]" in output
    assert "expire_imports  [45 1 * * *]" in output


def test_weekdays_count_as_in_cron(monkeypatch: Any) -> None:
    # APScheduler 3 alone would read 0 as Monday and 1-5 as Tuesday to Saturday.
    monkeypatch.setenv("TAMBON_SCHEDULE_EXPIRE_IMPORTS", "0 3 * * 0")
    monkeypatch.setenv("TAMBON_SCHEDULE_ESCALATE_REFERRALS", "0 7 * * 1-5")
    friday_8am = THURSDAY_8AM + dt.timedelta(days=1)

    sunday = scheduling.next_run(scheduling.get_job("expire_imports"), now=THURSDAY_8AM)
    monday = scheduling.next_run(scheduling.get_job("escalate_referrals"), now=friday_8am)

    assert sunday == dt.datetime(2026, 11, 29, 3, 0, tzinfo=BANGKOK)
    assert monday == dt.datetime(2026, 11, 30, 7, 0, tzinfo=BANGKOK)


def test_the_cli_resolves_tambon_scheduler() -> None:
    assert resolve(["scheduler"]) == ["scheduler"]
    assert resolve(["scheduler", "--run-now", "expire_imports"]) == [
        "scheduler",
        "--run-now",
        "expire_imports",
    ]
