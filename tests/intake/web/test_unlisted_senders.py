"""A clerk decides on the needs-routing page whether an authenticated sender off the government
list is a government's (issue 16)."""

import pytest
from django.urls import reverse

from intake import govdomains
from intake.models import GovernmentDomain, InboundMessage, Outcome, SecurityLogEntry
from tests.intake.web.conftest import ingest_file
from tests.web import sign_in
from triage.models import Event, EventKind, Request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def politie():
    govdomains.rules_changed()
    message = ingest_file("unlisted/politie_preservation.eml")
    assert (message.outcome, message.unlisted_domain) == (Outcome.HELD, "politie.example.nl")
    yield message
    govdomains.rules_changed()


def post(client, name, message, **data):
    return client.post(reverse(f"intake:{name}", args=[message.pk]), data)


def test_the_queue_asks_whether_the_sender_is_a_government(client, clerk, politie):
    html = sign_in(client, clerk).get(reverse("intake:needs_routing")).content.decode()

    assert "politie.example.nl</strong> authenticated as its own domain" in html
    assert reverse("intake:held_government", args=[politie.pk]) in html
    assert reverse("intake:held_refuse", args=[politie.pk]) in html
    assert "Preservation request - account of a fraud suspect" in html  # content kept
    assert "Open as a new request" not in html  # the sender is decided first


def test_government_adds_the_domain_and_opens_the_request(client, clerk, politie):
    response = post(sign_in(client, clerk), "held_government", politie, note="MLA desk confirmed")

    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:request_detail", args=[request.reference])
    assert request.agent_email == "p.devries@politie.example.nl"
    row = GovernmentDomain.objects.get(domain="politie.example.nl")
    assert row.added_by == clerk and row.active
    event = Event.objects.get(action=EventKind.GOVERNMENT_DOMAIN_ADDED)
    assert event.actor == clerk and event.data["note"] == "MLA desk confirmed"
    assert InboundMessage.objects.get(pk=politie.pk).outcome == Outcome.CREATED
    queue = client.get(reverse("intake:needs_routing")).content.decode()
    assert "Nothing waiting for routing." in queue


def test_refuse_deletes_the_message(client, clerk, politie):
    response = post(sign_in(client, clerk), "held_refuse", politie, reason="a sales pitch")

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:needs_routing")
    message = InboundMessage.objects.get(pk=politie.pk)
    assert message.outcome == Outcome.REFUSED and bytes(message.raw) == b""
    assert SecurityLogEntry.objects.get().reason_codes == ["refused_by_clerk"]
    assert not GovernmentDomain.objects.exists()


def test_opening_it_before_the_sender_is_decided_says_why(client, clerk, politie):
    response = post(sign_in(client, clerk), "held_open", politie, kind="preservation")

    assert response.status_code == 302
    page = client.get(reverse("intake:needs_routing")).content.decode()
    assert "politie.example.nl is not on the government list: decide first" in page
    assert not Request.objects.exists()


def test_only_the_intake_team_decides(client, outsider, politie):
    sign_in(client, outsider)

    assert post(client, "held_government", politie).status_code == 403
    assert post(client, "held_refuse", politie).status_code == 403
    assert not GovernmentDomain.objects.exists()
    assert InboundMessage.objects.get(pk=politie.pk).outcome == Outcome.HELD
