"""An extension request (issue 5) names the preservation it extends. Naming it in the subject
must not make it a mere reply to the preservation: a verified government sender asking to
extend opens an extension request, linked to the preservation, and the hold can be extended."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake.models import InboundMessage
from intake.routing import ingest
from tests.factories import request_in
from triage import services
from triage.models import Event, EventKind, Hold, Kind, Request, Status

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "replies"
PRESERVATION = "LER-2026-000342"
NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


@pytest.fixture
def preservation():
    r = request_in(
        "preserved",
        kind=Kind.PRESERVATION,
        agency="Metropolitan Police Department",
        agent_email="acolvin@mpdc.dc.gov",
        targets=[{"type": "account", "email": "capitol.flips@gmail.com"}],
    )
    Request.objects.filter(pk=r.pk).update(reference=PRESERVATION)
    r.refresh_from_db()
    return r


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name", ["extension_subject.eml", "extension_body.eml"])
def test_an_extension_naming_the_preservation_opens_an_extension_request(preservation, name):
    result = ingest(raw(name), source="test")

    assert (result.outcome, result.kind) == ("created", Kind.PRESERVATION_EXTENSION)
    extension = Request.objects.get(reference=result.reference)
    assert extension.original == preservation
    assert extension.matter_id is not None
    assert extension.matter_id == Request.objects.get(pk=preservation.pk).matter_id
    opened = Event.objects.get(request=extension, action=EventKind.OPENED)
    assert opened.data["original"] == PRESERVATION
    assert not Event.objects.filter(request=preservation, action=EventKind.MESSAGE).exists()
    assert InboundMessage.objects.get().request == extension


@pytest.mark.parametrize("name", ["extension_subject.eml", "extension_body.eml"])
def test_the_extension_it_opens_extends_the_hold(preservation, name):
    result = ingest(raw(name), source="test")
    extension = Request.objects.get(reference=result.reference)
    # Intake proposes the notice (issue 16); the clerk asks, the agency answers.
    assert (extension.status, result.missing) == (Status.RECEIVED, ["letterhead"])
    assert [p["name"] for p in extension.proposed_deficiencies] == ["letterhead"]
    extension = services.request_ask_info(request=extension, by=None, missing=["letterhead"])
    extension = services.request_answer(request=extension, by=None, note="letterhead sent")
    extension = services.request_validate(request=extension, by=None)
    before = Hold.objects.get(request=preservation).ends_at

    hold = services.hold_extend(extension=extension, by=None)

    assert hold.ends_at > before
    assert hold.extension == extension


def test_a_reply_about_a_preservation_that_asks_nothing_new_is_still_attached(preservation):
    headers = (
        raw("extension_subject.eml")
        .split(b"\n\n", 1)[0]
        .replace(b"Request to extend preservation - your ref", b"Re: your acknowledgement of")
    )
    reply = headers + b"\n\nThank you for confirming the preservation.\n\n/s/ Andre Colvin\n"

    result = ingest(reply, source="test")

    assert (result.outcome, result.reference) == ("attached", PRESERVATION)
    assert Request.objects.count() == 1


def test_an_extension_naming_a_request_that_is_no_preservation_gets_no_original():
    other = request_in("validated", kind=Kind.SUBPOENA)
    Request.objects.filter(pk=other.pk).update(reference=PRESERVATION)

    result = ingest(raw("extension_body.eml"), source="test")

    assert (result.outcome, result.kind) == ("created", Kind.PRESERVATION_EXTENSION)
    assert Request.objects.get(reference=result.reference).original is None
