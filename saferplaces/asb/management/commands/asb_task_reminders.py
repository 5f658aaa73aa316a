"""Send the daily ASB task reminders by e-mail (run it once a day, e.g. from cron)."""

from django.core.management.base import BaseCommand

from saferplaces.asb.reminders import civil_reminders_send, task_reminders_send


class Command(BaseCommand):
    help = ("E-mail each officer their overdue and soon-due ASB tasks, and the deadlines of their closure notices "
            "and orders, youth CBO reviews and PSPOs (references and dates only)")

    def handle(self, *args, **options):
        sent = task_reminders_send()
        self.stdout.write(f"{sent} reminder e-mail(s) sent")
        sent = civil_reminders_send()
        self.stdout.write(f"{sent} order deadline e-mail(s) sent")
