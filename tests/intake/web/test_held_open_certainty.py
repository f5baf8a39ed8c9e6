"""A clerk opens a held message as a request: lerq keeps how sure it was of what it read, the
kind the clerk chose counts as sure, and with LERQ_AUTO_DEFICIENCY on the notice still waits
for a person when the fields it rests on were not read sure (issues 16, 17)."""

import pytest
from django.urls import reverse

from intake.models import Outcome
from tests.intake.web.conftest import ingest_file
from tests.web import sign_in
from triage.models import Event, EventKind, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def note():
    message = ingest_file("ingest/government_note.eml")
    assert message.outcome == Outcome.HELD
    return message


def test_the_kind_a_clerk_chose_is_sure_and_the_list_waits_for_what_was_not(
    client, clerk, note, settings
):
    settings.LERQ_AUTO_DEFICIENCY = True
    # Above anything the reader says of itself (at most 0.99); what a person gives is 1.0.
    settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE = 1.0

    sign_in(client, clerk)
    client.post(reverse("intake:held_open", args=[note.pk]), {"kind": "preservation"})

    note.refresh_from_db()
    opened = note.request
    assert opened.status == Status.RECEIVED  # nothing sent without a person
    assert opened.reading_confidence["kind"] == 1.0
    assert 0 <= opened.reading_confidence["agency"] < 1
    unsure = [u["name"] for u in opened.deficiency_unsure]
    assert "kind" not in unsure and "targets" in unsure
    proposed = Event.objects.get(request=opened, action=EventKind.DEFICIENCIES_PROPOSED)
    assert proposed.data["unsure"] == opened.deficiency_unsure
