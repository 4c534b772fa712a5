"""Escalation of unanswered referrals, day by day with the `today=` argument: a reminder to the
partner the day after the answer date, the officer told (and the referral flagged) three days
after the reminder, and nothing new when it runs again."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import CaseEvent, Referral
from tambon.cases.selectors.referrals import escalated_referrals
from tambon.cases.services.referrals import answer_referral, escalate_referrals
from tambon.cases.tasks.referrals import escalate_referrals_task
from tambon.cli import resolve
from tambon.notifications.models import Notification
from tests.cases.referral_support import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def notes_to(user: User) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True)
    )


def test_the_whole_escalation_timeline(world: World, bkk_officer: User) -> None:
    referral = world.refer()
    due = referral.answer_due

    # On the answer date: nothing yet.
    assert escalate_referrals(today=due).reminded == 0
    assert Referral.objects.get(pk=referral.pk).reminded_at is None

    # The day after: the partner is reminded, once.
    first = escalate_referrals(today=due + dt.timedelta(days=1))
    again = escalate_referrals(today=due + dt.timedelta(days=1))
    saved = Referral.objects.get(pk=referral.pk)
    assert (first.reminded, first.escalated) == (1, 0)
    assert (again.reminded, again.escalated) == (0, 0)
    assert timezone.localtime(saved.reminded_at).date() == due + dt.timedelta(days=1)
    assert len(notes_to(world.member)) == 2  # the referral, the reminder
    assert notes_to(world.officer) == []

    # Two days after the reminder: still waiting.
    assert escalate_referrals(today=due + dt.timedelta(days=3)).escalated == 0
    assert list(escalated_referrals(world.officer)) == []

    # Three days after the reminder: escalated to the case's officer and flagged, once.
    late = escalate_referrals(today=due + dt.timedelta(days=4))
    later = escalate_referrals(today=due + dt.timedelta(days=5))
    assert (late.reminded, late.escalated) == (0, 1)
    assert (later.reminded, later.escalated) == (0, 0)
    assert len(notes_to(world.officer)) == 1
    assert len(notes_to(world.member)) == 2
    assert list(escalated_referrals(world.officer)) == [saved]
    assert list(escalated_referrals(bkk_officer)) == []
    assert list(escalated_referrals(world.member)) == [saved]
    kinds = CaseEvent.objects.filter(case=world.case, kind__startswith="referral_")
    assert list(kinds.order_by("pk").values_list("kind", flat=True)) == [
        "referral_sent",
        "referral_reminded",
        "referral_escalated",
    ]


def test_an_answered_referral_is_never_reminded(world: World) -> None:
    referral = world.refer()
    answer_referral(action="accept", referral=referral, by=world.member, expected_version=1)

    result = escalate_referrals(today=referral.answer_due + dt.timedelta(days=30))

    assert (result.reminded, result.escalated) == (0, 0)
    assert Referral.objects.get(pk=referral.pk).reminded_at is None


def test_an_escalated_referral_leaves_the_queue_once_answered(world: World) -> None:
    referral = world.refer()
    escalate_referrals(today=referral.answer_due + dt.timedelta(days=1))
    escalate_referrals(today=referral.answer_due + dt.timedelta(days=4))
    assert escalated_referrals(world.officer).count() == 1

    answer_referral(
        action="accept",
        referral=Referral.objects.get(pk=referral.pk),
        by=world.member,
        expected_version=1,
    )

    assert escalated_referrals(world.officer).count() == 0


def test_the_command_and_the_task_run_the_same_service(world: World) -> None:
    referral = world.refer()
    out = io.StringIO()

    call_command(
        "escalate_referrals",
        "--today",
        (referral.answer_due + dt.timedelta(days=1)).isoformat(),
        stdout=out,
    )
    result = escalate_referrals_task.call()

    assert "1 partner reminder(s) sent, 0 referral(s) escalated" in out.getvalue()
    assert result == {"reminded": 0, "escalated": 0}
    assert resolve(["referrals", "escalate", "--today", "2026-01-05"]) == [
        "escalate_referrals",
        "--today",
        "2026-01-05",
    ]
