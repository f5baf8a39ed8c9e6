"""Many messages on several processes (intake/batch.py): the same answers as one process, in
the order given, whatever order the processes finish in."""

import os
import time

import pytest
from django.db import OperationalError
from hypothesis import given, settings
from hypothesis import strategies as st

from intake import batch, store
from intake.models import InboundMessage
from triage.models import Request

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_SECONDS = 0.4


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def mail(sender: str, message_id: str, subject: str, body: str, *, replying_to: str = "") -> bytes:
    domain = sender.rpartition("@")[2]
    thread = f"In-Reply-To: {replying_to}\r\nReferences: {replying_to}\r\n" if replying_to else ""
    return (
        f"Authentication-Results: mx.lerq.example; dmarc=pass header.from={domain}\r\n"
        f"Received: from mail.{domain} by mx.lerq.example; Mon, 2 Nov 2026 14:05:00 +0000\r\n"
        f"From: Officer <{sender}>\r\nTo: lawenforcement@lerq.example\r\n"
        f"Subject: {subject}\r\nDate: Mon, 02 Nov 2026 14:04:51 +0000\r\n"
        f"Message-ID: {message_id}\r\n{thread}"
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n'
        f"{body}\r\n"
    ).encode()


def subpoena(sender: str, message_id: str, badge: int) -> bytes:
    letter = (
        "GRAND JURY SUBPOENA\r\n\r\nRequesting agency: Federal Bureau of Investigation\r\n"
        f"Requesting officer: Special Agent Dana Cole\r\nBadge number: {badge}\r\n"
        f"Phone: (202) 555-0143 ext. 2210\r\nEmail: {sender}\r\n"
        "Address: 601 4th Street NW, Washington, DC 20535\r\n\r\n"
        "You are commanded to produce the subscriber information for the account with the\r\n"
        f"email target.{badge}@example.com.\r\n\r\nPlease respond by December 18, 2026.\r\n\r\n"
        "/s/ Special Agent Dana Cole"
    )
    return mail(sender, message_id, "Grand jury subpoena", letter)


def conversation() -> list[tuple[str, bytes, str]]:
    """(label, raw, expected outcome): four agencies' requests, each followed closely by a
    reply (one from a colleague at another address, in the same thread) and a second copy."""
    senders = ["a.cole@fbi.gov", "b.diaz@dea.gov", "c.ford@atf.gov", "d.gray@secretservice.gov"]
    opened = {s: (f"<open-{n}@{s.rpartition('@')[2]}>", 40_000 + n) for n, s in enumerate(senders)}
    new = {s: subpoena(s, *opened[s]) for s in senders}

    def reply(sender: str, author: str, n: int) -> bytes:
        return mail(
            author,
            f"<reply-{n}@{author.rpartition('@')[2]}>",
            "Re: Grand jury subpoena",
            "Adding the case number: 26-CR-0042.",
            replying_to=opened[sender][0],
        )

    a, b, c, d = senders
    return [
        ("new a", new[a], "created"),
        ("reply a", reply(a, a, 1), "attached"),
        ("new b", new[b], "created"),
        ("copy a", new[a], "duplicate"),
        ("new c", new[c], "created"),
        ("reply b by a colleague", reply(b, "e.hunt@dea.gov", 2), "attached"),
        ("new d", new[d], "created"),
        ("reply c", reply(c, c, 3), "attached"),
        ("copy b", new[b], "duplicate"),
        ("reply d", reply(d, d, 4), "attached"),
    ]


@pytest.fixture
def slow_openings(monkeypatch):
    """A message that opens a request takes a while: a reply or copy routed beside it, rather
    than after it, would be held or taken for the original."""
    real = batch.ingest

    def ingest(raw: bytes, *, source: str):
        if source.startswith("new"):
            time.sleep(SLOW_SECONDS)
        return real(raw, source=source)

    monkeypatch.setattr(batch, "ingest", ingest)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_replies_and_copies_are_routed_after_what_they_follow(jobs, slow_openings):
    items = conversation()
    found = list(batch.ingest_many([(label, raw) for label, raw, _ in items], jobs=jobs))
    assert [label for label, _ in found] == [label for label, _, _ in items]
    assert [r.outcome for _, r in found] == [expected for _, _, expected in items]
    assert Request.objects.count() == 4
    # Each reply is on the request of the message it answers.
    by_label = dict(found)
    assert by_label["reply b by a colleague"].reference == by_label["new b"].reference


def test_messages_that_share_nothing_are_routed_at_once(monkeypatch, tmp_path):
    real = batch.ingest

    def ingest(raw: bytes, *, source: str):  # notes when each message was routed, and by whom
        started = time.time()
        time.sleep(SLOW_SECONDS)
        result = real(raw, source=source)
        (tmp_path / source).write_text(f"{os.getpid()} {started} {time.time()}")
        return result

    monkeypatch.setattr(batch, "ingest", ingest)
    senders = [f"agent{n}@fbi{n}.gov" for n in range(4)]
    items = [
        (f"new{n}", subpoena(s, f"<alone-{n}@x.gov>", 50_000 + n)) for n, s in enumerate(senders)
    ]
    found = list(batch.ingest_many(items, jobs=2))
    assert [r.outcome for _, r in found] == ["created"] * 4
    spans = [(tmp_path / label).read_text().split() for label, _ in items]
    assert len({pid for pid, _, _ in spans}) == 2
    # Some two were routed at the same time.
    times = [(float(start), float(end)) for _, start, end in spans]
    assert any(a[0] < b[1] and b[0] < a[1] for a in times for b in times if a is not b)


@pytest.mark.django_db(transaction=False)
def test_inside_a_transaction_the_batch_is_routed_here_and_the_transaction_goes_on():
    items = [
        (f"new {n}", subpoena(f"x{n}@dea.gov", f"<tx-{n}@dea.gov>", 40_500 + n)) for n in range(3)
    ]
    found = list(batch.ingest_many(items, jobs=2))
    assert [r.outcome for _, r in found] == ["created"] * 3
    assert Request.objects.count() == 3


def test_a_file_that_could_not_be_read_is_a_failed_line_in_its_place():
    items = [
        ("missing.eml", FileNotFoundError("no such file")),
        ("new a", subpoena("a.cole@fbi.gov", "<solo@fbi.gov>", 40_100)),
    ]
    found = list(batch.ingest_many(items, jobs=2))
    assert [(label, r.outcome) for label, r in found] == [
        ("missing.eml", "failed"),
        ("new a", "created"),
    ]
    assert found[0][1].reasons == ["cannot read missing.eml: no such file"]


def test_a_process_that_dies_costs_only_the_message_it_was_routing(monkeypatch):
    real = batch.ingest

    def ingest(raw: bytes, *, source: str):
        if source == "crash":  # killed once its bytes are stored, while routing them
            store.message_store(raw, source=source)
            os._exit(9)
        return real(raw, source=source)

    monkeypatch.setattr(batch, "ingest", ingest)
    items = [
        ("crash", subpoena("a.cole@fbi.gov", "<crash@fbi.gov>", 40_200)),
        *[
            (f"new {n}", subpoena(f"x{n}@dea.gov", f"<after-{n}@dea.gov>", 40_300 + n))
            for n in range(5)
        ],
    ]
    found = list(batch.ingest_many(items, jobs=2))
    assert [label for label, _ in found] == [label for label, _ in items]
    crashed = found[0][1]
    assert crashed.outcome == "failed"
    assert "ended (exit code 9)" in crashed.reasons[0]
    assert [r.outcome for _, r in found[1:]] == ["created"] * 5
    # Stored before it was routed: nothing that arrived is lost.
    assert InboundMessage.objects.filter(source="crash").count() == 1


def test_a_database_that_fails_stops_the_batch(monkeypatch):
    def ingest(raw: bytes, *, source: str):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(batch, "ingest", ingest)
    items = [("new a", subpoena("a.cole@fbi.gov", "<down@fbi.gov>", 40_400))]
    with pytest.raises(OperationalError, match="closed the connection"):
        list(batch.ingest_many(items, jobs=2))


def test_a_reply_shares_a_key_with_what_it_answers_and_strangers_share_none():
    original = subpoena("a.cole@fbi.gov", "<k1@fbi.gov>", 1)
    colleague = mail("z.west@fbi.gov", "<k2@fbi.gov>", "Re", "x", replying_to="<k1@fbi.gov>")
    naming = mail("y.moss@dea.gov", "<k3@dea.gov>", "About LER-2026-000123", "x")
    stranger = subpoena("b.diaz@dea.gov", "<k4@dea.gov>", 2)
    keys = batch.message_keys
    assert keys(original) & keys(colleague)
    assert "ref:LER-2026-000123" in keys(naming)
    assert not keys(original) & keys(stranger)
    assert not keys(naming) & keys(stranger)
    # The sender's address, whatever its case or display name.
    assert "from:a.cole@fbi.gov" in keys(original.replace(b"a.cole@fbi.gov>", b"A.Cole@FBI.gov>"))


@given(st.binary(max_size=4096))
@settings(max_examples=2000, deadline=None)
def test_reading_the_keys_of_any_bytes_never_fails(raw):
    keys = batch.message_keys(raw)
    assert any(key.startswith("sha256:") for key in keys)
