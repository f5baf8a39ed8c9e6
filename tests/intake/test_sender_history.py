from pathlib import Path

import pytest
from django.db import transaction

from intake import history
from intake.history import sender_history_for
from intake.models import InboundMessage, Outcome, SenderHistory, SenderSighting
from intake.routing import ingest
from triage.models import Event

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def another_subpoena(number: int, agency: str = "Federal Bureau of Investigation") -> bytes:
    """The complete FBI subpoena again from the same agent: a new Message-ID, maybe an agency."""
    text = raw("fbi_subpoena_complete.eml").decode()
    text = text.replace("<subpoena-complete-2026@fbi.gov>", f"<subpoena-{number}@fbi.gov>")
    text = text.replace(
        "Requesting agency: Federal Bureau of Investigation", f"Requesting agency: {agency}"
    )
    return text.encode()


def opening_review(reference: str) -> dict:
    return Event.objects.get(reference=reference, action="opened").data["sender_review"]


def test_a_first_time_sender_is_flagged_on_the_opening_event():
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    review = opening_review(result.reference)
    assert review["address"] == "laura.benton@fbi.gov"
    assert review["flags"] == [history.FLAG_FIRST_TIME]
    assert review["history"] == {}
    assert any(reason.startswith("Closer look: first message") for reason in result.reasons)


def test_the_history_counts_the_request_and_its_agency():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    found = sender_history_for("Laura.Benton@FBI.gov")
    assert (found.address, found.domain) == ("laura.benton@fbi.gov", "fbi.gov")
    assert (found.requests_opened, found.messages_attached, found.refusals) == (1, 0, 0)
    assert found.agencies == {"Federal Bureau of Investigation": 1}
    assert found.last_agency == "Federal Bureau of Investigation"
    assert found.first_seen.isoformat() == "2026-11-02T14:05:00+00:00"


def test_a_known_sender_naming_its_usual_agency_is_not_flagged():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    result = ingest(another_subpoena(2, agency="the Federal Bureau of Investigation."), source="t")
    review = opening_review(result.reference)
    assert review["flags"] == []
    assert review["history"]["requests_opened"] == 1
    assert not any(reason.startswith("Closer look") for reason in result.reasons)
    assert sender_history_for("laura.benton@fbi.gov").requests_opened == 2


def test_a_known_sender_naming_another_agency_is_flagged():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    result = ingest(another_subpoena(2, agency="Drug Enforcement Administration"), source="t")
    review = opening_review(result.reference)
    assert review["flags"] == [history.FLAG_AGENCY_DIFFERS]
    assert "'Federal Bureau of Investigation'" in review["notes"][0]
    found = sender_history_for("laura.benton@fbi.gov")
    assert found.agencies == {
        "Federal Bureau of Investigation": 1,
        "Drug Enforcement Administration": 1,
    }
    assert found.last_agency == "Drug Enforcement Administration"


def test_a_refusal_counts_and_flags_the_next_request():
    assert ingest(raw("fbi_dmarc_fail.eml"), source="test").outcome == "refused"
    assert sender_history_for("laura.benton@fbi.gov").refusals == 1
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    flags = opening_review(result.reference)["flags"]
    assert flags == [history.FLAG_FIRST_TIME, history.FLAG_REFUSED_BEFORE]


def test_a_refused_sender_without_an_address_leaves_no_history():
    assert ingest(raw("random_bytes.eml"), source="test").outcome == "refused"
    assert not SenderHistory.objects.exists()


def test_an_attached_reply_counts_and_carries_its_review():
    opened = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    assert ingest(raw("reply_in_reply_to.eml"), source="test").outcome == "attached"
    found = sender_history_for("tom.reyes@fbi.gov")
    assert (found.requests_opened, found.messages_attached) == (1, 1)
    event = Event.objects.get(reference=opened.reference, action="message")
    assert event.data["sender_review"]["flags"] == []
    assert event.data["sender_review"]["history"]["requests_opened"] == 1


def test_a_held_message_counts_as_held():
    assert ingest(raw("government_note.eml"), source="test").outcome == "held"
    assert sender_history_for("records.office@fbi.gov").messages_held == 1


def test_ingesting_the_same_bytes_again_counts_nothing():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    found = sender_history_for("laura.benton@fbi.gov")
    assert found.requests_opened == 1
    assert SenderSighting.objects.count() == 1


def test_recording_a_message_twice_counts_it_once():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    message = InboundMessage.objects.get()
    for _ in range(2):
        with transaction.atomic():
            history.sender_history_record(
                address="laura.benton@fbi.gov",
                message=message,
                outcome=Outcome.CREATED,
                at=message.received_at,
                agency="Federal Bureau of Investigation",
            )
    found = sender_history_for("laura.benton@fbi.gov")
    assert found.requests_opened == 1
    assert found.agencies == {"Federal Bureau of Investigation": 1}


def test_a_held_message_routed_later_moves_its_count():
    ingest(raw("government_note.eml"), source="test")
    message = InboundMessage.objects.get()
    with transaction.atomic():
        history.sender_history_record(
            address="records.office@fbi.gov",
            message=message,
            outcome=Outcome.ATTACHED,
            at=message.received_at,
        )
    found = sender_history_for("records.office@fbi.gov")
    assert (found.messages_held, found.messages_attached) == (0, 1)


def test_a_review_leaves_out_the_message_itself():
    ingest(raw("government_note.eml"), source="test")
    message = InboundMessage.objects.get()
    review = history.sender_review(address="records.office@fbi.gov", message=message)
    assert review.flags == [history.FLAG_FIRST_TIME]
    assert review.history["messages_held"] == 1


def test_a_crash_after_opening_counts_the_request_once(monkeypatch):
    real = history.sender_history_record

    def crash(**kwargs):  # the request is opened; marking the message created fails
        if kwargs["outcome"] == Outcome.CREATED:
            raise RuntimeError("power cut")
        return real(**kwargs)

    monkeypatch.setattr(history, "sender_history_record", crash)
    assert ingest(raw("fbi_subpoena_complete.eml"), source="test").outcome == "failed"
    assert not SenderSighting.objects.exists()
    monkeypatch.undo()
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert sender_history_for("laura.benton@fbi.gov").requests_opened == 1
    assert Event.objects.filter(action="opened").count() == 1


def test_a_purge_keeps_the_history_of_a_sender_that_was_ever_accepted():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    SenderSighting.objects.all().delete()
    assert history.sender_history_purge() == 0
    assert sender_history_for("laura.benton@fbi.gov") is not None


def test_counting_a_message_moves_updated_at_and_leaves_the_address_alone():
    ingest(raw("government_note.eml"), source="test")
    before = sender_history_for("records.office@fbi.gov")
    again = raw("government_note.eml").replace(b"<office-move-note@", b"<office-move-2@")
    assert ingest(again, source="test").outcome == "held"
    after = sender_history_for("records.office@fbi.gov")
    assert after.messages_held == 2
    assert after.updated_at > before.updated_at
    assert (after.address, after.domain) == ("records.office@fbi.gov", "fbi.gov")
    assert SenderSighting.objects.filter(history=after).count() == 2
