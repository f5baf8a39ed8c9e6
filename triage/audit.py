"""The hash chain over events: how an event is appended, and how the chain is checked.

``content_hash = SHA-256(canonical JSON of the event's content)`` and
``hash = SHA-256(prev_hash || content_hash)``. Appends are serialised (an advisory lock on
PostgreSQL; SQLite transactions take the write lock when they start), so ``seq`` runs 1, 2, 3…
without gaps and each event names its predecessor's hash. Keeping the content hash apart lets a
later retention purge erase an event's personal data while the chain still verifies.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from triage.models import Event, EventKind, Request

GENESIS = "0" * 64
SYSTEM = "system"
# Any constant works; it only has to be the same for every process appending events.
_APPEND_LOCK_KEY = 0x6C657271  # "lerq"


def canonical_content(
    *,
    seq: int,
    reference: str,
    actor_name: str,
    at: datetime,
    action: str,
    from_state: str,
    to_state: str,
    reason: str,
    data: dict[str, Any],
) -> bytes:
    content = {
        "seq": seq,
        "reference": reference,
        "actor": actor_name,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": action,
        "from": from_state,
        "to": to_state,
        "reason": reason,
        "data": data,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, content_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}{content_hash}".encode("ascii")).hexdigest()


def content_hash_of(event: Event) -> str:
    return hashlib.sha256(
        canonical_content(
            seq=event.seq,
            reference=event.reference,
            actor_name=event.actor_name,
            at=event.at,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            reason=event.reason,
            data=event.data,
        )
    ).hexdigest()


def event_append(
    *,
    request: Request | None,
    actor: Any,
    action: EventKind,
    at: datetime,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Write the next event of the chain. Call inside the transaction of the change it records."""
    head = _held_head.get()
    if head is not None and head.seq is not None:
        last_seq, last_hash = head.seq, head.hash
    else:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK_KEY])
        last = Event.objects.order_by("-seq").only("seq", "hash").first()
        last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    # Round-trip through JSON so what is hashed is exactly what the database will give back.
    data = json.loads(json.dumps(data or {}, sort_keys=True, default=str))
    event = Event(
        seq=last_seq + 1,
        request=request,
        reference=request.reference if request else "",
        actor=actor,
        actor_name=actor.get_username() if actor is not None else SYSTEM,
        at=at,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
        prev_hash=last_hash,
    )
    event.content_hash = content_hash_of(event)
    event.hash = chain_hash(event.prev_hash, event.content_hash)
    deferred = _deferred.get()
    if deferred is not None:
        deferred.append(event)
    else:
        event.save(force_insert=True)
    if head is not None:
        head.seq, head.hash = event.seq, event.hash
    return event


# Events appended while deferring are inserted together by the caller (Event.objects
# .bulk_create), in the same transaction: the sweep's fast path for plain reminders.
_deferred: ContextVar[list[Event] | None] = ContextVar("lerq_deferred_events", default=None)


@contextmanager
def events_deferred(into: list[Event]) -> Iterator[None]:
    """Collect appended events in ``into`` instead of inserting each; only inside
    ``chain_head_held`` (the chain's head must be known between appends)."""
    token = _deferred.set(into)
    try:
        yield
    finally:
        _deferred.reset(token)


@dataclass
class _Head:
    seq: int | None = None
    hash: str = GENESIS


_held_head: ContextVar[_Head | None] = ContextVar("lerq_chain_head", default=None)


def chain_head() -> _Head | None:
    """The head held by ``chain_head_held`` (to save and restore around a step that may fail)."""
    return _held_head.get()


@contextmanager
def chain_head_held() -> Iterator[Callable[[], None]]:
    """For a long transaction that appends many events (the sweep's batch): after the first
    append has taken the chain's lock (held until commit), the next appends reuse the head they
    wrote instead of locking and reading it again. Yields ``forget``: call it when a savepoint
    was rolled back, since the head in memory may then be ahead of the database."""
    head = _Head()
    token = _held_head.set(head)

    def forget() -> None:
        head.seq = None

    try:
        yield forget
    finally:
        _held_head.reset(token)


@dataclass(frozen=True)
class ChainReport:
    count: int
    head: str
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def _events_in_order(chunk: int) -> Iterator[Event]:
    return Event.objects.order_by("seq").iterator(chunk_size=chunk)


def chain_verify(*, published_head: str | None = None, chunk: int = 2000) -> ChainReport:
    """Walk the whole chain; stop at the first event that does not follow from the one before.

    ``published_head`` is a head hash published outside the database earlier: the chain must
    pass through it, so removing the newest events (which leaves a shorter, valid chain) shows.
    """
    expected_seq, prev_hash, count = 1, GENESIS, 0
    head_seen = published_head is None or published_head == GENESIS
    for event in _events_in_order(chunk):
        head_seen = head_seen or event.hash == published_head
        where = f"event #{event.seq} ({event.reference or 'no request'}, {event.action})"
        if event.seq != expected_seq:
            missing = (
                f"event #{expected_seq}"
                if event.seq == expected_seq + 1
                else f"events #{expected_seq} to #{event.seq - 1}"
            )
            return ChainReport(count, prev_hash, expected_seq, f"{missing} removed")
        if content_hash_of(event) != event.content_hash:
            return ChainReport(count, prev_hash, event.seq, f"{where} was changed")
        if chain_hash(event.prev_hash, event.content_hash) != event.hash:
            return ChainReport(count, prev_hash, event.seq, f"{where} has a forged hash")
        if event.prev_hash != prev_hash:
            return ChainReport(
                count,
                prev_hash,
                event.seq,
                f"{where} does not follow event #{event.seq - 1}: one of them was rewritten",
            )
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    if not head_seen:
        return ChainReport(
            count,
            prev_hash,
            expected_seq,
            f"the published head {published_head} is not in the chain: "
            f"events after #{count} were removed or rewritten",
        )
    return ChainReport(count, prev_hash)
