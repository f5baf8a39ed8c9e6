"""Intake proposes, the clerk decides (issue 16): what intake found missing is kept on the
received request with the sentence the notice would use; the clerk's ask_info decides what
the deficiency notice asks, and the notice is a draft the clerk sends."""

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import fresh
from triage import rules, services
from triage.models import Event, EventKind, Letter, LetterStatus, Status

pytestmark = pytest.mark.django_db

EMAIL_SENTENCE = rules.NOT_GOVERNMENT_EMAIL.format(email="agent@example.com")
PROPOSAL = [
    {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"]},
    {"name": "agent_email", "sentence": EMAIL_SENTENCE},
]


def test_a_request_opened_with_a_proposal_stays_received_and_asks_nothing():
    r = open_request(proposed=[*PROPOSAL, {"name": "shoe_size", "sentence": "?"}])

    assert r.status == Status.RECEIVED
    # Known names only, in the rules' order (the order of the notice).
    assert [p["name"] for p in r.proposed_deficiencies] == ["agent_email", "letterhead"]
    assert not Letter.objects.filter(request=r, kind="deficiency").exists()
    opened = Event.objects.get(request=r, action=EventKind.OPENED)
    assert [p["name"] for p in opened.data["proposed"]] == ["agent_email", "letterhead"]


def test_the_clerk_unticks_an_item_and_the_notice_asks_the_rest_in_intakes_words(clerk):
    r = open_request(proposed=PROPOSAL)

    services.request_ask_info(request=r, by=clerk, missing=["agent_email", "badge"])

    r = fresh(r)
    assert r.status == Status.NEEDS_INFO and r.proposed_deficiencies == []
    letter = Letter.objects.get(request=r, kind="deficiency")
    assert letter.status == LetterStatus.DRAFT  # the clerk reads it and sends it
    assert letter.extra["missing"] == ["agent_email", "badge"]
    # Intake's own sentence for the item it proposed; the rules' for the one the clerk added.
    assert letter.extra["sentences"] == {"agent_email": EMAIL_SENTENCE}


def test_intake_proposes_on_a_received_request_on_the_record():
    r = open_request()

    services.request_deficiencies_propose(request=r, by=None, items=PROPOSAL)

    assert [p["name"] for p in fresh(r).proposed_deficiencies] == ["agent_email", "letterhead"]
    event = Event.objects.get(request=r, action=EventKind.DEFICIENCIES_PROPOSED)
    assert event.actor is None and len(event.data["proposed"]) == 2


def test_a_request_already_decided_takes_no_proposal():
    r = request_in("validated")

    services.request_deficiencies_propose(request=r, by=None, items=PROPOSAL)

    assert fresh(r).proposed_deficiencies == []
    assert not Event.objects.filter(request=r, action=EventKind.DEFICIENCIES_PROPOSED).exists()


LOOKED = "subject and mail body, 2 attachments: subpoena.pdf, cover.docx (type not read)"


def test_where_intake_looked_is_kept_beside_each_item_and_older_entries_still_work():
    r = open_request(
        proposed=[
            {**PROPOSAL[0], "looked": f"  {LOOKED}\n"},
            PROPOSAL[1],  # an entry made before intake said where it looked
        ]
    )

    assert r.proposed_deficiencies == [
        {"name": "agent_email", "sentence": EMAIL_SENTENCE},
        {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"], "looked": LOOKED},
    ]


def test_where_intake_looked_is_bounded():
    r = open_request(proposed=[{**PROPOSAL[0], "looked": "x" * 5000}])
    assert len(r.proposed_deficiencies[0]["looked"]) == 1000
