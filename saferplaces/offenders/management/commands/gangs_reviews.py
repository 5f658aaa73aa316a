"""The gangs cohort's nightly check (run it once a day, e.g. from cron): remove every member whose
three-monthly review is overdue beyond the grace period, with their data (saferplaces/offenders/gangs.py)."""

from django.core.management.base import BaseCommand

from saferplaces.offenders.services_gangs import overdue_removed


class Command(BaseCommand):
    help = ("Remove from the gangs cohort, with their data, every member whose review is overdue beyond "
            "settings.GANGS['REVIEW_GRACE_DAYS']; list the exports to recall (identifiers only)")

    def handle(self, *args, **options):
        removed = overdue_removed()
        for item in removed:
            exports = ", ".join(str(e.pk) for e in item.exports) or "none"
            self.stdout.write(f"membership {item.removal.membership_id} removed; exports to recall: {exports}")
        self.stdout.write(f"{len(removed)} gangs cohort member(s) removed")
