"""The record is tamper-evident: any changed byte or removed event makes verify_audit fail
and name the event."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import request_in
from triage import services
from triage.audit import chain_verify
from triage.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(reviewer):
    """A few requests' worth of events: openings, transitions, a rejection with reason codes."""
    r = request_in("in_review")
    services.request_reject(
        request=r, by=reviewer, reasons=["overbroad", "other"], explanation="« tous » les comptes"
    )
    request_in("needs_info")
    request_in("preserved", kind="preservation")
    assert Event.objects.count() >= 8
    return list(Event.objects.order_by("seq"))


def _raw(sql: str, params: list) -> None:
    """Write to the event table as an attacker with database access would (trigger off)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # triggers off (superuser)
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _flip(text: str) -> str:
    """Change one character in the middle of a value."""
    i = len(text) // 2
    replacement = "x" if text[i : i + 1] != "x" else "y"
    return text[:i] + replacement + text[i + 1 :]


def test_an_untouched_chain_is_intact(chain):
    assert _verify() == f"audit chain intact: {len(chain)} events\n"


TEXT_COLUMNS = [
    "reference",
    "actor_name",
    "action",
    "from_state",
    "to_state",
    "reason",
    "content_hash",
    "prev_hash",
    "hash",
    "mac",
]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_changing_a_byte_of_any_column_names_the_event(chain, column, position):
    event = {"first": chain[0], "middle": chain[len(chain) // 2], "last": chain[-1]}[position]
    original = getattr(event, column) or "empty"
    _raw(f"UPDATE triage_event SET {column} = %s WHERE id = %s", [_flip(original), event.pk])  # noqa: S608

    with pytest.raises(CommandError) as failure:
        _verify()
    assert f"broken at event #{event.seq}" in str(failure.value)
    assert failure.value.returncode == 1


@pytest.mark.parametrize("position", [0, 3, -1])
def test_moving_the_time_of_an_event_by_a_microsecond_is_detected(chain, position):
    event = chain[position]
    _raw(
        "UPDATE triage_event SET at = at + interval '1 microsecond' WHERE id = %s"
        if connection.vendor == "postgresql"
        else "UPDATE triage_event SET at = replace(at, '.', ',') WHERE id = %s",
        [event.pk],
    )
    with pytest.raises(CommandError, match=f"#{event.seq}: .* was changed"):
        _verify()


def test_changing_the_data_of_an_event_is_detected(chain):
    rejection = next(e for e in chain if e.action == "reject")
    data = dict(rejection.data, reasons=["overbroad"])
    _raw("UPDATE triage_event SET data = %s WHERE id = %s", [json.dumps(data), rejection.pk])
    with pytest.raises(CommandError, match=f"#{rejection.seq}: .* was changed"):
        _verify()


def test_changing_who_acted_is_detected(chain, approver):
    rejection = next(e for e in chain if e.action == "reject")
    _raw("UPDATE triage_event SET actor_name = %s WHERE id = %s", ["approver", rejection.pk])
    with pytest.raises(CommandError, match=f"#{rejection.seq}"):
        _verify()


@pytest.mark.parametrize("position", [0, 4, -2])
def test_deleting_an_event_names_the_missing_one(chain, position):
    event = chain[position]
    _raw("DELETE FROM triage_event WHERE id = %s", [event.pk])
    with pytest.raises(CommandError, match=f"event #{event.seq} removed"):
        _verify()


def test_rewriting_an_event_and_its_hash_is_caught_by_its_mac(chain):
    """An attacker who recomputes the changed event's own hashes has no key for its MAC (and
    would still break the link to the next event)."""
    from triage.audit import chain_hash, content_hash_of

    event = chain[2]
    event.reason = "nothing to see"
    forged_content = content_hash_of(event)
    forged_hash = chain_hash(event.prev_hash, forged_content)
    _raw(
        "UPDATE triage_event SET reason = %s, content_hash = %s, hash = %s WHERE id = %s",
        [event.reason, forged_content, forged_hash, event.pk],
    )
    with pytest.raises(CommandError, match=f"#{event.seq}: .* was not written by lerq"):
        _verify()


def test_removing_the_newest_events_is_caught_against_a_published_head(chain):
    head = chain_verify().head
    assert _verify("--head", head).startswith("audit chain intact")
    _raw("DELETE FROM triage_event WHERE id = %s", [chain[-1].pk])

    assert _verify().startswith("audit chain intact")  # a shorter chain is still a chain...
    with pytest.raises(CommandError, match=r"published head .* is not in the chain"):
        _verify("--head", head)  # ...but not the one that was published


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE triage_event SET reason = 'x' WHERE id = %s",
        "DELETE FROM triage_event WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(chain, sql):
    from django.db import transaction
    from django.db.utils import DatabaseError

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [chain[0].pk])
    assert _verify().startswith("audit chain intact")


def _legacy_events(count: int) -> list[Event]:
    """Events as lerq wrote them before MACs (form 1), inserted as they were then."""
    from django.utils import timezone

    from triage.audit import GENESIS, chain_hash, content_hash_of

    events, prev = [], GENESIS
    for seq in range(1, count + 1):
        event = Event(
            seq=seq,
            version=1,
            reference=f"LER-2025-{seq:06d}",
            actor_name="system",
            at=timezone.now(),
            action="opened",
            to_state="received",
            data={"kind": "subpoena"},
            prev_hash=prev,
        )
        event.content_hash = content_hash_of(event)
        event.hash = prev = chain_hash(prev, event.content_hash)
        events.append(event)
    return Event.objects.bulk_create(events)


def test_events_from_before_macs_keep_verifying_and_new_ones_follow_them():
    old = _legacy_events(3)
    request_in("validated")
    new = list(Event.objects.filter(seq__gt=3).order_by("seq"))
    assert {e.version for e in new} == {2} and all(e.mac for e in new)
    assert new[0].prev_hash == old[-1].hash
    assert _verify() == f"audit chain intact: {3 + len(new)} events\n"


def test_an_event_from_before_macs_is_still_checked_in_its_own_form():
    old = _legacy_events(3)
    _raw("UPDATE triage_event SET actor_name = %s WHERE id = %s", ["approver", old[1].pk])
    with pytest.raises(CommandError, match=r"#2: .* was changed"):
        _verify()
