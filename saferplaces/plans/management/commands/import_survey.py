from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saferplaces.core.csvimport import ImportFileError, decode
from saferplaces.plans.surveys import PAS, results_load


class Command(BaseCommand):
    help = ("Import a MOPAC Public Attitude Survey indicators file (London Datastore CSV, by neighbourhood), all "
            "or none, and the readings of the KPIs whose source is the survey.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PAS CSV file")
        parser.add_argument("--period", required=True,
                            help="the period the file covers (its name says it): 2016, 2016-17 or 2015-16 to 2020-21")
        parser.add_argument("--survey", default=PAS, help=f"the survey's name (default: {PAS})")

    def handle(self, *args, file, period, survey, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            outcome = results_load(text=decode(path.read_bytes()), period=period, survey=survey)
        except (ImportFileError, ValueError) as error:
            raise CommandError(str(error)) from None
        if not outcome.result.ok:
            for line, problem in outcome.result.rejected:
                self.stderr.write(f"line {line}: {problem}")
            raise CommandError(f"{len(outcome.result.rejected)} problem(s): nothing was imported")
        parsed = outcome.file
        self.stdout.write(self.style.SUCCESS(f"Imported {outcome.result.imported} figures for {period}."))
        if parsed.left_out_columns:
            self.stdout.write(f"Columns left out (no '% ...' label): {'; '.join(parsed.left_out_columns)}")
        if parsed.blank_cells:
            self.stdout.write(f"Blank or N/A cells: {parsed.blank_cells}")
        if parsed.areas_without_figures:
            self.stdout.write(f"Areas without figures: {', '.join(parsed.areas_without_figures)}")
        for reading in outcome.readings:
            self.stdout.write(f"KPI reading: {reading.kpi.name[:60]} = {reading.value:g}")
        for why in outcome.kpis_without_figures:
            self.stdout.write(f"No reading for the survey KPI {why}")
