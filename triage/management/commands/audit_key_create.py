"""Make the key that events' MACs are made with (LERQ_AUDIT_KEY_FILE)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.audit_key import AuditKeyError, audit_key_create


class Command(BaseCommand):
    help = (
        "Write a new random audit key (mode 0600) to LERQ_AUDIT_KEY_FILE. An existing key is "
        "never replaced: the events it signed would no longer verify."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the key exists (`make run`, the migrate service).",
        )

    def handle(self, *args: object, if_missing: bool = False, **options: object) -> None:
        path = Path(settings.LERQ_AUDIT_KEY_FILE)
        if if_missing and path.exists():
            return
        try:
            audit_key_create(path=path)
        except AuditKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"audit key: {path}")
