"""intake's provider for triage/sources.py: the text a person would see of every message
attached to a request (body and the text of attached PDFs), read from the stored bytes, so that
a call-back to a number printed there is refused (issue 15 point 5)."""

import base64
import hashlib
from pathlib import Path

import pytest

from intake.models import InboundMessage, Outcome
from intake.routing import ingest
from intake.texts import texts_of_request
from tests.intake.extraction.pdfmake import text_pdf
from triage import phones, sources
from triage.models import Request

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def _emergency_with_letter(letter: str, message_id: str) -> bytes:
    """emergency.eml with its number taken out of the body and printed in an attached PDF."""
    head, body = (DATA / "emergency.eml").read_text().split("\n\n", 1)
    head = head.replace("<edr-2026-11-04@fbi.gov>", message_id)
    head = head.replace('Content-Type: text/plain; charset="utf-8"', "")
    body = body.replace("Phone: (202) 555-0177\n", "")
    return (
        head.rstrip("\n") + '\nContent-Type: multipart/mixed; boundary="B"\n\n'
        "--B\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n"
        "--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
        'Content-Disposition: attachment; filename="edr.pdf"\n\n'
        + base64.encodebytes(text_pdf([letter])).decode()
        + "--B--\n"
    ).encode()


def _store(raw: bytes, request: Request, outcome: str) -> InboundMessage:
    return InboundMessage.objects.create(
        raw=raw,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        received_at=request.received_at,
        outcome=outcome,
        request=request,
    )


def test_the_opening_mail_gives_its_body_and_the_text_of_its_attached_pdf():
    letter = "Emergency disclosure request\nCall me back on 555.010.2000 at any hour."
    result = ingest(_emergency_with_letter(letter, "<edr-pdf@fbi.gov>"), source="test")
    assert result.outcome == Outcome.CREATED, result
    request = Request.objects.get(reference=result.reference)

    (text,) = texts_of_request(request)

    assert "Account of the user who posted: bluejay.2010@proton.me" in text
    assert "Call me back on 555.010.2000" in text
    assert phones.printed_in("+1 (555) 010-2000", sources.texts_of_request(request))


def test_later_messages_count_and_refused_ones_say_nothing():
    result = ingest((DATA / "emergency.eml").read_bytes(), source="test")
    request = Request.objects.get(reference=result.reference)
    _store(b"Subject: Re: EDR\n\nNew number: +1 202 555 0199\n", request, Outcome.ATTACHED)
    refused = _store(b"Subject: x\n\nCall +1 202 555 0111\n", request, Outcome.REFUSED)

    texts = list(texts_of_request(request))

    assert len(texts) == 2
    assert "Phone: (202) 555-0177" in texts[0]
    assert "New number: +1 202 555 0199" in texts[1]
    assert not phones.printed_in("+1 202 555 0111", texts)
    assert refused.request_id == request.pk


def test_intake_registers_its_provider_when_django_starts():
    result = ingest((DATA / "emergency.eml").read_bytes(), source="test")
    request = Request.objects.get(reference=result.reference)

    assert any("(202) 555-0177" in text for text in sources.texts_of_request(request))
