from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saferplaces.plans.importer import BUILT_IN, PlanFileError, plan_import


class Command(BaseCommand):
    help = ("Load a partnership plan file (JSON) in one transaction, keeping every update and reading; "
            "the built-in 2017-2020 plan by default.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(BUILT_IN))

    def handle(self, *args, **options):
        try:
            strategy = plan_import(path=Path(options["path"]))
        except PlanFileError as error:
            raise CommandError(str(error)) from None
        version = strategy.versions.order_by("-year").first()
        self.stdout.write(self.style.SUCCESS(f"Loaded {strategy} (plan year {version.year}, version "
                                             f"{strategy.versions.count()}) with {strategy.groups.count()} groups; "
                                             "nothing deleted."))
