"""`manage.py transparency_report`: every format, the default half, and bad input."""

import csv
import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("transparency_report", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_default_and_the_default_half_is_the_last_complete_one(known):
    published = json.loads(run("--band-threshold", "0"))
    assert published["period"] == "2026H1"  # the clock is in September 2026
    assert published["complete"] is True
    assert published["totals"]["requests"] == 11


def test_csv_has_a_row_per_country_and_kind_and_the_total(known):
    rows = list(
        csv.DictReader(
            io.StringIO(run("--half", "2026H1", "--format", "csv", "--band-threshold", "0"))
        )
    )
    countries = {r["Country"]: int(r["Requests"]) for r in rows if r["Legal Process"] == "All"}
    assert countries == {"US": 7, "FR": 3, "Unknown": 1, "All": 11}
    kinds = [r for r in rows if r["Country"] == "All" and r["Legal Process"] not in ("All",)]
    assert sum(int(r["Requests"]) for r in kinds if "not in total" not in r["Legal Process"]) == 11
    preserved = next(r for r in rows if r["Legal Process"] == "Preservation (not in total)")
    assert (preserved["Requests"], preserved["Accounts"]) == ("2", "3")
    assert rows[0]["Period"] == "2026H1"
    total = next(r for r in rows if r["Country"] == "All" and r["Legal Process"] == "All")
    assert total["Percentage with some data produced"] == "27"


def test_html_carries_the_tables_and_three_inline_charts(known):
    html = run("--half", "2026H1", "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 3
    assert "Requests by country" in html and "Rejections by reason" in html


def test_pdf_goes_to_the_output_file(known, tmp_path):
    target = tmp_path / "report.pdf"
    assert run("--half", "2026H1", "--format", "pdf", "--output", str(target)) == ""
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Transparency report 2026H1" in text
    assert "Requests by legal process" in text


def test_a_pdf_without_output_to_a_text_stream_is_refused(known):
    with pytest.raises(CommandError, match="--output") as caught:
        run("--format", "pdf")
    assert caught.value.returncode == 2


def test_any_format_can_go_to_a_file(known, tmp_path):
    for fmt in ("json", "csv", "html"):
        target = tmp_path / f"r.{fmt}"
        run("--half", "2026H1", "--format", fmt, "--output", str(target))
        assert target.read_bytes()


@pytest.mark.parametrize("half", ["2026", "2026H3", "H1-2026", "26H1", "2026H1x", ""])
def test_a_malformed_half_is_a_clear_error_with_exit_code_2(db, half):
    with pytest.raises(CommandError, match="2026H1 or 2026H2") as caught:
        run("--half", half) if half else run("--half", " ")
    assert caught.value.returncode == 2


def test_an_unknown_format_is_refused(db):
    with pytest.raises(CommandError, match="json, csv, html, pdf") as caught:
        run("--format", "xml")
    assert caught.value.returncode == 2


def test_the_exit_code_of_a_malformed_half_is_2_from_the_shell(db):
    done = subprocess.run(
        [sys.executable, "manage.py", "transparency_report", "--half", "2026Q1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "2026H1 or 2026H2" in done.stderr
