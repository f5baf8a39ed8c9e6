"""What routing one message costs the database, per outcome: a regression shows here first.

Statements leave out BEGIN, COMMIT and savepoints; transactions count the COMMITs (a single
statement in autocommit, as storing the bytes or claiming the message, is not counted)."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.routing import ingest

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"

pytestmark = pytest.mark.django_db(transaction=True)

CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def raw(name: str, *, message_id: bytes = b"") -> bytes:
    """The file's bytes; with ``message_id``, another message (that Message-ID's local part)."""
    data = (DATA / name).read_bytes()
    if message_id:
        data = data.replace(b"Message-ID: <", b"Message-ID: <" + message_id + b".", 1)
    return data


def assert_costs(data: bytes, outcome: str, *, statements: int, transactions: int) -> None:
    with CaptureQueriesContext(connection) as queries:
        result = ingest(data, source="test")
    assert result.outcome == outcome, result.reasons
    sql = [q["sql"] for q in queries.captured_queries]
    found = (sum(not s.startswith(CONTROL) for s in sql), sum(s == "COMMIT" for s in sql))
    assert found[0] <= statements and found[1] <= transactions, (found, sql)


def test_a_created_request():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")  # the sender has a history
    # store (look, insert); claim with the headers; review (history, sightings); a crash's
    # request; open and validate in one transaction (counter, request, target, chain lock
    # and head, event, deadlines, acknowledgement, status, event); mark it created and
    # count it (message, history, sighting, history).
    second = raw("fbi_subpoena_complete.eml", message_id=b"second")
    assert_costs(second, "created", statements=20, transactions=2)


def test_an_attached_reply():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    reply = raw("reply_in_reply_to.eml").replace(b"subpoena-incomplete", b"subpoena-complete")
    assert_costs(reply, "attached", statements=14, transactions=2)


def test_a_reply_answering_a_deficiency_notice():
    ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    # 6 of them and 1 transaction: the answer is read, and what it gives is proposed
    # (triage/services/proposals.py: the lock, one read, the proposals, their Event).
    assert_costs(raw("reply_in_reply_to.eml"), "attached", statements=26, transactions=4)


def test_a_held_message():
    ingest(raw("government_note.eml"), source="test")
    again = raw("government_note.eml", message_id=b"again")
    assert_costs(again, "held", statements=7, transactions=1)


def test_a_refused_message():
    ingest(raw("gmail_sender.eml"), source="test")
    again = raw("gmail_sender.eml", message_id=b"again")
    assert_costs(again, "refused", statements=8, transactions=1)


def test_the_same_bytes_again():
    ingest(raw("gmail_sender.eml"), source="test")
    assert_costs(raw("gmail_sender.eml"), "duplicate", statements=1, transactions=0)
