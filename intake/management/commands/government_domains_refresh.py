"""``python manage.py government_domains_refresh [--file PATH]``: the shipped list of foreign
government domains with no government marker (``intake/data/foreign_government_domains.csv``:
police forces, prosecutors, courts, ministries, regulators, each with its public source) into
the government-domain table.

Idempotent, and run after ``migrate`` by ``make run`` and the compose ``migrate`` service: it
adds new entries, updates curated rows whose text changed, never deletes and never changes a
row an administrator wrote or switched off (see ``intake.foreign_domains``)."""

import csv

from django.core.management.base import BaseCommand, CommandError

from intake import foreign_domains


class Command(BaseCommand):
    help = "Load the shipped list of foreign government domains into the government-domain table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            help="a CSV in the same format (domain,country,organisation,kind,source_url); "
            "default: the shipped intake/data/foreign_government_domains.csv",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            entries = foreign_domains.read_foreign_domains(path)
        except (OSError, UnicodeError, ValueError, csv.Error) as error:
            raise CommandError(f"cannot read {path or 'the shipped list'}: {error}") from error
        self.stdout.write(foreign_domains.refresh(entries=entries).summary())
