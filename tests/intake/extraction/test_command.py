"""`manage.py extract`: the contract's JSON, a readable summary, and a clear refusal."""

import base64
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.extract import CORPUS, FIELDS
from tests.intake.extraction.pdfmake import text_pdf

ROOT = Path(__file__).resolve().parents[3]
LETTER = "GRAND JURY SUBPOENA. Special Agent Laura Benton, FBI, badge 44817. " * 20


def test_json_has_exactly_the_contract_s_keys():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_sheriff_subpoena_pdf.eml"), "--json", stdout=out)
    found = json.loads(out.getvalue())
    # The contract's keys in its order; then the keys added to it.
    assert list(found)[: len(FIELDS)] == list(FIELDS)
    assert set(found) - set(FIELDS) <= {"confidence", "reasons"}
    assert found["reasons"] == []  # an added key: what could not be read
    assert set(found["nondisclosure"]) == {"present", "days", "until"}
    assert set(found["emergency"]) == {"present", "person_at_risk", "imminence"}
    assert found["response_date"] == "2026-04-10"


def test_json_says_how_sure_it_is_of_every_field():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_sheriff_subpoena_pdf.eml"), "--json", stdout=out)
    confidence = json.loads(out.getvalue())["confidence"]
    assert list(confidence) == list(FIELDS)
    assert all(0 <= value <= 1 for value in confidence.values())


def test_without_json_it_prints_a_summary_with_the_deciding_phrases():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_dea_interception.eml"), stdout=out)
    text = out.getvalue()
    assert "kind:          interception" in text
    assert "because: live access" in text


def run_extract(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "extract", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def truncated(data: bytes) -> bytes:
    """The first 60% of a real PDF, as a cut-off download leaves it."""
    return data[: len(data) * 6 // 10]


def cut(data: bytes) -> bytes:
    """A PDF cut off before its first page's text: nothing in it can be read."""
    return data[: data.index(b"BT /F1")]


NULLS = {"kind": None, "agency": None, "agent_name": None, "response_date": None, "targets": []}


def test_a_missing_file_is_an_error_with_exit_code_1(tmp_path):
    done = run_extract(tmp_path / "letter.pdf")
    assert done.returncode == 1
    assert "cannot extract" in done.stderr and "No such file" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("truncated.pdf", lambda: cut(text_pdf([LETTER])), "truncated.pdf: cannot be read"),
        ("garbage.pdf", lambda: b"\x13\x37 not a PDF at all " * 50, "garbage.pdf: not a PDF"),
        ("letter.docx", lambda: b"PK\x03\x04 not a request", "letter.docx: not an .eml, .pdf"),
        ("binary.txt", lambda: b"\x00\x01\x02" * 10, "binary.txt: binary file, not text"),
    ],
)  # fmt: skip
def test_a_broken_file_is_an_answer_of_nulls_with_reasons_and_exit_0(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content())
    done = run_extract(path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert list(found)[: len(FIELDS)] == list(FIELDS)
    assert {key: found[key] for key in NULLS} == NULLS
    assert any(r.startswith(reason) for r in found["reasons"]), found["reasons"]


def test_a_broken_attachment_leaves_the_rest_of_the_message_read(tmp_path):
    truncated = text_pdf([LETTER])[:300]
    raw = (
        b"From: Special Agent Laura Benton <laura.benton@fbi.gov>\r\nTo: legal@lerq.example\r\n"
        b"Subject: Grand jury subpoena\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nPlease respond by December 18, 2026.\r\n"
        b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="subpoena.pdf"\r\n\r\n'
        + base64.encodebytes(truncated)
        + b"--B--\r\n"
    )
    path = tmp_path / "broken_attachment.eml"
    path.write_bytes(raw)
    done = run_extract(path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["response_date"] == "2026-12-18"
    assert found["agent_email"] == "laura.benton@fbi.gov"
    assert any(r.startswith("subpoena.pdf: cannot be read") for r in found["reasons"])


def test_a_pdf_cut_off_in_its_last_page_is_read_up_to_the_cut(tmp_path):
    pages = [
        "GRAND JURY SUBPOENA\nSpecial Agent Laura Benton\nlaura.benton@fbi.gov",
        "Please respond by December 18, 2026.",
        "ATTACHMENT A " * 200,
    ]
    path = tmp_path / "cut.pdf"
    path.write_bytes(truncated(text_pdf(pages)))
    done = run_extract(path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    # What the pages before the cut say is read, and the reasons say the file was cut off.
    assert found["agent_email"] == "laura.benton@fbi.gov"
    assert found["response_date"] == "2026-12-18"
    assert "cut.pdf: PDF cut off (no end): the pages before the cut are read" in found["reasons"]
    assert not any("scanned image" in r for r in found["reasons"])


def test_the_summary_names_the_preservation_an_extension_extends():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_preservation_extension_pdf.eml"), stdout=out)
    assert "extends:       reference=LER-2026-000114, date=2025-12-04" in out.getvalue()
