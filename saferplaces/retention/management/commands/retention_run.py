"""The nightly retention run (docs/retention.md): schedule it once a day, e.g. from cron."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from saferplaces.retention.run import retention_run


class Command(BaseCommand):
    help = ("Apply the retention schedule: put records past their date on their agency's review list, delete "
            "or anonymise those their rule or their owner let go, and report what was done per kind of record "
            "and category. Records under a legal hold are left.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be done; change nothing")
        parser.add_argument("--today", help="Run as of this date (YYYY-MM-DD) instead of today")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            on = dt.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("Give --today as a date, YYYY-MM-DD") from error
        report = retention_run(today=on, dry_run=dry_run)
        self.stdout.write("\n".join(report.lines()) + "\n")
