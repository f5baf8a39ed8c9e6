"""What lerq has seen from each sender (issue 4: a government domain proves little on its own).

Police mailboxes get hacked and fake requests are sent from them. So every routed message
counts in its sender's ``SenderHistory`` (first and last seen, requests opened, messages
attached and held, refusals, the agencies named), and a new request is reviewed against that
history before it is opened: a first-time sender, a sender refused before, or one whose agency
differs from the agencies of its earlier requests is flagged for a closer look.

- ``sender_review(...)`` reads the history as it was before this message; the router puts
  ``as_record()`` in the request's opening (or message) event, which the request page shows
  without triage importing intake.
- ``sender_history_record(...)`` counts the message; the router calls it inside the
  transaction that records the routing outcome. One ``SenderSighting`` per message makes it
  idempotent: recording the same message again changes nothing, and recording it with another
  outcome (a held message a clerk attaches later) moves its count.
- ``sender_history_for(address)`` is what intake's pages show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count

from intake.models import InboundMessage, Outcome, SenderHistory, SenderSighting

FLAG_FIRST_TIME = "first_time_sender"
FLAG_AGENCY_DIFFERS = "agency_differs"
FLAG_REFUSED_BEFORE = "refused_before"

SENTENCE_FIRST_TIME = "Closer look: first message from {address}; no history to compare with."
SENTENCE_AGENCY_DIFFERS = (
    "Closer look: {address} names the agency {agency!r}, but its earlier requests named {known}."
)
SENTENCE_REFUSED_BEFORE = "Closer look: mail from {address} was refused {count} time(s) before."

# The outcome a sighting counts as, and the counter it moves.
COUNTERS = {
    Outcome.CREATED: "requests_opened",
    Outcome.ATTACHED: "messages_attached",
    Outcome.HELD: "messages_held",
    Outcome.REFUSED: "refusals",
}


def history_key(address: str | None) -> str | None:
    """The key of a sender's history: the address, lower-cased (mailboxes are not told apart
    by case in practice, and one history per mailbox flags less noise)."""
    if not address or "@" not in address:
        return None
    return address.strip().lower()[:320]


def agency_key(agency: str | None) -> str:
    """An agency name compared loosely: case, punctuation, "&" and a leading "the" ignored."""
    text = (agency or "").casefold().replace("&", " and ")
    text = " ".join(re.sub(r"[^\w]+", " ", text).split())
    return text.removeprefix("the ")


def sender_history_for(address: str) -> SenderHistory | None:
    key = history_key(address)
    return SenderHistory.objects.filter(address=key).first() if key else None


@dataclass(frozen=True)
class SenderReview:
    address: str
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # a sentence per flag
    history: dict[str, Any] = field(default_factory=dict)  # before this message

    def as_record(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "flags": list(self.flags),
            "notes": list(self.notes),
            "history": dict(self.history),
        }


def sender_review(
    *, address: str, agency: str | None = None, message: InboundMessage | None = None
) -> SenderReview:
    """The sender's history before ``message`` and the flags it raises for ``agency``.

    Sightings of ``message`` itself are left out, so a message reviewed again (a re-run, or a
    held message opened later) is judged against the same past."""
    key = history_key(address) or address
    history = SenderHistory.objects.filter(address=key).first()
    counts: dict[str, int] = {}
    agencies: dict[str, str] = {}  # agency_key: as written
    if history is not None:
        earlier = history.sightings.all()
        if message is not None and message.pk is not None:
            earlier = earlier.exclude(message_id=message.pk)
        for row in earlier.values("outcome", "agency").annotate(n=Count("id")):
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + row["n"]
            if row["outcome"] == Outcome.CREATED and row["agency"]:
                agencies.setdefault(agency_key(row["agency"]), row["agency"])
    flags, notes = [], []
    accepted = sum(n for outcome, n in counts.items() if outcome != Outcome.REFUSED)
    if not accepted:
        flags.append(FLAG_FIRST_TIME)
        notes.append(SENTENCE_FIRST_TIME.format(address=key))
    if agency and agencies and agency_key(agency) not in agencies:
        flags.append(FLAG_AGENCY_DIFFERS)
        known = ", ".join(repr(name) for name in sorted(agencies.values()))
        notes.append(SENTENCE_AGENCY_DIFFERS.format(address=key, agency=agency, known=known))
    if counts.get(Outcome.REFUSED):
        flags.append(FLAG_REFUSED_BEFORE)
        notes.append(SENTENCE_REFUSED_BEFORE.format(address=key, count=counts[Outcome.REFUSED]))
    return SenderReview(address=key, flags=flags, notes=notes, history=_snapshot(history))


def _snapshot(history: SenderHistory | None) -> dict[str, Any]:
    if history is None:
        return {}
    return {
        "first_seen": history.first_seen.isoformat(),
        "last_seen": history.last_seen.isoformat(),
        "requests_opened": history.requests_opened,
        "messages_attached": history.messages_attached,
        "messages_held": history.messages_held,
        "refusals": history.refusals,
        "agencies": dict(history.agencies),
        "last_agency": history.last_agency,
    }


def sender_history_record(
    *,
    address: str | None,
    message: InboundMessage,
    outcome: str,
    at: datetime,
    agency: str = "",
) -> SenderHistory | None:
    """Count ``message`` in its sender's history. Call inside the transaction that records
    the routing outcome; a message counted before with the same outcome changes nothing."""
    key = history_key(address)
    if key is None or outcome not in COUNTERS:
        return None
    agency = " ".join((agency or "").split())[:300]
    # Locked: two messages from one sender routed at once must both be counted.
    history, _ = SenderHistory.objects.select_for_update().get_or_create(
        address=key,
        defaults={"domain": key.rpartition("@")[2][:253], "first_seen": at, "last_seen": at},
    )
    # Most messages are counted once: the sighting is inserted unless there is one already
    # (one statement), and only then read and moved.
    if not _sighting_insert(history, message, outcome, agency, at):
        sighting = SenderSighting.objects.get(message=message)
        if (sighting.outcome, sighting.agency) == (outcome, agency):
            return history
        _count(history, sighting.outcome, sighting.agency, -1)
        sighting.outcome, sighting.agency = outcome, agency
        sighting.save(update_fields=["outcome", "agency"])
    _count(history, outcome, agency, +1)
    if agency and outcome == Outcome.CREATED and at >= history.last_seen:
        history.last_agency = agency
    history.first_seen = min(history.first_seen, at)
    history.last_seen = max(history.last_seen, at)
    history.save(update_fields=_HISTORY_CHANGES)
    return history


# What counting a message may change (address and domain never change).
_HISTORY_CHANGES = [
    *COUNTERS.values(),
    "agencies",
    "last_agency",
    "first_seen",
    "last_seen",
    "updated_at",
]


def _sighting_insert(
    history: SenderHistory, message: InboundMessage, outcome: str, agency: str, at: datetime
) -> bool:
    """Insert the message's sighting unless it has one: INSERT … ON CONFLICT DO NOTHING
    (PostgreSQL, and SQLite since 3.35). True when it was inserted."""
    meta = SenderSighting._meta
    values = {"history": history.pk, "message": message.pk, "outcome": outcome}
    values |= {"agency": agency, "at": at}
    fields = [meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(meta.get_field('message').column)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _count(history: SenderHistory, outcome: str, agency: str, step: int) -> None:
    name = COUNTERS[outcome]
    setattr(history, name, max(0, getattr(history, name) + step))
    if not agency or outcome != Outcome.CREATED:
        return
    agencies = dict(history.agencies)
    written = next((k for k in agencies if agency_key(k) == agency_key(agency)), agency)
    agencies[written] = agencies.get(written, 0) + step
    if agencies[written] <= 0:
        del agencies[written]
    history.agencies = agencies


def sender_history_purge() -> int:
    """Forget senders nothing is left of: no message still counted (refused stubs go after
    LERQ_SECURITY_LOG_MONTHS, taking their sightings with them) and never an accepted one. A
    gmail address that was refused once is not kept longer than its security-log row."""
    deleted, _ = (
        SenderHistory.objects.filter(
            sightings__isnull=True, requests_opened=0, messages_attached=0, messages_held=0
        )
        .distinct()
        .delete()
    )
    return deleted
