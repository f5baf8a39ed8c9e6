"""A held emergency is where the team looks first (issue 16): first in the needs-routing list
with its clock, at the top of the dashboard's "Emergencies open" and of the queue, linking to
the held message; a clerk's decision takes it off."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from intake.models import Outcome
from tests.intake.held_emergency import TRUSTED, child_in_danger_eml, ingested, note_eml
from tests.triage.timers.helpers import at
from tests.web import sign_in

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    settings.LERQ_EMERGENCY_ACK_MINUTES = 60
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 30


@pytest.fixture
def emergency():
    with at(T0 + timedelta(minutes=1)):
        message = ingested(child_in_danger_eml(T0))
    assert message.outcome == Outcome.HELD
    return message


@pytest.fixture
def newer_note():
    with at(T0 + timedelta(minutes=20)):
        message = ingested(note_eml(T0 + timedelta(minutes=19)))
    assert message.outcome == Outcome.HELD
    return message


def test_the_held_list_shows_the_emergency_first_with_its_clock(
    client, clerk, emergency, newer_note
):
    with at(T0 + timedelta(minutes=25)):
        html = sign_in(client, clerk).get(reverse("intake:needs_routing")).content.decode()

    assert html.index(f'id="held-{emergency.pk}"') < html.index(f'id="held-{newer_note.pk}"')
    row = html[html.index(f'id="held-{emergency.pk}"') : html.index(f'id="held-{newer_note.pk}"')]
    assert 'class="emergency"' in row
    # The next timer: the first escalation, 30 minutes after our server received it.
    assert 'data-due="2026-05-04T10:30:00+02:00"' in row
    assert "Emergency escalation" in row
    assert '<option value="emergency" selected>' in row  # opening it makes an emergency
    assert "claims a danger of death or serious injury" in row


def test_the_dashboard_and_the_queue_load_the_held_emergencies(client, reviewer, emergency):
    sign_in(client, reviewer)
    fragment = reverse("intake:held_emergencies")

    assert f'hx-get="{fragment}"' in client.get(reverse("triage:dashboard")).content.decode()
    assert f'hx-get="{fragment}"' in client.get(reverse("triage:queue")).content.decode()
    html = client.get(fragment).content.decode()
    assert f'href="{reverse("intake:needs_routing")}#held-{emergency.pk}"' in html
    assert f"Held message {emergency.pk}" in html
    assert "Urgent - missing 12 year old girl" in html
    # Under the "emergencies open" tile, which counts requests.
    count = client.get(fragment, {"part": "count"}).content.decode()
    assert "+ 1 held for routing" in count


def test_once_dismissed_it_is_no_longer_shown_as_waiting(client, clerk, emergency):
    sign_in(client, clerk)
    client.post(
        reverse("intake:held_dismiss", args=[emergency.pk]), {"reason": "The agency's drill."}
    )

    html = client.get(reverse("intake:held_emergencies")).content.decode()
    assert html.strip() == ""


def test_a_held_message_that_claims_no_danger_is_not_an_emergency(client, clerk, newer_note):
    sign_in(client, clerk)

    fragment = reverse("intake:held_emergencies")
    assert client.get(fragment).content.decode().strip() == ""
    assert client.get(fragment, {"part": "count"}).content.decode().strip() == ""
    html = client.get(reverse("intake:needs_routing")).content.decode()
    assert 'data-emergency="1"' not in html
