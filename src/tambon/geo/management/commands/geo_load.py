import time
from typing import IO, Any, cast

from django.core.management.base import BaseCommand
from rich.console import Console

from tambon.geo.services import load_geography


class Command(BaseCommand):
    help = "Load all 77 provinces, 928 districts and 7,436 sub-districts from geothai (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout._out), highlight=False)
        started = time.perf_counter()
        with console.status("Loading Thai geography from geothai…"):
            result = load_geography(
                progress=lambda level, done, total: console.log(f"{level}: {done:,}")
            )
        console.print(
            f"Loaded {result.provinces} provinces, {result.districts:,} districts, "
            f"{result.subdistricts:,} sub-districts in {time.perf_counter() - started:.1f} s."
        )
