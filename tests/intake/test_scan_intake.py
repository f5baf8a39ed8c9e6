"""A scanned subpoena mailed in: still not accepted (a scan is not the signed document), but
read by OCR, so the deficiency notice names only what is really missing, and the team sees
the scan's text next to the attachment, marked as read by OCR."""

import base64
import io
from pathlib import Path

import pytest
from django.urls import reverse

from intake.models import Attachment, InboundMessage, Outcome
from intake.routing import ingest
from intake.texts import texts_of_request
from tests import tools
from tests.intake.extraction.scanmake import SUBPOENA, page_image, scan_pdf
from tests.web import sign_in
from triage.models import Request
from triage.rules import SCANNED

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "attachments"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _intake(settings, tmp_path):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.MEDIA_ROOT = tmp_path / "media"
    tools.require(tools.OCR)  # not a skip unless LERQ_TEST_SKIP names ocr: says what to install


def _mail_with_scan(
    scan: bytes, filename: str = "subpoena-scan.pdf", ctype: str = "application/pdf"
) -> bytes:
    """An authenticated mail from fbi.gov (the head of a stored sample) carrying the scan."""
    head = (DATA / "pdf_docx_txt.eml").read_bytes().split(b"\n\n", 1)[0].decode()
    head = head.replace("<att-pdf-docx@fbi.gov>", "<scan@fbi.gov>")
    head = head.replace("Documents for our call", "Subpoena")
    head = head.split("Content-Type: multipart/mixed")[0]
    body = (
        'Content-Type: multipart/mixed; boundary="BOUNDARY"\n\n'
        "--BOUNDARY\nContent-Type: text/plain\n\nPlease find the subpoena attached.\n"
        f"--BOUNDARY\nContent-Type: {ctype}\nContent-Transfer-Encoding: base64\n"
        f'Content-Disposition: attachment; filename="{filename}"\n\n'
        + base64.encodebytes(scan).decode()
        + "--BOUNDARY--\n"
    )
    return (head + body).encode()


@pytest.fixture
def scanned():
    result = ingest(_mail_with_scan(scan_pdf(SUBPOENA)), source="scan")
    assert result.outcome == Outcome.CREATED, result
    return result


def test_a_scan_is_not_accepted_but_its_fields_are_read(scanned):
    assert "signature" in scanned.missing  # a scan is not the signed document
    for read in ("agency", "agent_name", "agent_email", "phone", "response_date", "targets"):
        assert read not in scanned.missing, read
    assert any("scanned image, not accepted" in r for r in scanned.reasons)
    request = Request.objects.get(reference=scanned.reference)
    assert request.agent_name == "Marcus Reyes"
    assert request.agency == "Federal Bureau of Investigation"


def test_the_scans_text_is_kept_on_its_attachment(scanned):
    message = InboundMessage.objects.get(pk=scanned.message_pk)
    (attachment,) = message.attachments.all()
    assert attachment.status == Attachment.Status.ACCEPTED
    assert "marcus.reyes@fbi.gov" in attachment.ocr_text
    assert "SUBPOENA TO PRODUCE RECORDS" in attachment.ocr_text


def test_the_team_sees_the_scans_text_marked_read_by_ocr(client, reviewer, scanned):
    page = sign_in(client, reviewer).get(
        reverse("intake:request_messages", args=[scanned.reference])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Text of subpoena-scan.pdf, <strong>read by OCR</strong>" in html
    assert "Special Agent Marcus Reyes" in html


def test_the_deficiency_names_only_what_the_scan_lacks(scanned):
    # The sample subpoena gives no badge number; everything else is read from the scan.
    assert sorted(scanned.missing) == ["badge", "signature"]
    assert SCANNED in scanned.reasons


def test_a_photographed_letter_is_read_by_ocr_too():
    png = io.BytesIO()
    page_image(SUBPOENA).save(png, "PNG")
    raw = _mail_with_scan(png.getvalue(), "subpoena.png", "image/png")
    result = ingest(raw, source="photo")
    assert result.outcome == Outcome.CREATED, result
    assert sorted(result.missing) == ["badge", "signature"]
    assert "subpoena.png: read by OCR" in result.reasons
    (attachment,) = InboundMessage.objects.get(pk=result.message_pk).attachments.all()
    assert "Special Agent Marcus Reyes" in attachment.ocr_text


def test_a_scans_text_counts_for_a_call_back_without_being_read_again(scanned):
    request = Request.objects.get(reference=scanned.reference)
    (text,) = texts_of_request(request)
    assert "Please find the subpoena attached." in text
    assert "(216) 555-0142" in text
    # The text OCR read on arrival, kept on the attachment; read again, it would be here twice.
    assert text.count("Special Agent Marcus Reyes") == 1
