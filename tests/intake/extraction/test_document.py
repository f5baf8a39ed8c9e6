"""Reading a message as a person would: every part, any charset, never a crash."""

from datetime import UTC, datetime

import pytest

from intake.extraction.document import UnreadableDocument, html_to_text, read_document, read_eml
from tests.intake.extraction.pdfmake import text_pdf

HEADERS = (
    b"Received: from relay.example (relay.example [192.0.2.200]) by mx.lerq.example;"
    b" Tue, 3 Mar 2026 10:00:00 +0000\r\n"
    b"Received: from [10.1.2.3] by relay.example; Tue, 3 Mar 2026 09:59:00 +0000\r\n"
    b"From: Officer <officer@city.gov>\r\nTo: lawenforcement@lerq.example\r\n"
    b"Subject: Request\r\nDate: Mon, 2 Mar 2026 08:00:00 -0500\r\n"
)


def test_receipt_is_the_top_received_header():
    doc = read_eml(HEADERS + b"\r\nbody\r\n")
    assert doc.received_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def test_receipt_falls_back_to_the_date_header():
    doc = read_eml(b"From: a@b.gov\r\nDate: Mon, 2 Mar 2026 08:00:00 +0000\r\n\r\nhello\r\n")
    assert doc.received_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_relay_ips_are_known_so_they_never_become_targets():
    doc = read_eml(HEADERS + b"\r\nbody\r\n")
    assert {"192.0.2.200", "10.1.2.3"} <= doc.relay_ips


def test_an_unknown_charset_is_decoded_leniently_and_recorded():
    raw = (
        b"From: a@b.gov\r\nSubject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n"
        b"\r\nPlease preserve the account caf\xe9@example.com\r\n"
    )
    doc = read_eml(raw)
    assert "Please preserve" in doc.text
    assert any("decoded leniently" in r for r in doc.reasons)


def test_a_message_without_headers_is_read():
    doc = read_eml(b"\r\njust a body\r\n")
    assert doc.sender is None
    assert doc.received_at is None
    assert "just a body" in doc.text


def test_html_is_converted_to_text_and_never_rendered():
    text = html_to_text(
        "<html><head><style>p{}</style><script>alert(1)</script></head>"
        "<body><p>Badge&nbsp;#12</p><img src='http://tracker.example/x.png'><p>Tel</p></body>"
    )
    assert "Badge #12" in text
    assert "alert" not in text
    assert "tracker" not in text


def test_a_pdf_attachment_is_read_with_the_body():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "a@b.gov"
    msg["Subject"] = "subpoena"
    msg.set_content("See attached.")
    msg.add_attachment(
        text_pdf(["SUBPOENA\nBadge #9981"]),
        maintype="application",
        subtype="pdf",
        filename="s.pdf",
    )
    doc = read_eml(msg.as_bytes())
    assert "See attached." in doc.text
    assert "Badge #9981" in doc.text
    assert [s.is_letter for s in doc.sections] == [False, True]


def test_an_unknown_file_type_is_read_as_nothing_and_says_why(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04binary")
    doc = read_document(path)
    assert doc.sections == []
    assert doc.reasons == ["x.docx: not an .eml, .pdf or .txt file; nothing read"]


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableDocument):
        read_document(tmp_path / "nope.eml")


def test_a_sender_written_surname_comma_first_name_unquoted_keeps_the_address():
    raw = (
        b"From: Ortiz Lamas, =?utf-8?q?In=C3=A9s?= <ines.ortiz@policia.example.es>\r\n"
        b"To: legal@lerq.example\r\nSubject: Solicitud\r\n\r\nTexto.\r\n"
    )

    doc = read_eml(raw)

    assert doc.sender == "ines.ortiz@policia.example.es"


def test_a_sender_without_an_address_is_no_sender():
    doc = read_eml(b"From: Comisaria Central\r\nSubject: x\r\n\r\nTexto.\r\n")

    assert doc.sender is None
