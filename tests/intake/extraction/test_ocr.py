"""Scanned pages are read by OCR inside the bounded PDF reader: the fields of a scan are read
(so a deficiency notice can say what is missing), and the scan is still flagged as not
accepted. The scans are made here with Pillow and a TrueType font."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter

from intake.extraction import extract_path, ocr, pdf_pool, pdf_worker
from intake.extraction.ocr import REASON_UNAVAILABLE
from intake.extraction.pdf import MEMORY_BYTES, REASON_SCANNED, read_pdf
from tests import tools
from tests.intake.extraction.scanmake import (
    FONT,
    FRENCH,
    HEIGHT,
    SUBPOENA,
    WIDTH,
    page_image,
    scan_pdf,
)


@pytest.fixture(autouse=True)
def _tesseract_installed():
    """Not a skip (unless LERQ_TEST_SKIP names ocr): without Tesseract these tests fail and
    say what to install."""
    tools.require(tools.OCR)


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    """A machine without Tesseract: nothing on PATH, the check made afresh."""
    monkeypatch.setenv("PATH", str(tmp_path))
    # The check is made once per process: made afresh here, and undone after.
    monkeypatch.setattr(ocr, "_checked", False)
    monkeypatch.setattr(ocr, "_missing", None)


def test_a_scanned_subpoena_is_read_by_ocr_and_still_flagged(tmp_path):
    path = tmp_path / "subpoena-scan.pdf"
    path.write_bytes(scan_pdf(SUBPOENA))
    extraction = extract_path(path)
    fields = extraction.fields
    assert fields["agency"] == "Federal Bureau of Investigation"
    assert fields["agent_name"] == "Marcus Reyes"
    assert fields["agent_email"] == "marcus.reyes@fbi.gov"
    assert fields["phone"] == "(216) 555-0142"
    assert fields["response_date"] == "2027-04-15"
    assert fields["language"] == "en"
    # The policy does not accept a scan: flagged, and its typed /s/ is no signature.
    assert any(REASON_SCANNED in r for r in extraction.reasons)
    assert fields["signed"] is False
    assert "subpoena-scan.pdf: page 1 read by OCR" in extraction.reasons


def test_a_french_scan_is_read_with_its_accents(tmp_path):
    path = tmp_path / "requisition.pdf"
    path.write_bytes(scan_pdf(FRENCH))
    fields = extract_path(path).fields
    assert fields["language"] == "fr"
    assert fields["agent_name"] == "Élodie Marchand"
    assert fields["agent_email"] == "elodie.marchand@interieur.gouv.fr"
    assert fields["phone"] == "+33 4 72 00 12 34"
    assert fields["agency"] == "Direction interdépartementale de la Police nationale du Rhône"
    assert fields["response_date"] == "2026-05-05"


def test_the_ocr_text_is_kept_apart_from_the_text_layer():
    result = read_pdf(scan_pdf(SUBPOENA, "Page two of the scan"), "scan.pdf")
    assert result.scanned
    assert result.ocr_pages == [1, 2]
    assert "Marcus Reyes" in result.ocr_text
    assert "Page two" in result.ocr_text


def _scan_with_lines_at(*rows: tuple[int, str]) -> bytes:
    """A one-page scan (US Letter at 300 dpi) with each text drawn at its pixel row."""
    font = ImageFont.truetype(FONT, 42)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for row, line in rows:
        draw.text((250, row), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=300)
    return out.getvalue()


def test_text_at_the_top_and_bottom_edges_of_a_scan_is_read():
    # The blank bands are cut before OCR: the first and last lines must survive the cut.
    scan = _scan_with_lines_at((30, "Case number 26-00412"), (HEIGHT - 90, "Page 1 of 1 Reyes"))
    result = read_pdf(scan, "scan.pdf")
    assert "Case number 26-00412" in result.ocr_text
    assert "Page 1 of 1 Reyes" in result.ocr_text


def _pgm(rows: list[bytes]) -> bytes:
    return b"P5\n%d %d\n255\n" % (len(rows[0]), len(rows)) + b"".join(rows)


def test_the_blank_bands_above_and_below_the_text_are_cut_with_a_margin():
    paper, ink = b"\xff" * 8, b"\xff\x00\x10\xff\xff\xff\xff\xff"
    image = _pgm([paper] * 40 + [ink] * 5 + [paper] * 55)
    assert ocr.trimmed(image, margin=3) == _pgm([paper] * 3 + [ink] * 5 + [paper] * 3)


def test_light_grey_specks_are_paper_and_mid_grey_print_is_kept():
    paper, speck, grey = b"\xff" * 4, b"\xff\xc8\xff\xff", b"\xff\xa0\xff\xff"
    image = _pgm([speck] * 10 + [grey] + [paper] * 10)
    assert ocr.trimmed(image, margin=0) == _pgm([grey])


def test_a_blank_full_or_unexpected_image_is_given_to_ocr_unchanged():
    blank = _pgm([b"\xff" * 8] * 20)
    full = _pgm([b"\x00" * 8] * 20)
    colour = b"P6\n2 1\n255\n" + bytes(6)
    truncated = blank[:-3]
    for image in (blank, full, colour, truncated, b"", b"P5\n"):
        assert ocr.trimmed(image, margin=2) == image


def test_only_the_first_scanned_pages_are_read(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PAGES", 1)
    out = pdf_worker.read_text(scan_pdf(SUBPOENA, "A second page"))
    assert out["ocr_pages"] == [1]
    assert "Marcus Reyes" in out["pages"][0]
    assert out["pages"][1] == ""
    assert "only the first 1 scanned pages are read by OCR" in out["notes"]


def test_ocr_that_takes_too_long_is_a_reason_not_a_failure(monkeypatch):
    monkeypatch.setattr(ocr, "BUDGET_SECONDS", 0.0)
    out = pdf_worker.read_text(scan_pdf(SUBPOENA))
    assert out["ocr_pages"] == []
    assert "page 1: scanned page not read: OCR took too long" in out["notes"]


def test_without_tesseract_the_scan_is_reported_not_failed(no_tesseract, monkeypatch):
    # One reader subprocess per PDF, started now, so that it sees the PATH without Tesseract.
    monkeypatch.setattr(pdf_pool, "SIZE", 0)
    result = read_pdf(scan_pdf(SUBPOENA), "scan.pdf")
    assert result.readable
    assert result.scanned
    assert "scan.pdf: scanned page not read: OCR unavailable" in result.reasons
    assert any(REASON_SCANNED in r for r in result.reasons)


def test_without_tesseract_the_check_says_what_to_install(no_tesseract):
    problem = ocr.missing()
    assert problem.startswith("OCR unavailable: apt-get install tesseract-ocr tesseract-ocr-fra")
    assert "poppler-utils" in problem


def test_a_blank_page_is_not_sent_to_ocr():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    blank = io.BytesIO()
    writer.write(blank)
    out = pdf_worker.read_text(blank.getvalue())
    assert out["ocr_pages"] == []
    assert not any("OCR" in note for note in out["notes"])


def _png_bomb(side: int) -> bytes:
    """A PNG of side x side grey pixels (side² bytes decoded) that is a few hundred KB."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack("!I", len(body)) + kind + body + struct.pack("!I", zlib.crc32(kind + body))
        )

    packer = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte, then the pixels
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack("!IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_an_attached_image_is_read_by_ocr():
    png = io.BytesIO()
    page_image(SUBPOENA).save(png, "PNG")
    text, notes = ocr.read_image(png.getvalue(), memory_bytes=MEMORY_BYTES)
    assert "marcus.reyes@fbi.gov" in text
    assert notes == ["read by OCR"]


def test_an_image_bomb_costs_only_a_bounded_tesseract():
    text, notes = ocr.read_image(_png_bomb(16_000), memory_bytes=200 * 2**20)
    assert text == ""
    assert notes and notes[0].startswith("scanned page not read: tesseract failed")


def test_without_tesseract_an_image_is_reported_not_failed(no_tesseract):
    png = b"\x89PNG\r\n\x1a\n"
    assert ocr.read_image(png, memory_bytes=MEMORY_BYTES) == ("", [REASON_UNAVAILABLE])


def test_bytes_that_are_no_image_are_not_sent_to_tesseract():
    text, notes = ocr.read_image(b"<html>not a picture</html>", memory_bytes=MEMORY_BYTES)
    assert text == ""
    assert notes == ["not read by OCR: not a PNG, JPEG, TIFF, GIF or WebP image"]
