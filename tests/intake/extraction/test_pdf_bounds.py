"""A hostile PDF is bounded in time and memory and reported; a real letter is quick."""

import time

from intake.extraction import extract_path
from intake.extraction.pdf import MAX_BYTES, REASON_SCANNED, TIMEOUT_SECONDS, read_pdf
from intake.extraction.pdf_worker import MAX_PAGES
from tests.intake.extraction.pdfmake import (
    bomb_pdf,
    deep_pdf,
    many_pages_pdf,
    scanned_pdf,
    text_pdf,
)

# Not a speed target (`python -m bench.reading` (d) and (e) time these against theirs): the
# reader's own wall-clock limit stops a hostile PDF, and this bound, far above it, only catches a
# reader that no longer stops at all. Generous so that a machine under full load never fails it.
STOPPED_WITHIN = 4 * TIMEOUT_SECONDS


def test_a_compression_bomb_is_bounded_and_reported():
    started = time.monotonic()
    result = read_pdf(bomb_pdf(400), "bomb.pdf")
    assert time.monotonic() - started < STOPPED_WITHIN
    assert any("compression bomb" in r or "cannot be read" in r for r in result.reasons)
    assert len(result.text) < 100_000_000


def test_ten_thousand_pages_are_cut_to_the_page_limit():
    started = time.monotonic()
    result = read_pdf(many_pages_pdf(10_000), "long.pdf")
    assert time.monotonic() - started < STOPPED_WITHIN
    assert result.text.count("Page ") == MAX_PAGES
    assert any("10000 pages" in r for r in result.reasons)


def test_deep_nesting_is_reported_not_a_crash():
    result = read_pdf(deep_pdf(100_000), "deep.pdf")
    assert result.reasons or result.text == ""


def test_an_oversized_file_is_refused_unread():
    result = read_pdf(b"%PDF-1.7\n" + b"0" * (MAX_BYTES + 1), "huge.pdf")
    assert not result.readable


def test_garbage_is_reported():
    result = read_pdf(b"%PDF-1.4\nthis is not a pdf at all", "bad.pdf")
    assert result.text == ""
    assert result.reasons


def test_a_scan_is_reported_and_not_signed(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(2))
    extraction = extract_path(path)
    assert extraction.fields["signed"] is False
    assert any(REASON_SCANNED in r for r in extraction.reasons)


def test_a_fifty_page_letter_is_read_whole(tmp_path):
    """How fast: `python -m bench.reading` (a), not a timed assertion a loaded machine fails."""
    page = "\n".join(
        f"Line {i}: the records requested relate to the account described in Attachment A."
        for i in range(60)
    )
    path = tmp_path / "long_letter.pdf"
    path.write_bytes(text_pdf([page] * 50))
    extraction = extract_path(path)
    assert extraction.fields["language"] == "en"
    assert not any("pages" in r for r in extraction.reasons)  # nothing was cut


def test_a_truncated_pdf_is_an_extraction_of_nulls_that_says_why(tmp_path):
    letter = text_pdf(["Special Agent Laura Benton, badge 44817. Respond by 18 December 2026."])
    path = tmp_path / "cut.pdf"
    path.write_bytes(letter[: letter.index(b"BT /F1")])  # cut off before its text
    extraction = extract_path(path)
    assert (extraction.fields["agent_name"], extraction.fields["response_date"]) == (None, None)
    assert extraction.fields["signed"] is False
    assert any(r.startswith("cut.pdf: cannot be read") for r in extraction.reasons)
    assert not any(REASON_SCANNED in r for r in extraction.reasons)  # broken, not a scan


def test_garbage_named_pdf_is_an_extraction_of_nulls_that_says_why(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(bytes(range(256)) * 40)
    extraction = extract_path(path)
    assert extraction.fields["kind"] is None
    assert extraction.reasons == ["garbage.pdf: not a PDF"]
