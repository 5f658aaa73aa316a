"""The daily reminders (run once a day, e.g. from cron, instead of ``asb_task_reminders``): the task and
civil-order deadline e-mails, notifications of warnings and notices nearing expiry, and the reminders
to plan leads that their updates are due before the next Board meeting, and to the keepers of directory
entries whose six-monthly review is due (``directory/freshness.py``)."""

from django.core.management.base import BaseCommand

from saferplaces.asb.reminders import civil_reminders_send, notice_expiry_notify, task_reminders_send
from saferplaces.directory.freshness import reminders_send as directory_reminders_send
from saferplaces.meetings.reminders import reminders_send as board_reminders_send


class Command(BaseCommand):
    help = ("E-mail each officer their overdue and soon-due ASB tasks and civil-order deadlines, and notify "
            "officers of warnings and notices nearing expiry (once per notice and expiry date); remind plan "
            "leads of updates due before the next Board meeting (once per meeting); remind the keepers of directory "
            "entries due for review (once per review). References and dates only.")

    def handle(self, *args, **options):
        sent = task_reminders_send()
        self.stdout.write(f"{sent} task reminder e-mail(s) sent")
        sent = civil_reminders_send()
        self.stdout.write(f"{sent} order deadline e-mail(s) sent")
        notified = notice_expiry_notify()
        self.stdout.write(f"{notified} notice expiry notification(s) made")
        told = board_reminders_send()
        self.stdout.write(f"{told} plan lead(s) reminded of updates due before the Board")
        told = directory_reminders_send()
        self.stdout.write(f"{told} directory review reminder(s) made")
