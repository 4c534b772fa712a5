"""`tambon scheduler`: enqueue the daily jobs on their crontab schedules (TIME_ZONE).

Run one beside `tambon worker`, which runs what it enqueues. `--list` shows the jobs and when
each runs next; `--run-now NAME` enqueues one job's task once (e.g. to catch up after an outage).
See tambon.core.scheduling for the jobs and how to change their schedules.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tambon.core import scheduling


class Command(BaseCommand):
    help = (
        "Enqueue the daily jobs (referral escalation, expiry of unconfirmed uploads) on their "
        "schedules; `tambon worker` runs them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--list",
            action="store_true",
            help="Print each job, its crontab, what it does and its next run, then exit.",
        )
        action.add_argument(
            "--run-now",
            metavar="NAME",
            help="Enqueue the task of the job NAME once, then exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["list"]:
                self._list()
            elif options["run_now"]:
                self._run_now(options["run_now"])
            else:
                self._run()
        except (ImproperlyConfigured, LookupError) as exc:
            raise CommandError(str(exc)) from None

    def _list(self) -> None:
        jobs = scheduling.jobs()
        if not jobs:
            self.stdout.write("No scheduled jobs are registered.")
            return
        # Every schedule is checked before anything is printed.
        upcoming = [scheduling.next_run(job) for job in jobs]
        for job, when in zip(jobs, upcoming, strict=True):
            self.stdout.write(
                f"{job.name}  [{scheduling.crontab_of(job)}]  "
                f"next run {when.isoformat() if when else 'never'}\n    {job.description}"
            )

    def _run_now(self, name: str) -> None:
        job = scheduling.get_job(name)
        result = scheduling.enqueue(job)
        self.stdout.write(f"{job.name}: {job.task} enqueued (task result {result.id}).")

    def _run(self) -> None:
        scheduler = scheduling.build_scheduler()
        for job in scheduling.jobs():
            self.stdout.write(f"{job.name} [{scheduling.crontab_of(job)}]: {job.description}")
        self.stdout.write("Scheduler running (Ctrl-C stops it); `tambon worker` runs the tasks.")
        try:
            scheduler.start()
        except KeyboardInterrupt:
            scheduler.shutdown(wait=False)
