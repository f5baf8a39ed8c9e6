"""Render and sign a sample letter with demo data: `letter_preview KIND OUT.pdf`."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from triage.letters import KINDS, LetterError, render_letter
from triage.letters.errors import UNKNOWN_KIND
from triage.letters.samples import sample_context


class Command(BaseCommand):
    help = f"Render and sign a sample letter with demo data. KIND: {', '.join(KINDS)}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", metavar="KIND")
        parser.add_argument("out", metavar="OUT.pdf", type=Path)

    def handle(self, *args: object, kind: str, out: Path, **options: object) -> None:
        if kind not in KINDS:
            raise CommandError(UNKNOWN_KIND.format(kind=kind, kinds=", ".join(KINDS)))
        if not (
            Path(settings.LERQ_SIGNING_KEY).exists() or Path(settings.LERQ_SIGNING_CERT).exists()
        ):
            call_command("signing_cert_create", stdout=self.stdout)
        started = time.perf_counter()
        try:
            letter = render_letter(kind, sample_context(kind, timezone.localdate()))
        except LetterError as exc:
            raise CommandError(str(exc)) from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        out.write_bytes(letter.pdf)
        self.stdout.write(
            f"{kind}: {out} ({len(letter.pdf)} bytes, sha256 {letter.sha256}, {elapsed_ms:.0f} ms)"
        )
