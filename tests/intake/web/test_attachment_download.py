import pytest
from django.urls import reverse

from intake.models import Attachment, InboundMessage, Outcome
from intake.routing import ingest
from tests.factories import request_in
from tests.intake.web.conftest import DATA, ingest_file
from tests.web import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files():
    req = request_in("needs_info", agent_email="laura.benton@fbi.gov")
    message = ingest_file("attachments/hostile_html_reply.eml.template", REFERENCE=req.reference)
    pdf, exe = message.attachments.order_by("index")
    return pdf, exe


def get(client, attachment, **params):
    return client.get(reverse("intake:attachment", args=[attachment.pk]), params)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_accepted_pdf_downloads_as_an_attachment(client, reviewer, files):
    pdf, _ = files
    response = get(sign_in(client, reviewer), pdf)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="badge.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == pdf.file.open("rb").read()


def test_an_accepted_pdf_opens_inline_only_sandboxed(client, reviewer, files):
    pdf, _ = files
    response = get(sign_in(client, reviewer), pdf, inline="1")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_quarantined_file_is_only_ever_a_download(client, reviewer, files):
    _, exe = files
    assert exe.status == Attachment.Status.QUARANTINED
    response = get(sign_in(client, reviewer), exe, inline="1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_part_that_was_not_stored_is_404(client, reviewer, files):
    pdf, _ = files
    Attachment.objects.filter(pk=pdf.pk).update(file="", status=Attachment.Status.TOO_LARGE)
    assert get(sign_in(client, reviewer), pdf).status_code == 404


def test_an_outsider_gets_403(client, outsider, files):
    pdf, _ = files
    assert get(sign_in(client, outsider), pdf).status_code == 403


def test_a_file_whose_name_lies_downloads_under_the_name_of_what_it_is(client, reviewer):
    message = ingest_file("attachments/exe_named_pdf_and_pdf_named_txt.eml")
    exe, pdf = message.attachments.order_by("index")
    signed_in = sign_in(client, reviewer)

    response = get(signed_in, exe, inline="1")
    assert response["Content-Disposition"] == 'attachment; filename="order.exe"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"

    response = get(signed_in, pdf)
    assert response["Content-Disposition"] == 'attachment; filename="order-copy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_queue_flags_a_file_renamed_for_what_its_bytes_are(client, clerk):
    message = ingest_file("attachments/exe_named_pdf_and_pdf_named_txt.eml")
    assert message.outcome == Outcome.HELD
    page = sign_in(client, clerk).get(reverse("intake:needs_routing")).content.decode()
    assert "renamed: sent as “order.pdf”" in page
    assert "renamed: sent as “order-copy.txt”" in page
    assert "download>order.exe</a>" in page


def test_the_request_page_flags_a_file_renamed_for_what_its_bytes_are(client, reviewer):
    req = request_in("needs_info", agent_email="laura.benton@fbi.gov")
    raw = (DATA / "attachments" / "exe_named_pdf_and_pdf_named_txt.eml").read_bytes()
    raw = raw.replace(b"Subject: Signed order", f"Subject: Re: {req.reference}".encode())
    message = InboundMessage.objects.get(pk=ingest(raw, source="test").message_pk)
    assert message.request == req
    url = reverse("intake:request_messages", args=[req.reference])
    page = sign_in(client, reviewer).get(url).content.decode()
    assert "Renamed: sent as “order.pdf”, which is not what its bytes are." in page
    assert "offered as order.exe" in page  # the reason, too
