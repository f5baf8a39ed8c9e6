import email
import email.policy
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intake.models import Attachment, InboundMessage, Outcome
from tests.web import sign_in
from triage.models import Channel, Event, EventKind, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)

EXTRACT = Path(__file__).resolve().parents[2] / "data" / "extract"
URL = "/intake/new/"


def letter() -> bytes:
    """The sheriff's subpoena PDF of the extraction corpus, as it would come by post."""
    raw = (EXTRACT / "us_sheriff_subpoena_pdf.eml").read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    (part,) = [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    return part.get_payload(decode=True)


def form(data: bytes = b"", name: str = "subpoena.pdf", **fields):
    values = {
        "channel": "post",
        "received_on": timezone.localdate().isoformat(),
        "kind": "",
        "agency_email": "",
        "document": SimpleUploadedFile(name, data or letter(), content_type="application/pdf"),
    }
    return values | fields


def test_the_form_is_for_clerks(client, clerk):
    page = sign_in(client, clerk).get(reverse("intake:manual_intake"))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content


def test_an_outsider_gets_403(client, outsider):
    sign_in(client, outsider)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Request.objects.exists() and not InboundMessage.objects.exists()


def test_a_posted_letter_is_stored_read_and_opened_through_the_rules(client, clerk):
    pdf = letter()
    response = sign_in(client, clerk).post(URL, form(pdf, agency_email="dwhitaker@mvcso.az.gov"))
    assert response.status_code == 302
    opened = Request.objects.get()
    assert response["Location"] == reverse("triage:request_detail", args=[opened.reference])
    assert opened.channel == Channel.POST
    assert opened.kind == "subpoena"
    assert opened.agency.upper().startswith("MARICOPA VALLEY COUNTY SHERIFF")
    assert opened.agent_email == "dwhitaker@mvcso.az.gov"
    # Validated, or received with a deficiency notice proposed to the clerk (issue 16).
    assert opened.status == Status.VALIDATED or (
        opened.status == Status.RECEIVED and opened.proposed_deficiencies
    )
    # Where lerq looked: the letter the clerk entered, not a mail body.
    for item in opened.proposed_deficiencies:
        assert item["looked"].startswith("the letter entered by hand (post): ")
    assert Event.objects.get(request=opened, action=EventKind.OPENED).actor == clerk
    # Stored before it was read, with its hash, like mail.
    message = InboundMessage.objects.get(request=opened)
    assert message.outcome == Outcome.CREATED
    assert opened.source_sha256 == message.sha256
    (stored,) = Attachment.objects.filter(message=message)
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.status == Attachment.Status.ACCEPTED
    page = client.get(response["Location"])
    assert opened.reference.encode() in page.content


def test_a_fax_with_a_chosen_kind_and_no_agency_email(client, clerk):
    response = sign_in(client, clerk).post(URL, form(channel="fax", kind="court_order"))
    assert response.status_code == 302
    opened = Request.objects.get()
    assert (opened.channel, opened.kind) == (Channel.FAX, "court_order")


def test_the_same_letter_twice_opens_one_request(client, clerk):
    sign_in(client, clerk)
    first = client.post(URL, form())
    second = client.post(URL, form())
    assert first["Location"] == second["Location"]
    assert Request.objects.count() == 1


def test_a_file_that_is_not_a_pdf_is_refused_by_its_bytes(client, clerk):
    exe = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 100
    response = sign_in(client, clerk).post(URL, form(exe, name="subpoena.pdf"))
    assert response.status_code == 400
    assert b"not a PDF" in response.content
    assert not Request.objects.exists() and not InboundMessage.objects.exists()


def test_a_file_over_the_bound_is_refused_before_it_is_read(client, clerk, settings):
    settings.LERQ_ATTACHMENT_MAX_BYTES = 1000
    response = sign_in(client, clerk).post(URL, form())
    assert response.status_code == 400
    assert b"larger than" in response.content
    assert not InboundMessage.objects.exists()


def test_an_unreadable_pdf_is_a_form_error_and_is_kept(client, clerk):
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 200
    response = sign_in(client, clerk).post(URL, form(broken, kind="subpoena"))
    assert response.status_code == 400
    assert b"The PDF cannot be read" in response.content
    assert not Request.objects.exists()
    kept = InboundMessage.objects.get()
    assert kept.outcome == Outcome.FAILED
    assert Attachment.objects.get(message=kept).sha256 == hashlib.sha256(broken).hexdigest()


def test_a_date_in_the_future_is_refused(client, clerk):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = sign_in(client, clerk).post(URL, form(received_on=tomorrow))
    assert response.status_code == 400
    assert b"cannot be in the future" in response.content


def test_a_letter_received_earlier_counts_from_that_day(client, clerk):
    day = timezone.localdate() - timedelta(days=3)
    sign_in(client, clerk).post(URL, form(received_on=day.isoformat()))
    opened = Request.objects.get()
    assert timezone.localtime(opened.received_at).date() == day


def test_a_letter_whose_kind_cannot_be_recognised_asks_for_it(client, clerk):
    raw = (EXTRACT.parent / "mail" / "attachments" / "oversize.eml").read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    small = next(p for p in msg.walk() if p.get_filename() == "small.pdf")
    response = sign_in(client, clerk).post(URL, form(small.get_payload(decode=True)))
    assert response.status_code == 400
    assert b"could not be recognised" in response.content
    assert not Request.objects.exists()
    # Chosen this time: the letter stored the first time is entered, not stored again.
    response = client.post(URL, form(small.get_payload(decode=True), kind="preservation"))
    assert response.status_code == 302
    assert InboundMessage.objects.count() == 1
    assert Request.objects.get().kind == "preservation"
