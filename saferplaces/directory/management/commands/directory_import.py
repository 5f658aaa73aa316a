from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saferplaces.accounts.models import User
from saferplaces.core.csvimport import ImportFileError, decode
from saferplaces.directory import csvfeed, feeds


class Command(BaseCommand):
    help = ("Import a directory, all or nothing: another directory's Open Referral UK feed (a .json file: a list "
            "of services or a page of them) or the CSV template (a .csv file, one row per service at a place). "
            "Records held are updated by their id.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .json feed or .csv file")
        parser.add_argument("--user", required=True,
                            help="the username of the coordinator importing it (directory.import): "
                                 "the history names them")

    def handle(self, *args, file, user, **options):
        path = Path(file)
        if not path.is_file() or path.suffix.lower() not in (".json", ".csv"):
            raise CommandError(f"{file} is not a .json or .csv file")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None or not actor.has_role_permission("directory.import"):
            raise CommandError(f"{user} is not an active user who may import directories (directory.import)")
        try:
            text = decode(path.read_bytes())
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        run = feeds.feed_import if path.suffix.lower() == ".json" else csvfeed.csv_import
        result = run(actor=actor, text=text)
        if not result.ok:
            where = "service" if path.suffix.lower() == ".json" else "line"
            for number, problem in result.rejected:
                self.stderr.write(f"{where} {number}: {problem}" if number else problem)
            raise CommandError(f"{len(result.rejected)} problem{'s' if len(result.rejected) != 1 else ''}: "
                               "nothing was imported")
        noun = "service" if path.suffix.lower() == ".json" else "row"
        self.stdout.write(self.style.SUCCESS(f"Imported {result.imported} {noun}{'' if result.imported == 1 else 's'}"))
