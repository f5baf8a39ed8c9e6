"""Intake keeps how sure it was of what it read (issue 17), and with LERQ_AUTO_DEFICIENCY on a
deficiency notice leaves without a person only when the reading is certain by the rules' own
standard (issue 16): every field the list rests on, and the kind, read at least
LERQ_AUTO_DEFICIENCY_CONFIDENCE sure. Otherwise the list waits for a clerk, and says why."""

import html
from pathlib import Path

import pytest

from intake import certainty
from intake.extraction import extract_path
from intake.routing import ingest
from tests.web import sign_in
from triage import rules
from triage.models import Event, EventKind, LetterStatus, Request, Status

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"
INCOMPLETE = DATA / "fbi_subpoena_incomplete.eml"
MISSING = ["badge", "phone", "address", "response_date", "signature"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def test_intake_keeps_the_confidence_of_each_field_and_why_the_kind():
    reading = extract_path(INCOMPLETE)

    result = ingest(INCOMPLETE.read_bytes(), source="test")

    request = Request.objects.get(reference=result.reference)
    kept = request.reading_confidence
    assert kept["kind"] == reading.confidence["kind"]
    assert kept["agent_phone"] == reading.confidence["phone"]
    assert kept["postal_address"] == reading.confidence["address"]
    assert kept["response_due_date"] == reading.confidence["response_date"]
    assert kept["targets"] == reading.confidence["targets"]
    assert all(0 <= value <= 1 for value in kept.values())
    assert reading.kind_evidence, "the fixture's kind is decided by words in it"
    assert request.kind_evidence == reading.kind_evidence


def test_with_auto_deficiency_a_certain_reading_sends_the_notice_without_a_person(settings):
    settings.LERQ_AUTO_DEFICIENCY = True
    settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE = 0.0  # every reading is certain enough

    result = ingest(INCOMPLETE.read_bytes(), source="test")

    assert (result.status, result.missing) == (Status.NEEDS_INFO, MISSING)
    request = Request.objects.get(reference=result.reference)
    assert request.letters.get(kind="deficiency").status == LetterStatus.QUEUED
    assert request.deficiency_unsure == []


def test_with_auto_deficiency_an_uncertain_reading_waits_for_a_person_and_says_why(
    settings, client, clerk
):
    settings.LERQ_AUTO_DEFICIENCY = True
    # The reader never says 1.0 of anything it read (intake/extraction/confidence.py CEILING).
    settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE = 1.0

    result = ingest(INCOMPLETE.read_bytes(), source="test")

    request = Request.objects.get(reference=result.reference)
    assert request.status == Status.RECEIVED
    assert not request.letters.filter(kind="deficiency").exists()
    assert [p["name"] for p in request.proposed_deficiencies] == MISSING
    # The kind and every missing item, each with the confidence it was read at.
    names = {"phone": "agent_phone", "address": "postal_address"}
    names |= {"response_date": "response_due_date", "signature": "signed"}
    expected = [
        {"name": name, "confidence": request.reading_confidence[names.get(name, name)]}
        for name in ["kind", *MISSING]
    ]
    assert request.deficiency_unsure == expected
    event = Event.objects.get(request=request, action=EventKind.OPENED)
    assert event.data["unsure"] == expected

    sign_in(client, clerk)
    page = html.unescape(client.get(request.get_absolute_url()).text)
    shown = ", ".join(f"{u['name']} ({u['confidence']:.2f})" for u in expected)
    assert f"lerq was not sure of: {shown}." in page


def test_the_gate_asks_only_of_the_fields_the_list_rests_on(settings):
    settings.LERQ_AUTO_DEFICIENCY = True
    found = [rules.Deficiency("badge", "…"), rules.Deficiency("signature", "…")]
    # The language was read badly, but no deficiency rests on it.
    sure = {"kind": 0.97, "badge": 0.96, "signed": 0.95, "language": 0.10}

    assert certainty.deficiency_gate(confidence=sure, found=found) == (True, [])

    unsure = {**sure, "badge": 0.62, "kind": 0.70}
    assert certainty.deficiency_gate(confidence=unsure, found=found) == (
        False,
        [{"name": "kind", "confidence": 0.70}, {"name": "badge", "confidence": 0.62}],
    )
    # A field whose confidence is not known is not certain.
    assert certainty.deficiency_gate(confidence={"kind": 0.99}, found=found)[0] is False


def test_with_auto_deficiency_off_nothing_leaves_alone_however_sure(settings):
    settings.LERQ_AUTO_DEFICIENCY = False
    found = [rules.Deficiency("badge", "…")]

    assert certainty.deficiency_gate(confidence={"kind": 1.0, "badge": 1.0}, found=found) == (
        False,
        [],
    )
