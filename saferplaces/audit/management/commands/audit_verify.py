"""Check that nobody changed the audit log behind the application's back."""

from django.core.management.base import BaseCommand, CommandError

from saferplaces.audit import chain
from saferplaces.audit.models import AccessEvent, ChangeRecord

CHAINS = {"access events": AccessEvent, "change history": ChangeRecord}


class Command(BaseCommand):
    help = ("Walk the hash chains of the access log and the change history and report every row that was "
            "edited, deleted, inserted or reordered. Exits non-zero when a chain is broken. Record the heads "
            "it prints somewhere outside the database: rows removed from the end show only against them.")

    def handle(self, *args, **options):
        broken = 0
        for name, model in CHAINS.items():
            breaks = list(chain.verify(model))
            seq, last_hash = chain.head(model)
            for found in breaks:
                self.stderr.write(f"{name}: {found}")
            broken += len(breaks)
            state = f"{len(breaks)} break(s)" if breaks else "intact"
            self.stdout.write(f"{name}: {state}; head at position {seq}, hash {last_hash}")
        if broken:
            raise CommandError(f"The audit log has been tampered with: {broken} break(s) found.")
