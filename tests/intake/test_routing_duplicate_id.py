"""A Message-ID seen on another message: the claim's unique violation makes it a duplicate."""

from pathlib import Path

import pytest
from django.utils import timezone

from intake.models import InboundMessage, Outcome
from intake.routing import ingest
from intake.store import REASON_SAME_ID

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def test_it_is_a_duplicate_on_the_first_messages_request_and_keeps_no_headers():
    first = ingest((DATA / "fbi_subpoena_complete.eml").read_bytes(), source="test")
    changed = (DATA / "fbi_subpoena_complete.eml").read_bytes().replace(b"wire", b"bank")
    result = ingest(changed, source="test")
    assert (result.outcome, result.reasons, result.message_id) == (
        "duplicate",
        [REASON_SAME_ID],
        None,
    )
    assert result.reference == first.reference
    message = InboundMessage.objects.exclude(pk=first.message_pk).get()
    assert message.outcome == Outcome.DUPLICATE
    assert message.message_id is None
    assert message.request.reference == first.reference
    # As before the claim wrote the headers: a duplicate keeps none of them.
    assert (message.sender, message.subject) == ("", "")
    assert message.routing_started_at is not None and message.routed_at is not None


def test_a_message_id_taken_while_it_was_parsed_makes_a_duplicate():
    # Another process stored the same Message-ID (its request not opened yet).
    InboundMessage.objects.create(
        raw=b"x",
        size=1,
        sha256="0" * 64,
        message_id="<subpoena-complete-2026@fbi.gov>",
        received_at=timezone.now(),
    )
    result = ingest((DATA / "fbi_subpoena_complete.eml").read_bytes(), source="test")
    assert (result.outcome, result.reasons, result.reference) == (
        "duplicate",
        [REASON_SAME_ID],
        None,
    )
    assert InboundMessage.objects.filter(outcome=Outcome.DUPLICATE, message_id=None).count() == 1
