"""Deactivate accounts nobody has used for ``SAFERPLACES_DORMANT_DAYS`` days (run once a day)."""

from django.core.management.base import BaseCommand

from saferplaces.accounts.services import users_deactivate_dormant


class Command(BaseCommand):
    help = "Deactivate accounts with no sign-in for SAFERPLACES_DORMANT_DAYS days (90 unless set); each is logged."

    def handle(self, *args, **options):
        users = users_deactivate_dormant()
        for user in users:
            self.stdout.write(f"Deactivated {user.username} ({user.agency.short_name})")
        self.stdout.write(self.style.SUCCESS(f"{len(users)} dormant account(s) deactivated."))
