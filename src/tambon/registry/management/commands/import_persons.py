"""`tambon import persons FILE`: import households and people from a survey file.

Atomic: every valid row or nothing. With errors in the file the import is refused (exit 1)
unless --skip-invalid is given, which imports the valid rows and reports the others.
"""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils.translation import gettext as _

from tambon.accounts.policy import area_prefixes
from tambon.core.errors import DomainError
from tambon.registry.importing import (
    FIELDS,
    import_file,
    inspect_file,
    missing_required,
    validate_file,
    write_error_report,
)

EXIT_ERRORS = 1
EXIT_USAGE = 2
SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = (
        "Import households and people from a survey file (CSV in UTF-8 or TIS-620, or XLSX) "
        "with Thai or English column headers. Every valid row or nothing: a file with errors "
        "is refused unless --skip-invalid. Importing the same file again creates nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file.")
        parser.add_argument("--encoding", help="Text encoding of a CSV (default: detected).")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help="Read FIELD from the column HEADER (repeatable). Fields: "
            + ", ".join(f.name for f in FIELDS),
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows even if other rows have errors.",
        )
        parser.add_argument("--user", help="Username of the officer the import is made for.")
        parser.add_argument("--report", type=Path, help="Write the error report (XLSX) here.")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=EXIT_USAGE)
        user = self._user(options["user"])
        try:
            info = inspect_file(path, encoding=options["encoding"])
            column_map = self._column_map(info.suggested_map, options["map"], info.headers)
            kind = f"{info.format.upper()}{', ' + info.encoding if info.encoding else ''}"
            self.stdout.write(f"{path.name} ({kind})")
            with _ProgressBar(self.stderr) as bar:
                if options["dry_run"]:
                    outcome: Any = validate_file(
                        path,
                        column_map=column_map,
                        encoding=options["encoding"],
                        area_codes=area_prefixes(user) if user else None,
                        progress=bar.update,
                    )
                else:
                    outcome = import_file(
                        path,
                        column_map=column_map,
                        encoding=options["encoding"],
                        user=user,
                        progress=bar.update,
                        skip_invalid=options["skip_invalid"],
                    )
        except DomainError as exc:
            raise CommandError(f"{path}: {exc.message}", returncode=EXIT_USAGE) from None
        self._summary(outcome, dry_run=options["dry_run"])
        if options["report"]:
            write_error_report(path, outcome, options["report"])
            self.stdout.write(f"Error report: {options['report']}")
        if outcome.error_count and not (options["skip_invalid"] and not options["dry_run"]):
            verdict = (
                "The file has errors."
                if options["dry_run"]
                else "The file has errors: nothing was imported (use --skip-invalid to "
                "import the valid rows)."
            )
            raise CommandError(verdict, returncode=EXIT_ERRORS)

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.", returncode=EXIT_USAGE) from None

    def _column_map(self, suggested: dict[str, str], pairs: list[str], headers: list[str]) -> dict:
        column_map = dict(suggested)
        known = {f.name for f in FIELDS}
        for pair in pairs:
            field, sep, header = pair.partition("=")
            if not sep or field not in known:
                raise CommandError(
                    f"--map {pair!r}: write FIELD=HEADER with a FIELD among "
                    + ", ".join(sorted(known)),
                    returncode=EXIT_USAGE,
                )
            if header and header not in headers:
                raise CommandError(
                    f"--map {pair!r}: the file has no column {header!r}. Its columns: "
                    + ", ".join(headers),
                    returncode=EXIT_USAGE,
                )
            column_map[field] = header
        missing = missing_required(column_map)
        if missing:
            raise CommandError(
                "No column found for: "
                + ", ".join(missing)
                + ". Name it with --map FIELD=HEADER. The file's columns: "
                + ", ".join(headers),
                returncode=EXIT_USAGE,
            )
        return {f: h for f, h in column_map.items() if h}

    def _summary(self, outcome: Any, *, dry_run: bool) -> None:
        out = self.stdout.write
        out(
            f"Rows: {outcome.total_rows:,}; valid: {outcome.valid_rows:,}; "
            f"with errors: {outcome.error_rows:,} ({outcome.error_count:,} errors)"
        )
        out(
            f"Skipped: {outcome.already_imported:,} already imported, "
            f"{outcome.already_in_registry:,} already in the registry"
        )
        if dry_run:
            out(f"Would import: {outcome.rows_to_import:,} people (dry run: nothing written)")
        elif outcome.imported:
            out(
                f"Created: {outcome.created_households:,} households, "
                f"{outcome.created_people:,} people"
            )
        for error in outcome.errors[:SHOWN_ERRORS]:
            column = f", {error.column}" if error.column else ""
            value = f" = {error.value!r}" if error.value else ""
            self.stderr.write(f"  row {error.row}{column}{value}: {error.reason}")
        if outcome.error_count > SHOWN_ERRORS:
            self.stderr.write(
                f"  ... and {outcome.error_count - SHOWN_ERRORS:,} more (see --report)."
            )


class _ProgressBar:
    """A rich progress bar on a terminal; plain lines otherwise (logs, tests)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.interactive = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> "_ProgressBar":
        if self.interactive:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(_("Rows"), total=None)
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)
        else:
            self.stream.write(f"Progress: {done:,} / {total:,} rows")
            self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
