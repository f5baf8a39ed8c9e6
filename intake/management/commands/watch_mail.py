"""``python manage.py watch_mail [--mailbox NAME]``: hold an IMAP IDLE connection and ingest each
new message as it arrives (intake/watcher.py), until SIGTERM or Ctrl-C."""

import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake import fetcher
from intake.watcher import Watcher


class Command(BaseCommand):
    help = "Watch the IMAP mailbox with IDLE and ingest each new message as it arrives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mailbox",
            default="",
            metavar="NAME",
            help="the folder to watch (default: LERQ_IMAP_FOLDER)",
        )

    def handle(self, *args, **options):
        if not fetcher.fetching_enabled():
            raise CommandError("LERQ_IMAP_HOST is not set: mailbox fetching is off.")
        folder = options["mailbox"] or settings.LERQ_IMAP_FOLDER
        watcher = Watcher(folder=folder, done_folder=settings.LERQ_IMAP_DONE_FOLDER)

        def stop(signum, frame):
            watcher.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"watching {folder} on {settings.LERQ_IMAP_HOST}")
        watcher.run()
        self.stdout.write(f"stopped: fetched {watcher.fetched}")
