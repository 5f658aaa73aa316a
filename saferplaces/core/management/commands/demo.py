"""``manage.py demo``: build the demo database, load the demo data and serve the app."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from saferplaces.core import demo


class Command(BaseCommand):
    help = "Migrate, load the demo data and run the web app on http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Prepare the demo but do not start the server")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo")
        for step in demo.after_load_steps():
            step(self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Sign in at http://{options['addrport']}/ with:"))
        for line in demo.sign_in_lines():
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write("The second factor is off in this demo (SAFERPLACES_REQUIRE_2FA): sample users sign in "
                          "with their password alone. A deployment requires it unless it is behind the partnership's "
                          "single sign-on.")
        if options["no_serve"]:
            return
        # Background tasks (assessments started from the web app) run in a worker beside the server.
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=settings.BASE_DIR)
        try:
            # The demo's own server, and nothing else, lets users without a second factor in.
            with override_settings(SAFERPLACES_REQUIRE_2FA=False):
                call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            worker.terminate()
