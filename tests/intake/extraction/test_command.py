"""`manage.py extract`: the contract's JSON, a readable summary, and a clear refusal."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from bench.extract import CORPUS, FIELDS

ROOT = Path(__file__).resolve().parents[3]


def test_json_has_exactly_the_contract_s_keys():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_sheriff_subpoena_pdf.eml"), "--json", stdout=out)
    found = json.loads(out.getvalue())
    # The contract's keys in its order; then the keys added to it.
    assert list(found)[: len(FIELDS)] == list(FIELDS)
    assert set(found) - set(FIELDS) <= {"confidence", "reasons"}
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


def test_an_unreadable_file_is_an_error_with_exit_code_1(tmp_path):
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"PK\x03\x04 not a request")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "extract", str(bad), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot extract" in done.stderr
    assert done.stdout == ""


def test_the_summary_names_the_preservation_an_extension_extends():
    out = StringIO()
    call_command("extract", str(CORPUS / "us_preservation_extension_pdf.eml"), stdout=out)
    assert "extends:       reference=LER-2026-000114, date=2025-12-04" in out.getvalue()
