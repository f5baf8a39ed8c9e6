"""Write one request's events with inclusion proofs against a signed checkpoint, for a court or
an auditor to check with scripts/verify_export.py."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.audit_export import ExportError, request_audit_export
from triage.checkpoints import CheckpointError, checkpoint_create


class Command(BaseCommand):
    help = (
        "Export a request's events (canonical bytes, hashes, inclusion proofs), the latest "
        "signed checkpoint and the public key, to OUT_DIR/REFERENCE.audit.json or --out FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="LER-YYYY-NNNNNN")
        parser.add_argument("out_dir", nargs="?", type=Path)
        parser.add_argument("--out", type=Path, help="The file to write instead of OUT_DIR/…")

    def handle(
        self,
        *args: object,
        reference: str,
        out_dir: Path | None = None,
        out: Path | None = None,
        **options: object,
    ) -> None:
        if (out_dir is None) == (out is None):
            raise CommandError("give either OUT_DIR or --out FILE")
        path = out or out_dir / f"{reference}.audit.json"
        try:
            # A checkpoint first, so that the request's newest events are covered too.
            checkpoint_create()
            export = request_audit_export(reference=reference)
        except (CheckpointError, ExportError) as exc:
            raise CommandError(str(exc), returncode=1) from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(export, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"{path}: {len(export['events'])} events of {reference}")
