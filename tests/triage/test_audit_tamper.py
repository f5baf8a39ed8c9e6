"""An attacker with the database owner's rights (the append-only trigger switched off, raw SQL,
hashes recomputed with lerq's own code) cannot change the record unseen: verify_audit names the
first event that lerq did not write, without any head published beforehand (issue 19)."""

import hmac
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.factories import request_in
from tests.triage.services.helpers import walk_approver, walk_to
from triage.audit import GENESIS, chain_hash, content_hash_of
from triage.models import Event, Status

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the attacks are on PostgreSQL"),
]
# What an attacker without the audit key puts where a MAC goes: any key but lerq's.
ATTACKER_KEY = b"not the audit key"


@pytest.fixture
def record():
    """A disclosed request (approve, disclose), then two more requests after it, so that the
    disclosure sits in the middle of the chain."""
    disclosed = walk_to(Status.DISCLOSED)
    other = request_in("in_review")
    request_in("validated")
    return disclosed, other, list(Event.objects.order_by("seq"))


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _broken_at() -> int:
    """The event verify_audit names (exit 1); fails the test when it finds the record intact."""
    with pytest.raises(CommandError) as failure:
        _verify()
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert message.startswith("audit chain broken at event #")
    return int(message.removeprefix("audit chain broken at event #").split(":")[0])


def _as_owner(sql: str, params: list) -> None:
    """Run ``sql`` as the table's owner would: the append-only trigger disabled around it."""
    with connection.cursor() as cursor:
        # The test's own transaction still holds deferred foreign-key checks, which ALTER TABLE
        # refuses to run over; an attacker's session would have none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE triage_event DISABLE TRIGGER USER")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("ALTER TABLE triage_event ENABLE TRIGGER USER")


def _fields() -> list:
    return [f for f in Event._meta.concrete_fields if not f.primary_key]


def _values(event: Event) -> list:
    return [f.get_db_prep_save(getattr(event, f.attname), connection) for f in _fields()]


def _reseal(event: Event, prev_hash: str) -> None:
    """Recompute an event's hashes as anyone can; its MAC (where the model has one) with a key
    that is not lerq's."""
    event.prev_hash = prev_hash
    event.content_hash = content_hash_of(event)
    event.hash = chain_hash(prev_hash, event.content_hash)
    if hasattr(event, "mac"):
        event.mac = hmac.new(ATTACKER_KEY, bytes.fromhex(event.hash), "sha256").hexdigest()


def _rewrite(events: list[Event], start: int) -> None:
    """Write ``events[start:]`` back as seq start+1, start+2, … with recomputed hashes."""
    rows = events[start:]
    _as_owner(
        "UPDATE triage_event SET seq = seq + 1000000 WHERE id = ANY(%s)", [[e.pk for e in rows]]
    )
    prev = events[start - 1].hash if start else GENESIS
    columns = ", ".join(f"{f.column} = %s" for f in _fields())
    for seq, event in enumerate(rows, start=start + 1):
        event.seq = seq
        _reseal(event, prev)
        prev = event.hash
        _as_owner(f"UPDATE triage_event SET {columns} WHERE id = %s", [*_values(event), event.pk])  # noqa: S608


def test_the_untouched_record_is_intact(record):
    assert _verify() == f"audit chain intact: {len(record[2])} events\n"


def test_moving_an_approval_to_another_request_is_detected(record):
    _, other, events = record
    approval = next(e for e in events if e.action == "approve")
    _as_owner("UPDATE triage_event SET request_id = %s WHERE id = %s", [other.pk, approval.pk])
    assert _broken_at() == approval.seq


def test_changing_who_approved_is_detected(record, approver):
    approval = next(e for e in record[2] if e.action == "approve")
    _as_owner("UPDATE triage_event SET actor_id = %s WHERE id = %s", [approver.pk, approval.pk])
    assert _broken_at() == approval.seq


def test_appending_a_correctly_hashed_approval_is_detected(record):
    _, other, events = record
    last = events[-1]
    forged = Event(
        seq=last.seq + 1,
        request=other,
        reference=other.reference,
        actor=walk_approver(),
        actor_name="walk-approver",
        at=timezone.now(),
        action="approve",
        from_state="pending_approval",
        to_state="approved",
        data={},
    )
    if hasattr(forged, "version"):
        forged.version = last.version  # the form lerq writes today
    _reseal(forged, last.hash)
    columns = ", ".join(f.column for f in _fields())
    marks = ", ".join(["%s"] * len(_fields()))
    # INSERT is allowed with the trigger on: no need to switch it off.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO triage_event ({columns}) VALUES ({marks})", _values(forged))  # noqa: S608
    assert _broken_at() == forged.seq


def test_appending_an_event_in_the_form_before_macs_is_detected(record):
    """The form without a MAC is only readable at the start of the chain, where it was written
    before MACs existed; after an event with a MAC it is a forgery."""
    _, other, events = record
    last = events[-1]
    forged = Event(
        seq=last.seq + 1,
        version=1,
        request=other,
        reference=other.reference,
        actor_name="approver",
        at=timezone.now(),
        action="approve",
        data={},
    )
    _reseal(forged, last.hash)
    forged.mac = ""
    Event.objects.bulk_create([forged])
    assert _broken_at() == forged.seq


def test_swapping_two_events_and_recomputing_the_hashes_is_detected(record):
    events = record[2]
    i, j = 2, 5
    events[i], events[j] = events[j], events[i]
    _rewrite(events, i)
    assert _broken_at() == i + 1


def test_deleting_a_disclosure_from_the_middle_and_renumbering_is_detected(record):
    events = record[2]
    i = next(n for n, e in enumerate(events) if e.action == "disclose")
    assert i < len(events) - 3  # in the middle
    _as_owner("DELETE FROM triage_event WHERE id = %s", [events[i].pk])
    del events[i]
    _rewrite(events, i)
    assert _broken_at() == i + 1


def test_editing_an_event_and_recomputing_every_later_hash_is_detected(record):
    events = record[2]
    i = len(events) // 2
    events[i].reason = "nothing to see"
    _rewrite(events, i)
    assert _broken_at() == i + 1


def test_rewriting_the_record_from_genesis_is_detected(record):
    events = record[2]
    for event in events:
        event.actor_name = "system"
    _rewrite(events, 0)
    assert _broken_at() == 1


def test_the_owner_cannot_truncate_the_record_by_mistake(record):
    """The app's role has no TRUNCATE right at all (test_db_roles.py); the trigger stops the
    owner, unless a session explicitly allows it (as the test suite does to empty tables)."""
    from django.db import transaction
    from django.db.utils import DatabaseError

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as in _as_owner
        cursor.execute("SET LOCAL lerq.event_truncate = ''")
        cursor.execute("TRUNCATE triage_event")
    assert _verify() == f"audit chain intact: {len(record[2])} events\n"


def test_each_event_hash_commits_to_every_column(record):
    """The leaf a checkpoint signs for an event is its hash: it must change with any column."""
    approval = next(e for e in record[2] if e.action == "approve")
    changes = {
        "seq": approval.seq + 1,
        "request_id": approval.request_id + 1,
        "reference": "LER-2026-999999",
        "actor_id": None,
        "actor_name": "system",
        "at": approval.at + timedelta(microseconds=1),
        "action": "reject",
        "from_state": "closed",
        "to_state": "closed",
        "reason": "x",
        "data": {"x": 1},
    }
    for column, value in changes.items():
        changed = Event.objects.get(pk=approval.pk)
        setattr(changed, column, value)
        assert content_hash_of(changed) != approval.content_hash, column
