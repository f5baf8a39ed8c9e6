"""The agency's reply to a message a person wrote from the request page (issue 18) comes back
onto the request: found by our Message-ID in its In-Reply-To even when the subject has lost the
reference, and taken as the agency's answer when it answers in that thread."""

import pytest

from intake.models import InboundMessage
from intake.routing import ingest
from intake.standing import VERIFIED_THREAD
from tests.factories import request_in
from tests.intake.agency_mail import reply
from triage.models import Event, EventKind, Status
from triage.services.agency_messages import agency_message_draft, agency_message_send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def test_a_reply_to_our_message_lands_on_the_request_as_the_agencys_answer(reviewer, approver):
    r = request_in("needs_info")
    draft = agency_message_draft(
        request=r, by=reviewer, title="Clarification", body="Which account do you mean?"
    )
    sent = agency_message_send(message=draft, by=approver)

    # The prosecutor answers in our thread, from another government domain, and the subject
    # no longer names the reference: only the Message-ID ties it to the request.
    result = ingest(
        reply(sender="w.skinner@usdoj.gov", in_reply_to=sent.message_id, subject="Re: account"),
        source="test",
    )

    assert (result.outcome, result.reference) == ("attached", r.reference)
    assert result.status == Status.RECEIVED  # the answer the request waited for
    message = InboundMessage.objects.get(pk=result.message_pk)
    assert message.unverified == ""
    said = VERIFIED_THREAD.format(
        address="w.skinner@usdoj.gov", message_id=sent.message_id, reference=r.reference
    )
    assert said in result.reasons
    recorded = Event.objects.get(request=r, action=EventKind.MESSAGE)
    assert recorded.data["message_id"] == "<answer-1@usdoj.gov>"
