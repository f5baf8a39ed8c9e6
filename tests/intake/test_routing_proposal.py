"""Intake proposes, the clerk decides (issue 16): a request whose reading has gaps opens
received with the deficiency list proposed, and no letter leaves without a person. The
team may turn on LERQ_AUTO_DEFICIENCY to have today's automatic notice back."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from intake.routing import ingest
from triage import rules
from triage.models import Event, EventKind, Letter, LetterStatus, OutboundMail, Request, Status

# Not in data/mail/ingest: test_ingest_eml reads that directory whole.
DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "review"
PLAIN_PRESERVATION = DATA / "preservation_plain_email.eml"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def test_a_plain_email_preservation_waits_for_a_clerk_and_no_notice_leaves(
    django_capture_on_commit_callbacks,
):
    # The case: a complete 2703(f) preservation in a plain email from fbi.gov, signed
    # /s/, was put in needs_info for "not on the agency's letterhead" and a signed deficiency
    # notice left about 2 s later, with no lawyer involved.
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(PLAIN_PRESERVATION.read_bytes(), source="test")

    assert (result.outcome, result.kind, result.status) == ("created", "preservation", "received")
    assert result.missing == ["letterhead"]
    request = Request.objects.get(reference=result.reference)
    assert request.status == Status.RECEIVED
    assert request.proposed_deficiencies == [
        {
            "name": "letterhead",
            "sentence": rules.SENTENCES["letterhead"],
            # Where lerq looked, for the lawyer to judge the reading: a plain email.
            "looked": "subject and mail body, no attachment",
        }
    ]
    assert not Letter.objects.filter(request=request, kind="deficiency").exists()
    assert not Event.objects.filter(request=request, action=EventKind.ASK_INFO).exists()
    # Only the acknowledgement of receipt may leave by itself (LERQ_AUTO_ACKNOWLEDGE).
    assert set(Letter.objects.filter(request=request).values_list("kind", flat=True)) == {
        "acknowledgement"
    }
    assert not any("Deficiency" in m.subject for m in mail.outbox)
    assert not OutboundMail.objects.filter(subject__icontains="deficiency").exists()
    opened = Event.objects.get(request=request, action=EventKind.OPENED)
    assert opened.data["proposed"] == request.proposed_deficiencies


def test_with_auto_acknowledge_off_even_the_acknowledgement_waits(settings):
    settings.LERQ_AUTO_ACKNOWLEDGE = False

    result = ingest(PLAIN_PRESERVATION.read_bytes(), source="test")

    [letter] = Letter.objects.filter(request__reference=result.reference)
    assert (letter.kind, letter.status) == ("acknowledgement", LetterStatus.DRAFT)


def test_with_auto_deficiency_on_the_notice_leaves_as_before(settings):
    settings.LERQ_AUTO_DEFICIENCY = True
    # The team takes any reading as sure enough (tests/intake/test_routing_certainty.py tests
    # the gate itself): the notice leaves without a person.
    settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE = 0.0

    result = ingest(PLAIN_PRESERVATION.read_bytes(), source="test")

    assert result.status == "needs_info"
    letter = Letter.objects.get(request__reference=result.reference, kind="deficiency")
    assert letter.status == LetterStatus.QUEUED and letter.released_by is None
    assert letter.extra["missing"] == ["letterhead"]


def test_ingest_eml_keeps_its_keys_status_says_received_and_missing_still_lists():
    out = StringIO()
    call_command("ingest_eml", str(PLAIN_PRESERVATION), "--json", stdout=out)
    (line,) = [json.loads(x) for x in out.getvalue().splitlines()]
    keys = {"file", "message_id", "outcome", "reference", "kind", "status", "missing", "reasons"}
    assert set(line) == keys
    assert (line["status"], line["missing"]) == ("received", ["letterhead"])
    assert rules.SENTENCES["letterhead"] in line["reasons"]
