"""Prove the record is whole: `audit chain intact: N events` (exit 0), or the first broken
event (exit 1)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.audit import chain_verify


class Command(BaseCommand):
    help = "Check the hash chain over every event; name the first event that breaks it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            help="The chain head published earlier (in a letter, a signed mail): the chain must "
            "end there or continue from it, which also detects removed trailing events.",
        )

    def handle(self, *args: object, head: str | None = None, **options: object) -> None:
        report = chain_verify(published_head=head)
        if not report.intact:
            raise CommandError(
                f"audit chain broken at event #{report.broken_seq}: {report.problem}", returncode=1
            )
        self.stdout.write(f"audit chain intact: {report.count} events")
