"""A notified user's reply (issue 9: replies are routed back to the request by intake). The
user is no government sender, so the reply is attached only when it answers a mail we sent to
that very address, or names the request's reference from an address the notice went to;
everything else from a non-government sender is refused and deleted as before."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from intake.models import InboundMessage, SecurityLogEntry, SenderHistory
from intake.routing import ingest
from tests.factories import request_in
from tests.intake.notified import NOTICE_ID, notified_request
from triage.models import Event, EventKind, NoticeRecipient, OutboundMail, Status

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "replies"
REFERENCE = "LER-2026-000777"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


@pytest.fixture
def notified(reviewer):
    """A request in review whose user notice went to Jane.User@example.com (as the team
    typed it), with the reference and Message-ID the .eml files name."""
    return notified_request(reviewer, email="Jane.User@example.com", reference=REFERENCE)


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def message_events(request):
    return list(Event.objects.filter(request=request, action=EventKind.MESSAGE))


def test_a_reply_to_our_notice_is_attached_to_the_request(notified):
    result = ingest(raw("user_reply_in_reply_to.eml"), source="test")

    assert (result.outcome, result.reference) == ("attached", REFERENCE)
    assert result.status == Status.IN_REVIEW  # nothing answered, nothing opened
    assert result.reasons[0] == (
        f"reply from jane.user@example.com, a notified user, to our mail {NOTICE_ID}"
    )
    (event,) = message_events(notified)
    assert event.data["message_id"] == "<jane-reply-1@mail.example.com>"
    assert event.data["note"] == result.reasons[0]
    assert event.reason.startswith("reply from jane.user@example.com, a notified user")
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == raw("user_reply_in_reply_to.eml")  # content kept
    assert message.request == notified
    assert not SecurityLogEntry.objects.exists()


def test_a_notified_users_reply_counts_in_no_sender_history(notified):
    ingest(raw("user_reply_in_reply_to.eml"), source="test")

    assert not SenderHistory.objects.filter(address="jane.user@example.com").exists()


def test_an_unauthenticated_reply_naming_the_reference_is_attached_unverified(notified):
    # Issue 15: naming the reference from the notified address proves nothing on its own
    # (tests/intake/test_reply_standing.py has the rest).
    result = ingest(raw("user_reply_reference.eml"), source="test")

    assert (result.outcome, result.reference) == ("attached", REFERENCE)
    assert result.reasons[0].startswith("Attached unverified: the mail from jane.user@example.com")
    assert len(message_events(notified)) == 1


def test_the_reference_from_an_address_never_notified_is_refused_and_deleted(notified):
    result = ingest(raw("stranger_reference.eml"), source="test")

    assert (result.outcome, result.reasons[0]) == ("refused", "not_government_sender")
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == b"" and message.subject == ""
    assert SecurityLogEntry.objects.get().sender == "someone.else@example.net"
    assert message_events(notified) == []


def test_the_reference_from_a_recipient_not_yet_notified_is_refused(reviewer):
    r = request_in("in_review", targets=[{"type": "user", "email": "jane.user@example.com"}])
    r.__class__.objects.filter(pk=r.pk).update(reference=REFERENCE)
    NoticeRecipient.objects.create(request=r, email="jane.user@example.com", added_at=r.received_at)

    result = ingest(raw("user_reply_reference.eml"), source="test")

    assert result.outcome == "refused"
    assert message_events(r) == []


def test_a_spoofed_reply_to_a_message_id_we_never_sent_is_refused(notified):
    result = ingest(raw("spoofed_reply_unknown_id.eml"), source="test")

    assert (result.outcome, result.reasons[0]) == ("refused", "not_government_sender")
    assert bytes(InboundMessage.objects.get().raw) == b""
    assert message_events(notified) == []


def test_a_reply_to_our_mail_from_another_address_is_refused(notified):
    forwarded = raw("user_reply_in_reply_to.eml").replace(
        b"<jane.user@example.com>", b"<mallory@example.com>"
    )

    result = ingest(forwarded, source="test")

    # Not the notified user: nothing on the request. example.com authenticated, so since
    # issue 16 the mail waits for a person (government or refuse) instead of being deleted.
    assert (result.outcome, result.reasons[0]) == ("held", "unlisted_sender")
    assert InboundMessage.objects.get().request is None
    assert message_events(notified) == []


def test_a_reply_to_a_mail_only_the_team_received_is_refused(notified, settings):
    settings.LERQ_TEAM_EMAIL = ["jane.user@example.com"]
    OutboundMail.objects.filter(message_id=NOTICE_ID).update(template="timer")
    NoticeRecipient.objects.update(notice_message_id="")

    result = ingest(raw("user_reply_in_reply_to.eml"), source="test")

    # Not taken as the user's reply; held for a person as any authenticated unlisted sender.
    assert (result.outcome, result.reasons[0]) == ("held", "unlisted_sender")
    assert InboundMessage.objects.get().request is None


def test_a_government_domain_failing_authentication_stays_refused(notified):
    NoticeRecipient.objects.update(email="tom.reyes@fbi.gov")
    OutboundMail.objects.filter(message_id=NOTICE_ID).update(to=["tom.reyes@fbi.gov"])
    forged = (
        raw("user_reply_in_reply_to.eml")
        .replace(b"<jane.user@example.com>", b"<tom.reyes@fbi.gov>")
        .replace(b"dmarc=pass header.from=example.com", b"dmarc=fail header.from=fbi.gov")
    )

    result = ingest(forged, source="test")

    assert (result.outcome, result.reasons[0]) == ("refused", "authentication_failed")
    assert message_events(notified) == []


def test_ingest_eml_reports_a_users_reply_as_attached_with_the_contract_keys(notified):
    out = StringIO()
    call_command(
        "ingest_eml",
        str(DATA / "user_reply_in_reply_to.eml"),
        str(DATA / "stranger_reference.eml"),
        "--json",
        stdout=out,
    )

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    keys = {"file", "message_id", "outcome", "reference", "kind", "status", "missing", "reasons"}
    assert all(set(line) == keys for line in lines)
    assert [line["outcome"] for line in lines] == ["attached", "refused"]
    assert lines[0]["reference"] == REFERENCE
    assert lines[1]["reference"] is None
