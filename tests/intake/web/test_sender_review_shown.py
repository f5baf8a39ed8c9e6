"""The request page shows what intake knew of the sender when it opened the request: a
first-time sender is flagged for a closer look, a known one shows its history."""

import pytest
from django.urls import reverse

from intake.models import Outcome
from tests.factories import open_request
from tests.intake.web.conftest import ingest_file
from tests.web import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_first_time_sender_is_flagged_on_the_request_page(client, clerk):
    message = ingest_file("ingest/fbi_subpoena_complete.eml")
    assert message.outcome == Outcome.CREATED

    page = sign_in(client, clerk).get(
        reverse("triage:request_detail", args=[message.request.reference])
    )

    assert page.status_code == 200
    assert 'id="sender-review"' in page.text
    assert "Closer look: first message from" in page.text


def test_a_request_entered_by_hand_has_no_sender_review(client, clerk):
    request = open_request()
    page = sign_in(client, clerk).get(reverse("triage:request_detail", args=[request.reference]))
    assert 'id="sender-review"' not in page.text
