"""`verify_production ZIP`: every record's hash against the manifest and the certificate, and
the certificate's signature. One line per record and a verdict; exit 1 on the first problem."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.letters.verify import ProductionInvalid, verify_production
from triage.models import Event, EventKind


class Command(BaseCommand):
    help = "Check a production zip: hashes, manifest, certificate and its signature."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("zip", metavar="ZIP", type=Path)
        parser.add_argument(
            "--cert",
            type=Path,
            default=None,
            help="the certificate the signature must chain to (default: LERQ_SIGNING_CERT)",
        )

    def handle(self, *args: object, zip: Path, cert: Path | None, **options: object) -> None:
        cert = cert or Path(settings.LERQ_SIGNING_CERT)
        count = 0
        try:
            for record in verify_production(zip, cert):
                count += 1
                self.stdout.write(f"ok  {record.name}  {record.size} bytes  {record.sha256}")
        except ProductionInvalid as exc:
            raise CommandError(f"production NOT verified: {exc}") from exc
        self.stdout.write(
            f"production verified: {count} records, manifest and certificate match, signature valid"
        )
        # On stderr: stdout keeps its contract (one line per record, the verdict last).
        self.stderr.write(disclosure_on_record(zip))


def disclosure_on_record(path: Path) -> str:
    """Whether lerq's record says this very file was disclosed, to whom and when."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    sha = digest.hexdigest()
    event = (
        Event.objects.filter(action=EventKind.DISCLOSE, data__production_sha256=sha)
        .order_by("seq")
        .first()
    )
    if event is None:
        return f"record: no disclosure of a production with SHA-256 {sha} is on lerq's record"
    to = ", ".join(event.data.get("to") or []) or "nobody"
    return (
        f"record: disclosed as {event.reference} to {to} on {event.at.isoformat()} "
        f"by {event.actor_name} (event #{event.seq}, package {event.data.get('package_sha256')})"
    )
