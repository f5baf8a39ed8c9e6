"""A To and a Subject of 10,000 encoded words (140 KB of mail; issue 17): intake reads the
message, opens its request or holds it with reasons, and every page that shows it opens. The
headers are kept raw and cut (intake/mime.py); how fast: `python -m bench.headers`."""

from pathlib import Path

import pytest
from django.urls import reverse

from intake import mime
from intake.models import InboundMessage, Outcome
from intake.routing import ingest
from tests.web import sign_in

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"
WORD = b"=?utf-8?Q?=C3=A9?= "

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def bombed(words: int = 10_000) -> bytes:
    raw = (DATA / "fbi_subpoena_complete.eml").read_bytes()
    raw = raw.replace(
        b"To: lawenforcement@lerq.example",
        b"To: " + WORD * words + b"<lawenforcement@lerq.example>",
    )
    return raw.replace(
        b"Subject: Grand jury subpoena - records request",
        b"Subject: Grand jury subpoena - records request " + WORD * words,
    )


def reasons_of(message: InboundMessage) -> str:
    return "\n".join(message.reasons)


def test_a_header_bomb_still_opens_its_request_with_the_headers_cut():
    result = ingest(bombed(), source="test")
    assert result.outcome in (Outcome.CREATED, Outcome.HELD), result
    message = InboundMessage.objects.get(pk=result.message_pk)
    assert message.subject.startswith("Grand jury subpoena - records request =?utf-8?Q?")
    assert message.sender.endswith("<laura.benton@fbi.gov>")
    assert result.outcome == Outcome.CREATED
    assert message.request.agent_email == "laura.benton@fbi.gov"
    for name in ("To", "Subject"):
        assert f"the {name} header is 1900" in reasons_of(message)
    assert f"its raw value is kept, cut to {mime.MAX_HEADER_CHARS} characters" in reasons_of(
        message
    )


def test_the_pages_that_show_a_header_bomb_open_with_the_header_cut(client, reviewer):
    message = InboundMessage.objects.get(pk=ingest(bombed(), source="test").message_pk)
    signed_in = sign_in(client, reviewer)
    reference = message.request.reference
    for url in (
        reverse("triage:request_detail", args=[reference]),
        reverse("intake:request_messages", args=[reference]),
    ):
        page = signed_in.get(url)
        assert page.status_code == 200, url
        assert len(page.content) < 200_000, url  # the 380 KB of headers are not all shown
    fragment = signed_in.get(reverse("intake:request_messages", args=[reference])).content.decode()
    assert "=?utf-8?Q?=C3=A9?= =?utf-8?Q?=C3=A9?=" in fragment  # raw, as received
    assert "the To header is 1900" in fragment


def test_a_held_header_bomb_is_shown_in_the_queue_with_its_reasons(client, clerk):
    raw = bombed().replace(b"Subject: Grand jury", b"Subject: LER-2099-000001 Grand jury")
    result = ingest(raw, source="test")
    assert result.outcome == Outcome.HELD
    message = InboundMessage.objects.get(pk=result.message_pk)
    assert "the Subject header is 1900" in reasons_of(message)
    page = sign_in(client, clerk).get(reverse("intake:needs_routing"))
    assert page.status_code == 200
    assert "LER-2099-000001 Grand jury subpoena" in page.content.decode()
