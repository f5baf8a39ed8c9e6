"""List deadlines: what is coming, and what was done.

With --json, one object per line: reference, kind, due_at (ISO 8601, UTC), done_at.
"""

import json
from datetime import UTC, datetime, time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from triage.selectors import deadline_list


def _moment(text: str) -> datetime:
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            raise CommandError(f"--due-before: not a date: {text!r} (use YYYY-MM-DD)")
        moment = datetime.combine(day, time.min)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


class Command(BaseCommand):
    help = "List deadlines in due order (--json: one object per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--due-before", help="only deadlines due before this date or time")
        parser.add_argument("--open", action="store_true", help="only deadlines not done yet")

    def handle(self, *args: object, **options: object) -> None:
        before = _moment(str(options["due_before"])) if options["due_before"] else None
        rows = deadline_list(due_before=before)
        if options["open"]:
            rows = rows.filter(done_at__isnull=True)
        for row in rows.iterator(chunk_size=2000):
            if options["json"]:
                line = {
                    "reference": row.request.reference,
                    "kind": row.kind,
                    "due_at": _iso(row.due_at),
                    "done_at": _iso(row.done_at),
                }
                self.stdout.write(json.dumps(line))
            else:
                local = timezone.localtime(row.due_at)
                state = f"done {row.outcome}" if row.done_at else "open"
                self.stdout.write(
                    f"{local:%Y-%m-%d %H:%M %Z}  {row.request.reference}  "
                    f"{row.get_kind_display():<28} {state}"
                )
