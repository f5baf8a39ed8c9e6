"""A letter a clerk enters by hand is read like mail: lerq keeps how sure it was of each field
and why the kind; what the clerk typed (the agent's address) counts as sure (issue 17)."""

import pytest

from tests.intake.web.test_manual_intake import URL, form, letter
from tests.web import sign_in
from triage.models import Request

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_letter_entered_by_hand_keeps_the_readings_confidence(client, clerk):
    sign_in(client, clerk).post(URL, form(letter(), agency_email="dwhitaker@mvcso.az.gov"))

    opened = Request.objects.get()
    assert opened.reading_confidence["agent_email"] == 1.0  # the clerk typed it
    assert opened.reading_confidence["kind"] < 1.0  # read, not chosen
    assert 0 <= opened.reading_confidence["badge"] <= 1
    assert opened.kind_evidence and all(e["words"] for e in opened.kind_evidence)
    assert any("grand jury" in e["words"].lower() for e in opened.kind_evidence)
