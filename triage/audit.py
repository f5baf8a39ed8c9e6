"""The hash chain over events: how an event is appended, and how the chain is checked.

``content_hash = SHA-256(canonical_event_bytes(event))``, ``hash = SHA-256(prev_hash ||
content_hash)`` and ``mac = HMAC-SHA256(audit key, hash)``. The canonical bytes of the current
form (version 2) cover every column but the id and the hashes themselves; the MAC's key is a file
outside the database (triage/audit_key.py), so a correctly hashed event that lerq did not write
is told apart from one it did. Appends are serialised (an advisory lock on PostgreSQL; SQLite
transactions take the write lock when they start), so ``seq`` runs 1, 2, 3… without gaps and
each event names its predecessor's hash. Keeping the content hash apart lets a later retention
purge erase an event's personal data while the chain still verifies.

Events written before version 2 (version 1: no request or actor id in the hash, no MAC) keep
verifying under their own form and are never rewritten; only a prefix of the chain may be in it.
What version 1 leaves open (moving or re-attributing those events, rewriting that prefix without
a key) is closed by the first signed checkpoint, which covers them.
"""

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from triage.audit_key import AuditKeyError, audit_key, mac_of
from triage.models import Event, EventKind, Request

GENESIS = "0" * 64
SYSTEM = "system"
# The form new events are written in; chain_verify reads every form listed in _FORMS.
CURRENT_VERSION = 2
# Any constant works; it only has to be the same for every process appending events.
_APPEND_LOCK_KEY = 0x6C657271  # "lerq"


class UnknownEventForm(ValueError):
    pass


def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _at(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _form_1(event: Event) -> dict[str, Any]:
    """Before MACs: what the first events were hashed over (neither request nor actor id)."""
    return {
        "seq": event.seq,
        "reference": event.reference,
        "actor": event.actor_name,
        "at": _at(event.at),
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "reason": event.reason,
        "data": event.data,
    }


def _form_2(event: Event) -> dict[str, Any]:
    """Every column: ids as the database holds them, so moving an event to another request or
    another person changes its hash."""
    return {
        "v": 2,
        "seq": event.seq,
        "request_id": event.request_id,
        "reference": event.reference,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "at": _at(event.at),
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "reason": event.reason,
        "data": event.data,
    }


_FORMS: dict[int, Callable[[Event], dict[str, Any]]] = {1: _form_1, 2: _form_2}


def canonical_event_bytes(event: Event) -> bytes:
    """The exact bytes whose SHA-256 is ``event.content_hash``, in the event's own form."""
    form = _FORMS.get(event.version)
    if form is None:
        raise UnknownEventForm(f"unknown event form {event.version!r}")
    return _canonical(form(event))


def chain_hash(prev_hash: str, content_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}{content_hash}".encode("ascii")).hexdigest()


def content_hash_of(event: Event) -> str:
    return hashlib.sha256(canonical_event_bytes(event)).hexdigest()


def event_seal(event: Event, *, prev_hash: str, key: bytes) -> Event:
    """Give an unsaved event its place after ``prev_hash``: form, hashes and MAC."""
    event.version = CURRENT_VERSION
    event.prev_hash = prev_hash
    event.content_hash = content_hash_of(event)
    event.hash = chain_hash(prev_hash, event.content_hash)
    event.mac = mac_of(event.hash, key)
    return event


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
    key = audit_key()  # before the lock: without a key nothing can be recorded
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
    )
    event_seal(event, prev_hash=last_hash, key=key)
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
    """Walk the whole chain; stop at the first event that does not follow from the one before,
    or that lerq did not write (its MAC does not match the audit key).

    ``published_head`` is a head hash published outside the database earlier: the chain must
    pass through it, so removing the newest events (which leaves a shorter, valid chain) shows.
    """
    expected_seq, prev_hash, count, version = 1, GENESIS, 0, 1
    key: bytes | None = None
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
        problem = _event_problem(event, prev_hash, version)
        if problem is None and event.version >= 2:
            try:
                key = key or audit_key()
            except AuditKeyError as exc:
                return ChainReport(count, prev_hash, event.seq, f"cannot check {where}: {exc}")
            if not hmac.compare_digest(mac_of(event.hash, key), event.mac):
                problem = "was not written by lerq: its MAC does not match the audit key"
        if problem is not None:
            return ChainReport(count, prev_hash, event.seq, f"{where} {problem}")
        version = event.version
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


def _event_problem(event: Event, prev_hash: str, version: int) -> str | None:
    """What is wrong with ``event`` read after an event of ``version`` whose hash is
    ``prev_hash``, short of its MAC; None when nothing is."""
    if event.version < version:
        # Without this, an event forged in the form before MACs would need no key.
        return f"is in form {event.version}, older than the event before it: it was forged"
    try:
        content_hash = content_hash_of(event)
    except UnknownEventForm:
        return f"is in an unknown form ({event.version})"
    if content_hash != event.content_hash:
        return "was changed"
    if chain_hash(event.prev_hash, event.content_hash) != event.hash:
        return "has a forged hash"
    if event.prev_hash != prev_hash:
        return f"does not follow event #{event.seq - 1}: one of them was rewritten"
    return None
