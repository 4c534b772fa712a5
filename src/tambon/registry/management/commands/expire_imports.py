"""`tambon imports expire`: cancel survey uploads never confirmed, deleting their files.

An uploaded survey holds national IDs in plain text until it is imported or cancelled; run this
daily (cron or a systemd timer) so that forgotten uploads do not stay on disk.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tambon.registry.services.imports import expire_stale_imports


class Command(BaseCommand):
    help = (
        "Cancel survey uploads left unconfirmed for more than --days days and delete their files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.TAMBON_IMPORT_UPLOAD_MAX_AGE_DAYS,
            help="Age in days after which an unconfirmed upload is cancelled "
            "(default: IMPORT_UPLOAD_MAX_AGE_DAYS, %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            self.stderr.write("--days must be 1 or more.")
            raise SystemExit(2)
        count = expire_stale_imports(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{count} unconfirmed upload(s) older than {days} day(s) cancelled.")
