"""Prove the record is whole: `audit chain intact: N events` (exit 0), followed by the
checkpoint it was checked against, or the first problem (exit 1)."""

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.audit import chain_verify
from triage.checkpoint_verify import checkpoints_verify

# On stderr: stdout keeps the contract's exact line for a new install.
NO_CHECKPOINT = "no checkpoint yet: the chain alone was verified"


class Command(BaseCommand):
    help = (
        "Check the hash chain over every event, then the events, the checkpoints table and the "
        "witness file against the latest signed checkpoint; name the first problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            help="The chain head published earlier (in a letter, a signed mail): the chain must "
            "end there or continue from it, which also detects removed trailing events.",
        )
        parser.add_argument(
            "--public-key",
            type=Path,
            help="The audit key's public half (PEM) to check signatures with; by default the "
            "one derived from LERQ_AUDIT_SIGNING_KEY_FILE.",
        )

    def handle(
        self,
        *args: object,
        head: str | None = None,
        public_key: Path | None = None,
        **options: object,
    ) -> None:
        report = chain_verify(published_head=head)
        if not report.intact:
            raise CommandError(
                f"audit chain broken at event #{report.broken_seq}: {report.problem}", returncode=1
            )
        witnessed = checkpoints_verify(public_key=_public_key(public_key) if public_key else None)
        if not witnessed.intact:
            raise CommandError(f"audit checkpoints broken: {witnessed.problem}", returncode=1)
        if not witnessed.number:
            self.stderr.write(NO_CHECKPOINT)
            self.stdout.write(f"audit chain intact: {report.count} events")
            return
        self.stdout.write(
            f"audit chain intact: {report.count} events; "
            f"checkpoint #{witnessed.number} (size {witnessed.size}) verified"
        )


def _public_key(path: Path) -> Ed25519PublicKey:
    key = load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise CommandError(f"{path} is not an Ed25519 public key", returncode=1)
    return key
