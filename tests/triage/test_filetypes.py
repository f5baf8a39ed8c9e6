"""One inspection of a file's bytes for what comes in and what goes out: what acts when the
file opens is found, in words, however it is hidden; and the inspection is bounded."""

import io
import zipfile
import zlib

import pytest

from tests import activefiles
from triage import filetypes
from triage.filetypes import DOCX, PDF, active_content, sniff


def test_a_docx_with_macros_is_found_by_its_part_and_its_content_type():
    found = active_content(io.BytesIO(activefiles.docx_with_macros()), DOCX)

    assert filetypes.FOUND_MACROS.format(part="word/vbaProject.bin") in found
    assert filetypes.FOUND_CONTENT_TYPE.format(content_type=activefiles.MACRO_MAIN) in found


def test_a_remote_template_is_found_but_a_hyperlink_is_not():
    found = active_content(io.BytesIO(activefiles.docx_with_remote_template()), DOCX)

    assert found == [
        filetypes.FOUND_EXTERNAL.format(
            kind="attachedTemplate", target="http://198.51.100.7/template.dotm"
        )
    ]
    assert active_content(io.BytesIO(activefiles.docx_plain()), DOCX) == []


@pytest.mark.parametrize(
    ("part", "finding"),
    [
        ("word/activeX/activeX1.bin", filetypes.FOUND_ACTIVEX),
        ("word/embeddings/oleObject1.bin", filetypes.FOUND_OLE),
        ("xl/vbaProject.bin", filetypes.FOUND_MACROS),
    ],
)
def test_activex_embedded_objects_and_macros_anywhere_in_the_package_are_found(part, finding):
    data = io.BytesIO(activefiles.docx_plain())
    with zipfile.ZipFile(data, "a") as z:
        z.writestr(part, b"\xd0\xcf\x11\xe0")

    assert active_content(data, DOCX) == [finding.format(part=part)]


def test_a_pdf_script_is_found_under_an_escaped_name_and_in_a_compressed_object_stream():
    escaped = activefiles.pdf("/Names << /J#61vaScript 4 0 R >>", "<< /Names [] >>")
    assert active_content(io.BytesIO(escaped), PDF) == [
        filetypes.FOUND_PDF_NAME.format(what="JavaScript", name="JavaScript")
    ]
    hidden = zlib.compress(b"5 0 << /S /Launch /F (cmd.exe) >>")
    stream = (
        f"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {len(hidden)} >>\nstream\n"
    )
    compressed = activefiles.pdf("").replace(
        b"trailer", stream.encode() + hidden + b"\nendstream\nendobj\ntrailer"
    )
    found = active_content(io.BytesIO(compressed), PDF)
    assert found == [filetypes.FOUND_PDF_NAME.format(what="a launch action", name="Launch")]


def test_names_inside_a_pages_drawing_are_not_read_as_actions():
    drawing = b"<< /Length 11 >>\nstream\n/JS /Launch\nendstream"
    data = activefiles.pdf("", drawing.decode())
    assert active_content(io.BytesIO(data), PDF) == []


def test_opening_at_a_page_is_harmless_an_action_on_opening_is_not():
    assert active_content(io.BytesIO(activefiles.pdf_opening_a_page()), PDF) == []
    goto = activefiles.pdf("/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")
    assert active_content(io.BytesIO(goto), PDF) == []
    uri = activefiles.pdf("/OpenAction 4 0 R", "<< /S /URI /URI (http://198.51.100.7/) >>")
    assert active_content(io.BytesIO(uri), PDF) == [filetypes.FOUND_OPEN_ACTION]


def test_a_zip_bomb_is_not_unpacked_and_counts_as_active(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_ZIP_UNPACKED", 10 * 2**20)
    data = io.BytesIO(activefiles.docx_plain())
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/blank.bin", b"\x00" * (11 * 2**20))  # 11 MB in a few KB

    (found,) = active_content(data, DOCX)

    assert found.startswith("members that unpack to ")


def test_a_rels_part_that_lies_about_its_size_is_read_no_further_than_the_bound(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_XML_PART", 1000)
    data = io.BytesIO(activefiles.docx_plain())
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/_rels/footer1.xml.rels", b" " * 5000)

    assert active_content(data, DOCX) == [
        filetypes.FOUND_PART_TOO_LARGE.format(part="word/_rels/footer1.xml.rels", limit=1000)
    ]


def test_too_many_members_counts_as_active(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_ZIP_ENTRIES", 4)
    assert active_content(io.BytesIO(activefiles.docx_with_macros()), DOCX) == [
        filetypes.FOUND_ZIP_ENTRIES.format(limit=4)
    ]


def test_what_cannot_be_inspected_in_time_counts_as_active():
    found = active_content(io.BytesIO(activefiles.docx_plain()), DOCX, seconds=-1)
    assert found == [filetypes.FOUND_TIMEOUT.format(seconds=-1)]


def test_sniff_says_why_an_active_file_is_not_accepted():
    verdict = sniff(activefiles.pdf_with_javascript())
    assert (verdict.mime, verdict.accepted) == (PDF, False)
    assert verdict.reason.startswith("Active content: JavaScript (/JavaScript)")
