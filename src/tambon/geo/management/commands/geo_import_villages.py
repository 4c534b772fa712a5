from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from tambon.core.errors import ValidationError
from tambon.geo.services import import_villages


class Command(BaseCommand):
    help = (
        "Import villages from a CSV with columns subdistrict_code, village_no, name_th[, name_en] "
        "(Thai headers รหัสตำบล, หมู่ที่, ชื่อหมู่บ้าน also work), in UTF-8 or TIS-620. "
        "All rows or none; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = import_villages(data=path.read_bytes(), by=None, dry_run=options["dry_run"])
        except ValidationError as exc:
            raise CommandError(f"{path}: {exc.message}") from None
        for e in result.errors:
            self.stderr.write(f"{path}: row {e.row}, column {e.column} = {e.value!r}: {e.reason}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} row(s) have errors; nothing was imported.")
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb}: {result.created} new, {result.updated} updated villages.")
