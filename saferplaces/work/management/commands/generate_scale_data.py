"""``manage.py generate_scale_data``: a borough's volume of synthetic casework for bench/bench_web.py."""

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.work.scale_data import FULL, ScaleData, counts_for


class Command(BaseCommand):
    help = ("Add a large borough's volume of synthetic (sample) records to the database: "
            + ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in FULL.items())
            + " at --scale 1. Loads the demo first if it is not loaded. Meant for PostgreSQL (COPY).")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (default 1)")
        parser.add_argument("--seed", type=int, default=20)
        parser.add_argument("--today", type=dt.date.fromisoformat, help="date the records back from (YYYY-MM-DD)")

    def handle(self, *args, scale, seed, today, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if connection.vendor != "postgresql" and scale > 0.05:
            raise CommandError("Above --scale 0.05 use PostgreSQL (set DATABASE_URL): SQLite is for small runs.")
        if not Agency.objects.exists():
            self.stdout.write("No agencies yet: loading the demo first.")
            call_command("load_demo", stdout=self.stdout)
        counts = counts_for(scale)
        self.stdout.write("Generating " + ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items()))
        run = ScaleData(scale=scale, seed=seed, today=today or timezone.localdate(), out=self.stdout.write)
        result = run.run()
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {sum(result.rows.values()):,} rows in {sum(result.seconds.values()):.0f} s (sample data)."))
