"""Foreign governments' domains that carry no government marker (issue 17).

``politie.nl`` ends in no ``.gov``: the shipped rules (``intake/data/government_domains.txt``)
name a few such domains, and ``intake/data/foreign_government_domains.csv`` lists more police
forces, prosecutors, courts, ministries and regulators, each with the public page that shows the
domain is the organisation's. ``python manage.py government_domains_refresh`` loads the file into
the administrators' list (``intake.models.GovernmentDomain``, source "curated"), where each row
shows its source and can be switched off like any other.

The refresh is idempotent: it adds what is new, updates a curated row whose text changed, never
touches ``active`` (a row an administrator switched off stays off), never changes a row an
administrator, a clerk or the dotgov import wrote, and never deletes: an entry dropped from the
file stays in the table until an administrator switches it off.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from intake import govdomains
from intake.models import GovernmentDomain as Row
from triage.audit import event_append
from triage.models import EventKind

RESOURCE = "foreign_government_domains.csv"
COLUMNS = ("domain", "country", "organisation", "kind", "source_url")
KINDS = frozenset({"police", "prosecutor", "court", "ministry", "regulator"})
MAX_BYTES = 1_000_000  # the shipped file is a few kilobytes; a bigger one is not this file
MAX_ROWS = 5_000
MAX_ORGANISATION = 300
MAX_URL = 500
EVENT_REASON = "Shipped list of foreign government domains loaded (government_domains_refresh)"


@dataclass(frozen=True)
class ForeignDomain:
    domain: str  # normalised, an exact rule (the domain and everything below it)
    country: str  # ISO 3166-1 alpha-2, upper case
    organisation: str
    kind: str  # one of KINDS
    source_url: str  # https page that shows the domain is the organisation's

    @property
    def note(self) -> str:
        return (
            f"Shipped list of foreign government domains ({self.kind}); source: {self.source_url}"
        )


def default_path() -> Path:
    return Path(str(resources.files("intake").joinpath("data", RESOURCE)))


def _entry(row: dict[str, str], number: int) -> ForeignDomain:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    where = f"line {number}"
    try:
        domain = govdomains.validate_extra_domain(cell("domain"))
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    country = cell("country").upper()
    if len(country) != 2 or not country.isascii() or not country.isalpha():
        raise ValueError(f"{where}: country {cell('country')!r} is not an ISO 3166-1 code")
    organisation = cell("organisation")
    if not organisation or len(organisation) > MAX_ORGANISATION:
        raise ValueError(f"{where}: the organisation is empty or longer than {MAX_ORGANISATION}")
    kind = cell("kind").lower()
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {cell('kind')!r} is not one of {', '.join(sorted(KINDS))}")
    url = cell("source_url")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or len(url) > MAX_URL:
        raise ValueError(f"{where}: source_url {url!r} is not an https address")
    return ForeignDomain(domain, country, organisation, kind, url)


def read_foreign_domains(path: str | Path | None = None) -> list[ForeignDomain]:
    """The entries of the curated CSV (the shipped one when ``path`` is None).

    Raises ValueError naming the line of the first bad row, a missing column, a duplicate
    domain, or a file too big to be this list: a list that lets a sender through must be read
    whole and right, or not at all."""
    path = default_path() if path is None else Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path}: larger than {MAX_BYTES} bytes; is this the curated list?")
    found: dict[str, ForeignDomain] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines)
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: no column {', '.join(missing)}; expected {COLUMNS}")
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise ValueError(f"{path}: more than {MAX_ROWS} rows")
            entry = _entry(row, number)
            if entry.domain in found:
                raise ValueError(f"line {number}: {entry.domain} is listed twice")
            found[entry.domain] = entry
    return list(found.values())


@dataclass(frozen=True)
class Refresh:
    read: int
    created: int
    updated: int
    unchanged: int
    kept: int  # rows an administrator, a clerk or an import wrote: left as they are
    switched_off: int  # curated rows an administrator switched off: still off

    def summary(self) -> str:
        return (
            f"foreign government domains: {self.read} read; {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.kept} kept as an "
            f"administrator left them, {self.switched_off} switched off by an administrator"
        )


@transaction.atomic(durable=True)
def refresh(*, entries: Sequence[ForeignDomain]) -> Refresh:
    """Store the curated entries as exact rules with their source (idempotent, never deletes).

    What it added or changed goes on the record as one event (none when nothing changed)."""
    names = [entry.domain for entry in entries]
    new, changed, unchanged, kept, off = [], [], 0, 0, 0
    rows = Row.objects.select_for_update().filter(kind=Row.RuleKind.EXACT, domain__in=names)
    existing = {row.domain: row for row in rows}
    for entry in entries:
        row = existing.get(entry.domain)
        wanted = (entry.country, entry.organisation[:300], entry.note, entry.source_url)
        if row is None:
            new.append(
                Row(
                    domain=entry.domain,
                    kind=Row.RuleKind.EXACT,
                    country=entry.country,
                    organisation=wanted[1],
                    note=entry.note,
                    source_url=entry.source_url,
                    source=Row.Source.CURATED,
                )
            )
            continue
        if row.source != Row.Source.CURATED:
            kept += 1
            continue
        off += not row.active
        if (row.country, row.organisation, row.note, row.source_url) == wanted:
            unchanged += 1
            continue
        row.country, row.organisation, row.note, row.source_url = wanted
        row.updated_at = timezone.now()
        changed.append(row)
    Row.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    Row.objects.bulk_update(
        changed, ["country", "organisation", "note", "source_url", "updated_at"]
    )
    if new or changed:
        event_append(
            request=None,
            actor=None,
            action=EventKind.GOVERNMENT_DOMAIN_ADDED,
            at=timezone.now(),
            reason=EVENT_REASON,
            data={
                "source": "curated",
                "created": [row.domain for row in new],
                "updated": [row.domain for row in changed],
            },
        )
    # Forget the cached rules now and again once committed (a reload in between sees the old).
    govdomains.rules_changed()
    transaction.on_commit(govdomains.rules_changed)
    return Refresh(len(entries), len(new), len(changed), unchanged, kept, off)
