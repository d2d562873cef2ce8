"""`manage.py import_mobilities FILE`: the admin's import of past mobility records, from a shell.

The same service as the admin (`mobility.services.imports`): the same matching and checks, the
same summary, all or nothing. Exit code 1 when a row is refused (nothing is imported then).
"""

import pathlib

from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import CSV, XLSX

from mobility.services import imports

FORMATS = {".csv": CSV, ".xlsx": XLSX}


class Command(BaseCommand):
    help = "Import past mobility records from a CSV or XLSX file (the columns of the admin's import)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        path = pathlib.Path(file)
        file_format = FORMATS.get(path.suffix.lower())
        if file_format is None:
            raise CommandError(f"{path.name}: give a .csv or .xlsx file.")
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            if file_format is CSV:
                dataset = CSV().create_dataset(content.decode("utf-8-sig"))
            else:
                dataset = XLSX().create_dataset(content)
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise CommandError(
                f"{path.name} cannot be read as {path.suffix.lower()[1:].upper()}: {exc}"
            ) from exc

        result = imports.import_records(dataset, dry_run=dry_run, file_name=path.name)
        summary = imports.summarise(result)
        if not summary.imported:
            for line in summary.lines()[1:]:
                self.stderr.write(line)
            raise CommandError(summary.lines()[0])
        for line in summary.lines():
            self.stdout.write(self.style.SUCCESS(line))
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
