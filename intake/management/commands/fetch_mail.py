"""``python manage.py fetch_mail``: one run of the IMAP fetcher, and what it did."""

from django.core.management.base import BaseCommand, CommandError

from intake import fetcher
from intake.routing import CANNOT_RUN


class Command(BaseCommand):
    help = "Fetch new messages from the IMAP mailbox once; store and route each."

    def handle(self, *args, **options):
        if not fetcher.fetching_enabled():
            raise CommandError("LERQ_IMAP_HOST is not set: mailbox fetching is off.")
        try:
            report = fetcher.mailbox_fetch()
        except fetcher.NETWORK_ERRORS as error:
            raise CommandError(f"the mailbox failed: {type(error).__name__}: {error}") from error
        except CANNOT_RUN as error:
            raise CommandError(f"lerq cannot run: the database failed: {error}") from error
        self.stdout.write(report.summary())
