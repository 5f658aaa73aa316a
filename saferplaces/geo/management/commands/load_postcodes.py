from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saferplaces.core.csvimport import ImportFileError, decode
from saferplaces.geo.postcodes import load_nspl


class Command(BaseCommand):
    help = ("Load postcodes and their points from the ONS National Statistics Postcode Lookup (NSPL) or ONS "
            "Postcode Directory CSV (the Data/ file inside the download), all or none.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the NSPL or ONSPD CSV file")
        parser.add_argument("--lad", default="", help="keep only this local authority's postcodes, e.g. E09000033")

    def handle(self, *args, file, lad, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            loaded = load_nspl(decode(path.read_bytes()), lad=lad)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        result = loaded.result
        if not result.ok:
            for line, problem in result.rejected:
                self.stderr.write(f"line {line}: {problem}")
            raise CommandError(f"{len(result.rejected)} problem{'s' if len(result.rejected) != 1 else ''}: "
                               "nothing was loaded")
        left_out = ", ".join(f"{n} {why}" for why, n in loaded.skipped.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {result.imported} postcodes"
                                             + (f" (left out: {left_out})" if left_out else "")))
