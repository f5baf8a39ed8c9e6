"""Who may answer a request by mail (issue 15 point 6). References are sequential and easy to
guess, so naming one moves nothing: the agency's answer moves a needs_info request only from
the agency's own verified domain or in the thread of our mail to it, and a user's reply is an
objection only when the user is shown to have sent it. Anything else is attached unverified."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from intake import extensions, standing
from intake.models import InboundMessage
from intake.routing import ingest
from tests.factories import request_in
from tests.intake.notified import NOTICE_ID, notified_request
from triage.models import (
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Kind,
    Objection,
    OutboundMail,
    Request,
    Status,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "replies"
USER_REFERENCE = "LER-2026-000777"
TRUSTED = b"Authentication-Results: mx.lerq.example; dmarc=pass header.from=example.com\n"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


@pytest.fixture
def gmp():
    """A Greater Manchester Police request waiting for the agency's answer."""
    return request_in(
        "needs_info", agency="Greater Manchester Police", agent_email="dc.hale@gmp.police.uk"
    )


@pytest.fixture
def notified(reviewer):
    return notified_request(reviewer, email="jane.user@example.com", reference=USER_REFERENCE)


def agency_reply(request: Request, address: str, in_reply_to: str = "") -> bytes:
    domain = address.rpartition("@")[2]
    raw = (DATA / "agency_reply.eml.template").read_bytes()
    for key, value in {
        "REFERENCE": request.reference,
        "ADDRESS": address,
        "DOMAIN": domain,
        "NAME": "Officer " + address.partition("@")[0],
    }.items():
        raw = raw.replace(("{" + key + "}").encode(), value.encode())
    if in_reply_to:
        thread = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n".encode()
        raw = raw.replace(b"MIME-Version:", thread + b"MIME-Version:", 1)
    return raw


def user_mail(name: str) -> bytes:
    return (DATA / name).read_bytes()


def answer_window_open(request: Request) -> bool:
    return Deadline.objects.filter(
        request_id=request.pk, kind=DeadlineKind.NEEDS_INFO_EXPIRY, done_at__isnull=True
    ).exists()


def status_of(request: Request) -> str:
    return Request.objects.get(pk=request.pk).status


# --- the agency's answer -------------------------------------------------------------------------


def test_an_unrelated_government_domain_naming_the_reference_answers_nothing(gmp):
    result = ingest(agency_reply(gmp, "clerk@usda.gov"), source="test")

    assert (result.outcome, result.reference) == ("attached", gmp.reference)
    assert status_of(gmp) == Status.NEEDS_INFO
    assert answer_window_open(gmp)
    message = InboundMessage.objects.get(pk=result.message_pk)
    why = standing.UNVERIFIED_AGENCY.format(
        address="clerk@usda.gov", reference=gmp.reference, known="gmp.police.uk"
    )
    assert message.unverified == why
    assert why in result.reasons
    (event,) = Event.objects.filter(request=gmp, action=EventKind.MESSAGE)
    assert event.data["note"] == why
    assert not Event.objects.filter(request=gmp, action="answer").exists()


def test_another_mailbox_of_the_same_agency_domain_answers(gmp):
    result = ingest(agency_reply(gmp, "inspector.jones@gmp.police.uk"), source="test")

    assert (result.outcome, result.status) == ("attached", Status.RECEIVED)
    assert not answer_window_open(gmp)
    assert InboundMessage.objects.get(pk=result.message_pk).unverified == ""
    assert (
        standing.VERIFIED_DOMAIN.format(
            address="inspector.jones@gmp.police.uk",
            domain="gmp.police.uk",
            reference=gmp.reference,
        )
        in result.reasons
    )


def test_a_reply_in_the_thread_of_our_deficiency_letter_answers(gmp):
    # The agency forwarded our letter to its prosecutor, who answers in its thread.
    letter = OutboundMail.objects.create(
        request=gmp,
        template="letter",
        to=[gmp.agent_email],
        subject=f"{gmp.reference} deficiency notice",
        body_text="What is missing.",
        message_id=f"<{gmp.reference}.deficiency.1.a1b2c3@lerq.example>",
    )

    result = ingest(agency_reply(gmp, "prosecutor@cps.gov.uk", letter.message_id), source="test")

    assert result.status == Status.RECEIVED
    assert not answer_window_open(gmp)
    assert InboundMessage.objects.get(pk=result.message_pk).unverified == ""


def test_a_thread_naming_a_mail_of_another_request_answers_nothing(gmp):
    other = request_in("needs_info")
    mail = OutboundMail.objects.create(
        request=other,
        template="letter",
        to=[other.agent_email],
        subject="theirs",
        body_text="",
        message_id="<theirs.1@lerq.example>",
    )

    result = ingest(agency_reply(gmp, "clerk@usda.gov", mail.message_id), source="test")

    assert (result.outcome, result.reference) == ("attached", gmp.reference)
    assert status_of(gmp) == Status.NEEDS_INFO
    assert status_of(other) == Status.NEEDS_INFO


@pytest.mark.time_machine(datetime(2026, 3, 18, 15, 0, tzinfo=UTC), tick=False)
def test_another_agencys_extension_is_opened_but_not_linked_to_the_preservation():
    preservation = request_in(
        "preserved",
        kind=Kind.PRESERVATION,
        agency="Metropolitan Police Department",
        agent_email="acolvin@mpdc.dc.gov",
        targets=[{"type": "account", "email": "capitol.flips@gmail.com"}],
    )
    Request.objects.filter(pk=preservation.pk).update(reference="LER-2026-000342")
    stranger = (
        user_mail("extension_subject.eml")
        .replace(b"header.from=mpdc.dc.gov", b"header.from=usda.gov")
        .replace(b"<acolvin@mpdc.dc.gov>", b"<clerk@usda.gov>")
    )

    result = ingest(stranger, source="test")

    assert (result.outcome, result.kind) == ("created", Kind.PRESERVATION_EXTENSION)
    assert Request.objects.get(reference=result.reference).original is None
    assert (
        extensions.REASON_EXTENSION_UNLINKED.format(
            reference="LER-2026-000342",
            address="clerk@usda.gov",
            agency="Metropolitan Police Department",
        )
        in result.reasons
    )


# --- a notified user's objection ------------------------------------------------------------------


def test_an_unauthenticated_objection_from_a_notified_address_records_nothing(notified):
    result = ingest(user_mail("user_reply_reference.eml"), source="test")

    assert (result.outcome, result.reference) == ("attached", USER_REFERENCE)
    assert not Objection.objects.exists()
    assert not Event.objects.filter(request=notified, action=EventKind.OBJECTION).exists()
    message = InboundMessage.objects.get(pk=result.message_pk)
    assert message.unverified.startswith("Attached unverified: the mail from jane.user@example.com")
    assert message.unverified.endswith("no objection was recorded.")
    assert result.reasons == [message.unverified]


def test_an_authenticated_objection_is_recorded(notified):
    result = ingest(TRUSTED + user_mail("user_reply_reference.eml"), source="test")

    objection = Objection.objects.get(request=notified)
    assert objection.objector == "jane.user@example.com"
    assert objection.text == "Writing again from my phone: I object to this request."
    assert objection.message_id == "<jane-reply-2@mail.example.com>"
    assert objection.recorded_by is None  # lerq itself
    assert InboundMessage.objects.get(pk=result.message_pk).unverified == ""
    assert (
        result.reasons[-1]
        == "recorded as the user's objection: disclosure waits until it is resolved"
    )


def test_a_reply_to_the_notices_message_id_is_recorded_without_authentication(notified):
    unsigned = user_mail("user_reply_in_reply_to.eml").replace(TRUSTED, b"")

    result = ingest(unsigned, source="test")

    assert Objection.objects.get(request=notified).objector == "jane.user@example.com"
    assert (
        standing.VERIFIED_USER_THREAD.format(address="jane.user@example.com", message_id=NOTICE_ID)
        in result.reasons
    )


def test_a_failed_dmarc_without_the_notices_thread_records_nothing(notified):
    failed = TRUSTED.replace(b"dmarc=pass", b"dmarc=fail") + user_mail("user_reply_reference.eml")

    result = ingest(failed, source="test")

    assert result.outcome == "attached"
    assert not Objection.objects.exists()
    assert "dmarc=fail" in InboundMessage.objects.get(pk=result.message_pk).unverified


def test_a_verified_objection_routed_again_is_recorded_once(notified):
    raw = user_mail("user_reply_in_reply_to.eml")
    first = ingest(raw, source="test")
    InboundMessage.objects.filter(pk=first.message_pk).update(outcome="failed")

    ingest(raw, source="test")

    assert Objection.objects.filter(request=notified).count() == 1


# --- the contract --------------------------------------------------------------------------------


def test_ingest_eml_reports_an_unverified_reply_as_attached_saying_why(gmp, tmp_path):
    path = tmp_path / "reply.eml"
    path.write_bytes(agency_reply(gmp, "clerk@usda.gov"))
    out = StringIO()

    call_command("ingest_eml", str(path), "--json", stdout=out)

    line = json.loads(out.getvalue())
    keys = {"file", "message_id", "outcome", "reference", "kind", "status", "missing", "reasons"}
    assert set(line) == keys
    assert (line["outcome"], line["reference"], line["status"]) == (
        "attached",
        gmp.reference,
        "needs_info",
    )
    assert any(r.startswith("Attached unverified: clerk@usda.gov") for r in line["reasons"])
