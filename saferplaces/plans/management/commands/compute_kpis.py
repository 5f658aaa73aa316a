from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from saferplaces.plans.quarters import Quarter
from saferplaces.plans.services import kpis_compute


class Command(BaseCommand):
    help = "Read every KPI whose source is a measure, for a quarter (default: the last complete quarter)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="a financial quarter such as 2018/19 Q1 (April to June 2018) "
                                              "or a calendar one such as 2018-Q2")

    def handle(self, *args, **options):
        try:
            quarter = Quarter.parse(options["quarter"]) if options["quarter"] else \
                Quarter.containing(timezone.localdate()).previous()
        except ValueError as error:
            raise CommandError(str(error)) from None
        readings = kpis_compute(quarter=quarter)
        self.stdout.write(self.style.SUCCESS(f"{len(readings)} KPI readings computed for {quarter}."))
