"""`tambon dedupe [--area CODE] [--threshold 0.9]`: find likely duplicate people for review.

Scores every root person of the area (all of Thailand without --area) with the linkage model
and adds the new likely pairs to the review queue. Pairs already in the queue, merged or
marked "not the same person" are left alone, so running it again is safe.
"""

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from tambon.registry.dedupe.predict import DEFAULT_THRESHOLD
from tambon.registry.dedupe.run import STAGES, find_duplicates

EXIT_USAGE = 2
STAGE_TEXT = {
    "read": "Reading people",
    "scored": "Scoring pairs",
    "written": "Writing the review queue",
}


def _threshold(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Find likely duplicate people (splink on DuckDB) and add them to the review queue. "
        "Decided pairs are never reopened; running it again creates nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--area",
            action="append",
            metavar="CODE",
            help="Only people of this province, district or sub-district code (repeatable).",
        )
        parser.add_argument(
            "--threshold",
            type=_threshold,
            default=DEFAULT_THRESHOLD,
            help=f"Lowest match probability queued, between 0 and 1 (default {DEFAULT_THRESHOLD}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        areas: list[str] | None = options["area"]
        for code in areas or ():
            if not code.isdigit() or len(code) not in (2, 4, 6, 8):
                raise CommandError(
                    f"--area {code!r}: give a province, district, sub-district or village code "
                    "(2, 4, 6 or 8 digits).",
                    returncode=EXIT_USAGE,
                )
        console = Console(file=cast(IO[str], self.stdout._out), highlight=False)
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        with progress:
            bar = progress.add_task(STAGE_TEXT[STAGES[0]], total=len(STAGES))

            def advance(stage: str) -> None:
                following = STAGES.index(stage) + 1
                text = STAGE_TEXT[STAGES[following]] if following < len(STAGES) else "Done"
                progress.update(bar, advance=1, description=text)

            summary = find_duplicates(
                area_code=areas, threshold=options["threshold"], progress=advance
            )
        scope = ", ".join(areas) if areas else "all areas"
        console.print(
            f"{summary.people:,} people compared ({scope}) in {summary.seconds:.1f} s: "
            f"{summary.pairs:,} pairs at or above {summary.threshold:g}."
        )
        console.print(f"{summary.created:,} new possible duplicates queued.")
        console.print(
            f"{summary.already_open:,} already waiting for review; "
            f"{summary.already_decided:,} decided before (left as decided)."
        )
