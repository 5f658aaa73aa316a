from django.conf import settings
from django.core.management.base import BaseCommand

from saferplaces.insights.services import abandoned_runs_cleanup


class Command(BaseCommand):
    help = "Delete the uploaded files of assessments that failed or never started (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.EVIDENCE["KEEP_DAYS"],
                            help="keep the files this many days (default: SAFERPLACES_EVIDENCE_KEEP_DAYS)")

    def handle(self, *args, days, **options):
        removed = abandoned_runs_cleanup(days=days)
        self.stdout.write(f"{len(removed)} folders of failed or abandoned assessments deleted")
