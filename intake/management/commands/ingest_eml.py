"""``python manage.py ingest_eml PATH... [--json]``: the contract in DESIGN.md.

Each PATH is an .eml file, a directory of them, a Maildir (cur/ and new/) or an mbox file.
One line per message, in the order read; a bad message never stops the batch. The exit code is
non-zero only when lerq itself cannot run (the database is unreachable). ``--jobs N`` routes on
N processes (intake/batch.py: messages that share a sender or a thread stay in order)."""

import json
import mailbox
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.batch import default_jobs, ingest_many
from intake.models import Outcome
from intake.outcome import IngestResult
from intake.routing import CANNOT_RUN

MBOX_START = b"From "


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def messages(path: Path) -> Iterator[tuple[str, bytes | Exception]]:
    """(label, raw bytes) for every message under ``path``; an unreadable one as an error."""
    if path.is_dir() and _is_maildir(path):
        for sub in ("new", "cur"):
            for item in sorted((path / sub).iterdir()):
                if item.is_file() and not item.name.startswith("."):
                    yield from _file(item)
    elif path.is_dir():
        for item in sorted(path.iterdir()):
            mail_file = item.is_file() and item.suffix.lower() in (".eml", ".mbox")
            if mail_file or (item.is_dir() and _is_maildir(item)):
                yield from messages(item)
    elif path.is_file() and _looks_like_mbox(path):
        try:
            box = mailbox.mbox(path, create=False)
            keys = box.keys()
        except Exception as error:
            yield str(path), error
            return
        for number, key in enumerate(keys, start=1):
            try:
                yield f"{path}#{number}", box.get_bytes(key)
            except Exception as error:
                yield f"{path}#{number}", error
    else:
        yield from _file(path)


def _file(path: Path) -> Iterator[tuple[str, bytes | Exception]]:
    try:
        yield str(path), path.read_bytes()
    except OSError as error:
        yield str(path), error


def _looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MBOX_START)) == MBOX_START
    except OSError:
        return False


class Command(BaseCommand):
    help = "Store, check and route .eml files, directories, Maildirs or mbox files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON object per message")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="route on N processes (0: one per CPU); PostgreSQL only, SQLite takes one",
        )

    def handle(self, *args, **options):
        if options["jobs"] < 0:
            raise CommandError("--jobs takes 0 (one per CPU) or more")
        jobs = options["jobs"] or default_jobs()
        found = (item for path in options["paths"] for item in messages(Path(path)))
        try:
            for label, result in ingest_many(found, jobs=jobs):
                self._emit(label, result, as_json=options["json"])
        except CANNOT_RUN as error:
            raise CommandError(f"lerq cannot run: the database failed: {error}") from error

    def _emit(self, label: str, result: IngestResult, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result.as_json(label), ensure_ascii=False))
            return
        parts = [result.outcome, result.reference, result.kind, result.status]
        line = f"{label}: " + " ".join(str(p) for p in parts if p)
        if result.missing:
            line += f" (missing: {', '.join(result.missing)})"
        if result.reasons and result.outcome in (Outcome.REFUSED, Outcome.HELD, Outcome.FAILED):
            line += f" — {result.reasons[0]}"
        self.stdout.write(line)
