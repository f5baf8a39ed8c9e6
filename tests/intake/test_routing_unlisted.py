"""Routing refuses and deletes only clear cases (issue 16); a sender authenticated for its own
domain, not on the government list, is held whole until a clerk decides (intake/unlisted.py)."""

from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry

from intake import govdomains, held, unlisted
from intake.models import GovernmentDomain, InboundMessage, Outcome, SecurityLogEntry
from intake.routing import ingest
from triage.models import Event, EventKind, Request

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "unlisted"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings, tmp_path):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.MEDIA_ROOT = tmp_path / "media"
    govdomains.rules_changed()
    yield
    govdomains.rules_changed()


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def politie():
    result = ingest(raw("politie_preservation.eml"), source="test")
    return result, InboundMessage.objects.get(pk=result.message_pk)


def test_a_state_agency_writing_last_first_at_agency_opens_a_request():
    result = ingest(raw("state_agency_last_first.eml"), source="test")

    assert (result.outcome, result.kind) == ("created", "subpoena"), result.reasons
    assert Request.objects.get().agent_email == "dana.morales@dps.texas.gov"
    assert not SecurityLogEntry.objects.exists()


def test_an_authenticated_police_domain_off_the_list_is_held_with_its_content_kept(politie):
    result, message = politie

    assert result.outcome == "held"
    assert result.reasons[0] == "unlisted_sender"
    assert bytes(message.raw) == raw("politie_preservation.eml")
    assert message.subject == "Preservation request - account of a fraud suspect"
    assert message.unlisted_domain == "politie.example.nl"
    assert not SecurityLogEntry.objects.exists()
    assert not Request.objects.exists()
    assert message in held.held_list()


def test_fbi_gov_with_a_cyrillic_i_is_refused_and_deleted_as_a_look_alike():
    result = ingest(raw("fbi_cyrillic_lookalike.eml"), source="test")

    assert (result.outcome, result.reasons[0]) == ("refused", "lookalike_domain")
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == b"" and message.subject == ""
    assert SecurityLogEntry.objects.get().reason_codes == ["lookalike_domain"]


def test_government_adds_the_domain_on_the_record_and_routes_the_message(politie, clerk):
    _, message = politie

    done = unlisted.unlisted_government(message=message, by=clerk, note="called their desk")

    row = GovernmentDomain.objects.get()
    assert (row.domain, row.kind, row.active, row.added_by) == (
        "politie.example.nl",
        "exact",
        True,
        clerk,
    )
    assert row.source == GovernmentDomain.Source.CLERK and "called their desk" in row.note
    event = Event.objects.get(action=EventKind.GOVERNMENT_DOMAIN_ADDED)
    assert (event.actor, event.request, event.data["domain"]) == (
        clerk,
        None,
        "politie.example.nl",
    )
    assert event.data["message_sha256"] == message.sha256
    logged = LogEntry.objects.get(object_id=str(row.pk))
    assert (logged.user, logged.action_flag) == (clerk, ADDITION)
    message.refresh_from_db()
    assert (message.outcome, message.unlisted_domain) == (Outcome.CREATED, "")
    request = Request.objects.get()
    assert done.request == request and message.request == request
    assert request.agent_email == "p.devries@politie.example.nl"
    assert request.targets.get().email == "tulip.trader.77@gmail.com"


def test_the_next_mail_from_an_accepted_domain_is_government_mail(politie, clerk):
    _, message = politie
    unlisted.unlisted_government(message=message, by=clerk)
    again = raw("politie_preservation.eml").replace(b"2026-311@", b"2026-312@")

    result = ingest(again.replace(b"tulip.trader.77", b"canal.bikes.19"), source="test")

    assert result.outcome == "created", result.reasons
    assert GovernmentDomain.objects.count() == 1


def test_refuse_deletes_the_content_and_logs_it_as_a_refusal(politie, clerk):
    _, message = politie

    done = unlisted.unlisted_refuse(message=message, by=clerk, reason="not a police force")

    assert done.sentence == unlisted.DONE_REFUSED.format(domain="politie.example.nl")
    message.refresh_from_db()
    assert message.outcome == Outcome.REFUSED
    assert bytes(message.raw) == b"" and message.subject == ""
    log = SecurityLogEntry.objects.get()
    assert log.reason_codes == [unlisted.CODE_REFUSED]
    assert log.sender == "p.devries@politie.example.nl"
    note = unlisted.NOTE_REFUSED.format(user="clerk", why=": not a police force")
    assert note in log.reasons
    assert log.sender_check["refusal"] == "unlisted_sender"
    assert not GovernmentDomain.objects.exists() and not Request.objects.exists()


def test_a_decided_message_cannot_be_decided_again(politie, clerk):
    _, message = politie
    unlisted.unlisted_refuse(message=message, by=clerk)

    with pytest.raises(held.NotHeld):
        unlisted.unlisted_government(message=message, by=clerk)
    assert not GovernmentDomain.objects.exists()


def test_the_sender_is_decided_before_the_message_is_opened_attached_or_dismissed(politie, clerk):
    _, message = politie

    with pytest.raises(held.NotHeld, match="not on the government list"):
        held.held_open(message=message, by=clerk, kind="preservation")
    with pytest.raises(held.NotHeld, match="not on the government list"):
        held.held_dismiss(message=message, by=clerk, reason="spam")
    message.refresh_from_db()
    assert (message.outcome, message.routing_started_at) == (Outcome.HELD, None)
    assert not Request.objects.exists()


def test_a_domain_an_administrator_switched_off_is_not_put_back_by_a_clerk(politie, clerk):
    _, message = politie
    GovernmentDomain.objects.create(domain="politie.example.nl", active=False)

    with pytest.raises(held.NotHeld, match="switched off"):
        unlisted.unlisted_government(message=message, by=clerk)
    message.refresh_from_db()
    assert (message.outcome, message.unlisted_domain) == (Outcome.HELD, "politie.example.nl")
    assert not Event.objects.filter(action=EventKind.GOVERNMENT_DOMAIN_ADDED).exists()
