"""Shared by the checkpoint, verify and export tests: a record, a key, and an attacker's hands."""

from io import StringIO

from django.core.management import call_command
from django.db import connection

from tests.factories import request_in
from triage import services
from triage.audit import chain_hash, content_hash_of
from triage.audit_key import audit_key, mac_of
from triage.models import Event


def record(reviewer) -> list[Event]:
    """A few requests' worth of events: openings, transitions, a rejection with a reason."""
    r = request_in("in_review")
    services.request_reject(
        request=r, by=reviewer, reasons=["overbroad", "other"], explanation="« tous » les comptes"
    )
    request_in("needs_info")
    request_in("preserved", kind="preservation")
    return list(Event.objects.order_by("seq"))


def signing_key() -> None:
    call_command("audit_signing_key_create", stdout=StringIO())


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def as_owner(sql: str, params: list | None = None) -> None:
    """Write as the database owner would, with the append-only trigger off (migration 0002)."""
    with connection.cursor() as cursor:
        # The test's transaction holds deferred foreign-key checks, which TRUNCATE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params or [])
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def rewrite_from(seq: int, reason: str) -> None:
    """Change event ``seq``'s reason and recompute every hash after it, as a forger would who
    also stole the audit key (the MACs are remade too): only the signed checkpoints tell."""
    prev = Event.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in Event.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.reason = reason
        event.prev_hash = prev
        event.content_hash = content_hash_of(event)
        event.hash = chain_hash(event.prev_hash, event.content_hash)
        event.mac = mac_of(event.hash, audit_key())
        as_owner(
            "UPDATE triage_event SET reason = %s, prev_hash = %s, content_hash = %s, hash = %s, "
            "mac = %s WHERE id = %s",
            [event.reason, event.prev_hash, event.content_hash, event.hash, event.mac, event.pk],
        )
        prev = event.hash
