"""Sign and witness a checkpoint now (the beat job does it every five minutes)."""

from django.core.management.base import BaseCommand, CommandError

from triage.checkpoints import CheckpointError, checkpoint_create


class Command(BaseCommand):
    help = "Sign the Merkle tree head over the events and append it to the witness file."

    def handle(self, *args: object, **options: object) -> None:
        try:
            checkpoint = checkpoint_create()
        except CheckpointError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if checkpoint is None:
            self.stdout.write("no event since the last checkpoint")
        else:
            self.stdout.write(
                f"checkpoint #{checkpoint.number}: {checkpoint.size} events, root {checkpoint.root}"
            )
