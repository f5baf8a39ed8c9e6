"""``python manage.py import_dotgov CSV``: CISA's list of .gov domains into the government-domain
table (https://github.com/cisagov/dotgov-data, ``current-full.csv``), with who holds each one.

Idempotent: run it again with a newer file and only what changed is written; a domain an
administrator switched off stays off."""

from django.core.management.base import BaseCommand, CommandError

from intake import govdomains


class Command(BaseCommand):
    help = "Import CISA's dotgov CSV (current-full.csv) into the government-domain table."

    def add_arguments(self, parser):
        parser.add_argument("csv", help="path to CISA's current-full.csv")

    def handle(self, *args, **options):
        try:
            entries = govdomains.read_dotgov(options["csv"])
        except (OSError, UnicodeError, ValueError) as error:
            raise CommandError(f"cannot read {options['csv']}: {error}") from error
        self.stdout.write(govdomains.dotgov_store(entries).summary())
