"""Bounces (issue 9: bounces are routed back to the request by intake). A delivery status
notification names the mail it returns inside its body; when that Message-ID is ours, the
bounce goes on the mail's request and the team is told. Any other bounce is refused."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from intake import replies
from intake.models import InboundMessage, SecurityLogEntry, SenderHistory
from intake.routing import ingest
from tests.intake.notified import NOTICE_ID, notified_request
from triage.models import Event, EventKind, OutboundMail, Status

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "replies"
REFERENCE = "LER-2026-000778"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.LERQ_TEAM_EMAIL = ["legal-team@lerq.example"]


@pytest.fixture
def notified(reviewer):
    return notified_request(reviewer, email="jane.user@example.com", reference=REFERENCE)


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_a_bounce_of_our_notice_goes_on_the_request_and_the_team_is_told(notified):
    result = ingest(raw("dsn_our_notice.eml"), source="test")

    assert (result.outcome, result.reference, result.status) == (
        "attached",
        REFERENCE,
        Status.IN_REVIEW,
    )
    reason = (
        "delivery failed for jane.user@example.com: failed 5.1.1 550 5.1.1 "
        "<jane.user@example.com>: Recipient address rejected: User unknown"
    )
    assert result.reasons == [reason]
    (event,) = Event.objects.filter(request=notified, action=EventKind.MESSAGE)
    assert event.data["note"] == reason
    (mail,) = OutboundMail.objects.filter(template="bounce")
    assert (mail.request, mail.to) == (notified, ["legal-team@lerq.example"])
    assert mail.subject == f"[{REFERENCE}] Delivery failed for jane.user@example.com"
    assert "Recipient address rejected: User unknown" in mail.body_text
    assert "the user has not been told" in mail.body_text
    assert bytes(InboundMessage.objects.get().raw) == raw("dsn_our_notice.eml")
    assert not SecurityLogEntry.objects.exists()
    assert not SenderHistory.objects.exists()


def test_a_bounce_returning_the_whole_message_is_found_too(notified):
    result = ingest(raw("dsn_rfc822_plain_from.eml"), source="test")

    assert (result.outcome, result.reference) == ("attached", REFERENCE)
    assert result.reasons == [
        "delivery failed for jane.user@example.org: failed 5.2.2 552 5.2.2 Mailbox full"
    ]


def test_the_team_is_told_once_when_the_bounce_is_routed_again(notified):
    ingest(raw("dsn_our_notice.eml"), source="test")
    InboundMessage.objects.update(outcome="pending", routing_started_at=None)

    again = ingest(raw("dsn_our_notice.eml"), source="test")

    assert again.outcome == "attached"
    assert OutboundMail.objects.filter(template="bounce").count() == 1
    assert Event.objects.filter(request=notified, action=EventKind.MESSAGE).count() == 1


def test_a_bounce_of_the_teams_own_mail_is_recorded_without_mailing_the_team_again(notified):
    OutboundMail.objects.filter(message_id=NOTICE_ID).update(template="bounce")

    result = ingest(raw("dsn_our_notice.eml"), source="test")

    assert (result.outcome, result.reference) == ("attached", REFERENCE)
    assert OutboundMail.objects.filter(template="bounce").count() == 1  # only the one bounced


def test_a_bounce_of_a_mail_we_never_sent_is_refused_and_deleted(notified):
    result = ingest(raw("dsn_unknown_id.eml"), source="test")

    assert (result.outcome, result.reasons[0]) == ("refused", "malformed_from")
    assert bytes(InboundMessage.objects.get().raw) == b""
    assert SecurityLogEntry.objects.count() == 1
    assert not OutboundMail.objects.filter(template="bounce").exists()
    assert not Event.objects.filter(request=notified, action=EventKind.MESSAGE).exists()


def test_a_bounce_reader_keeps_what_it_reports_on_one_bounded_line():
    hostile = raw("dsn_our_notice.eml").replace(
        b"Diagnostic-Code: smtp; 550 5.1.1",
        b"Diagnostic-Code: smtp; 550 \x1b[31m" + b"x" * 5000,
    )

    found = replies.bounce_read(hostile)

    assert found.original_ids == (NOTICE_ID,)
    assert "\x1b" not in found.diagnostic
    assert len(found.diagnostic) <= replies.MAX_DETAIL


def test_a_bounce_nested_past_the_bound_is_not_read():
    nested = (
        b"Content-Type: multipart/mixed; boundary=a\n\n"
        + b"--a\nContent-Type: multipart/mixed; boundary=a\n\n" * 150
    )

    found = replies.bounce_read(nested)

    assert found.original_ids == ()
    assert found.reasons == ["more than 100 multipart containers"]


def test_ingest_eml_reports_bounces_with_the_contract_keys(notified):
    out = StringIO()
    call_command(
        "ingest_eml",
        str(DATA / "dsn_our_notice.eml"),
        str(DATA / "dsn_unknown_id.eml"),
        "--json",
        stdout=out,
    )

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    keys = {"file", "message_id", "outcome", "reference", "kind", "status", "missing", "reasons"}
    assert all(set(line) == keys for line in lines)
    assert [(line["outcome"], line["reference"]) for line in lines] == [
        ("attached", REFERENCE),
        ("refused", None),
    ]
