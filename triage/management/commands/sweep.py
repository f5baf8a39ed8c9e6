"""Run one sweep now: the same service the beat task runs every minute."""

from django.core.management.base import BaseCommand

from triage.timers import deadline_sweep


class Command(BaseCommand):
    help = "Act on every deadline that is due, now."

    def handle(self, *args: object, **options: object) -> None:
        report = deadline_sweep()
        self.stdout.write(
            f"swept: {report.acted} acted, {report.skipped} skipped, "
            f"{len(report.failed)} failed, {report.mails_sent} mails sent"
        )
