import pytest
from django.urls import reverse

from intake.models import Attachment
from tests.factories import request_in
from tests.intake.web.conftest import ingest_file
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
