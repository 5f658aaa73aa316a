"""Run person linkage now: incremental (new and changed records) by default, ``--full`` to relink all.

A run that stopped part-way (a crash, a failure while writing) is continued first: its engine result
is kept in the work folder and the keys it wrote are not written again (docs/linkage.md).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from saferplaces.accounts.models import User
from saferplaces.people.linkage_run import linkage_execute, linkage_unfinished
from saferplaces.people.models import LinkageRun, LinkageStatus


class Command(BaseCommand):
    help = ("Link every agency's person records into people: only records new or changed since the last run "
            "(the default), or all of them (--full); continues a run that stopped part-way")

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true",
                            help="relink every record and retrain the model (else only new and changed records)")
        parser.add_argument("--new", action="store_true", help="start a new run even if one stopped part-way")
        parser.add_argument("--user", help="the username the run is attributed to (else the system)")
        parser.add_argument("--batch-size", type=int, help="person keys per committed batch")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user {options['user']!r}")
        run = None if options["new"] else linkage_unfinished()
        if run is not None:
            self.stdout.write(f"Continuing linkage run {run.pk} from its stage '{run.get_stage_display()}'")
        else:
            run = LinkageRun.objects.create(started_by=actor, full=options["full"])
        start = time.perf_counter()
        run = linkage_execute(run, batch_size=options["batch_size"])
        seconds = time.perf_counter() - start
        if run.status != LinkageStatus.FINISHED:
            raise CommandError(f"linkage run {run.pk} failed after {seconds:.1f} s: {run.error} "
                               "(run the command again to continue it)")
        self.stdout.write(
            f"Linkage run {run.pk} ({'full' if run.full else 'incremental'}): {run.records:,} records, "
            f"{run.relinked:,} relinked, {run.people:,} people; {run.links_written:,} person keys written, "
            f"{run.review_pairs:,} pairs for review; {seconds:.1f} s")
