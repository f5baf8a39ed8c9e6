"""Make a self-signed key and certificate for signing letters (development and the demo)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.letters.signing import SigningPairExists, signing_pair_create


class Command(BaseCommand):
    help = (
        "Write a self-signed RSA key (mode 0600) and X.509 certificate to LERQ_SIGNING_KEY and "
        "LERQ_SIGNING_CERT, for signing letters in development and the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Replace an existing pair.")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when both files exist (`make run`: demo letters are signed).",
        )

    def handle(
        self, *args: object, force: bool = False, if_missing: bool = False, **options: object
    ) -> None:
        key, cert = Path(settings.LERQ_SIGNING_KEY), Path(settings.LERQ_SIGNING_CERT)
        if if_missing and key.exists() and cert.exists():
            return
        try:
            signing_pair_create(
                key_path=key,
                cert_path=cert,
                common_name=f"{settings.LERQ_COMPANY_NAME} letters (self-signed, development)",
                organisation=settings.LERQ_COMPANY_NAME,
                force=force,
            )
        except SigningPairExists as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"signing key: {key}\nsigning certificate: {cert}")
