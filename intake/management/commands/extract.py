"""`manage.py extract PATH [--json]`: what a request carries (DESIGN.md); stores nothing.

Exit 1 only when the file cannot be read from disk; a broken file is read as far as it goes
and the answer's ``reasons`` say what went wrong."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.extraction import FIELDS, UnreadableDocument, extract_path


class Command(BaseCommand):
    help = "Read an .eml, .pdf or .txt request and print the fields it carries. Stores nothing."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="one JSON object on stdout")

    def handle(self, *args, path: Path, json: bool = False, **options):
        try:
            result = extract_path(path)
        except UnreadableDocument as exc:
            raise CommandError(f"cannot extract {path}: {exc}") from exc
        if json:
            out = {name: result.fields[name] for name in FIELDS}
            # An added key (DESIGN.md): per field, how often a reading like this one is right.
            out["confidence"] = {name: result.confidence.get(name) for name in FIELDS}
            # An added key (the contract's keys are unchanged): what could not be read, so a
            # broken or truncated file is an answer of nulls that says why, not an error.
            out["reasons"] = list(result.reasons)
            self.stdout.write(_dumps(out))
            for reason in result.reasons:
                sys.stderr.write(f"note: {reason}\n")
            return
        self.stdout.write(_summary(path, result))


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _summary(path: Path, result) -> str:
    f = result.fields
    lines = [f"{path}", f"  kind:          {f['kind'] or '?'}"]
    if result.kind_phrases:
        lines.append(f"                 because: {'; '.join(result.kind_phrases)}")
    for name in (
        "agency",
        "agent_name",
        "badge",
        "agent_email",
        "phone",
        "address",
        "po_box",
        "response_date",
        "language",
    ):
        lines.append(f"  {name + ':':<15}{f[name] if f[name] is not None else '?'}")
    lines.append(f"  signed:        {'yes' if f['signed'] else 'no'}")
    lines.append(f"  letterhead:    {'yes' if f['letterhead'] else 'no'}")
    nd = f["nondisclosure"]
    lines.append(
        "  non-disclosure: "
        + (
            f"asked (days: {nd['days'] or '?'}, until: {nd['until'] or '?'})"
            if nd["present"]
            else "no"
        )
    )
    em = f["emergency"]
    if em["present"]:
        lines.append(f"  emergency:     at risk: {em['person_at_risk'] or '?'}")
        lines.append(f"                 imminence: {em['imminence'] or '?'}")
    lines.append(
        f"  targets:       {len(f['targets'])}" + (" (overbroad)" if result.overbroad else "")
    )
    for target in f["targets"]:
        ids = ", ".join(f"{k}={v}" for k, v in target.items() if k != "type")
        lines.append(f"    - {target['type']}: {ids}")
    original = f["original_preservation"]
    if original:
        named = ", ".join(f"{k}={v}" for k, v in original.items() if v)
        lines.append(f"  extends:       {named}")
    if result.received_at:
        lines.append(f"  received:      {result.received_at}")
    for reason in result.reasons:
        lines.append(f"  note:          {reason}")
    return "\n".join(lines)
