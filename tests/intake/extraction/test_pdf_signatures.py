"""A PDF's digital signature is validated with pyHanko (in the limited subprocess): intact and
valid counts as signed, trusted or not; a signature that no longer validates does not, and
says why."""

from intake.extraction import extract_path
from intake.extraction.pdf import REASON_SIGNATURE_BROKEN, REASON_SIGNER_UNTRUSTED, read_pdf
from tests.intake.extraction.pdfmake import pades_signed, text_pdf

LETTER = (
    "POLICE DEPARTMENT\nPreservation request for the account owner x@example.com\nMarch 4, 2026"
)


def test_an_intact_signature_by_an_unknown_signer_is_signed_but_not_trusted():
    pdf = read_pdf(pades_signed(text_pdf([LETTER])), "letter.pdf")
    assert pdf.digitally_signed is True
    [signature] = pdf.signatures
    assert signature["ok"] is True
    assert signature["trusted"] is False
    assert "Test Agency Signer" in signature["signer"]
    assert any(REASON_SIGNER_UNTRUSTED in r for r in pdf.reasons)


def test_a_byte_changed_after_signing_makes_it_unsigned_with_a_reason(tmp_path):
    signed = pades_signed(text_pdf([LETTER]))
    assert signed.count(b"March 4") == 1
    path = tmp_path / "altered.pdf"
    path.write_bytes(signed.replace(b"March 4", b"March 5"))
    extraction = extract_path(path)
    assert extraction.fields["signed"] is False
    assert any(
        REASON_SIGNATURE_BROKEN in r and "changed after it was signed" in r
        for r in extraction.reasons
    )


def test_a_typed_signature_in_an_altered_signed_pdf_does_not_count(tmp_path):
    signed = pades_signed(text_pdf([LETTER + "\n/s/ Jane Roe"]))
    path = tmp_path / "altered.pdf"
    path.write_bytes(signed.replace(b"March 4", b"March 5"))
    assert extract_path(path).fields["signed"] is False


def test_a_signature_dictionary_that_signs_nothing_is_not_a_signature():
    pdf = read_pdf(text_pdf([LETTER], signed=True), "fake.pdf")
    assert pdf.digitally_signed is False
    assert any(REASON_SIGNATURE_BROKEN in r for r in pdf.reasons)


def test_an_unsigned_pdf_has_no_signature_notes():
    pdf = read_pdf(text_pdf([LETTER]), "plain.pdf")
    assert pdf.signatures == []
    assert not any("signature" in r for r in pdf.reasons)


def test_a_signed_fifty_page_letter_is_read_as_signed(tmp_path):
    """How fast: `python -m bench.reading` (b), not a timed assertion a loaded machine fails."""
    page = "\n".join(
        f"Line {i}: the records relate to the account in Attachment A." for i in range(60)
    )
    path = tmp_path / "long_signed.pdf"
    path.write_bytes(pades_signed(text_pdf([page] * 50)))
    extraction = extract_path(path)
    assert extraction.fields["signed"] is True
