from django.core.management.base import BaseCommand, CommandError

from saferplaces.insights import police_feed


class Command(BaseCommand):
    help = ("Fetch the borough's newest months of street-level crime from the police.uk API into the evidence "
            "store (run monthly from cron: docs/police-feed.md). All or nothing; a month fetched again is replaced.")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None,
                            help="look at police.uk's newest N months (default: POLICE_FEED_MONTHS)")
        parser.add_argument("--refresh", action="store_true",
                            help="fetch those months again even when held (police.uk revises recent months)")
        parser.add_argument("--month", action="append", dest="only", metavar="YYYY-MM",
                            help="fetch exactly this month (again); may be repeated")

    def handle(self, *args, months, refresh, only, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1")
        try:
            fetched = police_feed.feed_run(months=months, refresh=refresh, only=only)
        except police_feed.FeedError as error:
            raise CommandError(f"{error}. Nothing was stored.") from None
        if not fetched:
            held = police_feed.held_months()
            self.stdout.write(f"Nothing new: the store holds {len(held)} months"
                              f"{f', the newest {held[-1]}' if held else ''}")
            return
        for month in fetched:
            self.stdout.write(f"{month.month}: {month.crimes} records {'replaced' if month.replaced else 'added'}")
        self.stdout.write(f"{len(fetched)} month{'' if len(fetched) == 1 else 's'} stored in {police_feed.store()}")
