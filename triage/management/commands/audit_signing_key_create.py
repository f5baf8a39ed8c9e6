"""Make the Ed25519 key that signs audit checkpoints (kept outside the database)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.checkpoints import CheckpointError, public_key_path, signing_key_create


class Command(BaseCommand):
    help = (
        "Write an Ed25519 private key (mode 0600) to LERQ_AUDIT_SIGNING_KEY_FILE and its public "
        "key beside it (.pub), for signing audit checkpoints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing key (checkpoints signed by the old one then fail to verify).",
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the key exists (`make run`)."
        )

    def handle(
        self, *args: object, force: bool = False, if_missing: bool = False, **options: object
    ) -> None:
        path = settings.LERQ_AUDIT_SIGNING_KEY_FILE
        if if_missing and path.exists():
            return
        try:
            signing_key_create(path=path, force=force)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"audit signing key: {path}\npublic key: {public_key_path(path)}")
