"""`tambon referrals escalate`: remind partners of overdue referrals, then tell the officers.

Run it daily (cron, or enqueue tambon.cases.tasks.referrals.escalate_referrals_task). A
referral still "sent" after its answer date gets a reminder to the partner's members; one still
unanswered three days after the reminder is escalated: flagged on the officer's work queue and
the case's officer is notified. Running it twice the same day sends nothing new.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tambon.cases.services.referrals import escalate_referrals


class Command(BaseCommand):
    help = "Remind partners of overdue referrals and escalate unanswered ones to the officers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from None
        result = escalate_referrals(today=today)
        self.stdout.write(
            f"{result.reminded} partner reminder(s) sent, {result.escalated} referral(s) "
            "escalated to officers."
        )
