"""Load the demo: the Safer Westminster Partnership's agencies, a demo user for every role in
several agencies, a sample information-sharing agreement, and fictional people.

Safe to run again: it updates what it created before. Other modules add their demo data by
registering a loader in ``saferplaces.core.demo``.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from saferplaces.core import demo


class Command(BaseCommand):
    help = "Load the Safer Westminster Partnership demo data (agencies, users, agreement, people)."

    # The demo's tasks and referrals notify their officers in the app (each demo user's inbox); the
    # same notifications by e-mail would go to made-up addresses and bury this command's summary.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    @transaction.atomic
    def handle(self, *args, **options):
        for step in demo.before_load_steps():
            step(self.stdout)
        for name, loader in demo.loaders():
            self.stdout.write(f"Loading demo: {name}")
            loader(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
