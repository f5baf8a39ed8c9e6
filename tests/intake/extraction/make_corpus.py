"""Writes the labelled corpus in tests/data/extract/: requests written for this project (no
real person, agency mailbox or case), each with the fields a careful reader finds in it.

Run `python -m tests.intake.extraction.make_corpus` after changing a case; the files are
committed so that the test and `python -m bench.extract` read exactly what a mailbox would.
"""

import json
import os
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from tests.intake.extraction.corpus_cases import CASES as FIRST
from tests.intake.extraction.corpus_holdout import HOLDOUT
from tests.intake.extraction.corpus_more import MORE
from tests.intake.extraction.pdfmake import pades_signed, scanned_pdf, text_pdf

CASES = FIRST + MORE + HOLDOUT

OUT = Path(__file__).resolve().parents[2] / "data" / "extract"
MAILBOX = "lawenforcement@lerq.example"
NULLS = {
    "kind": None, "agency": None, "agent_name": None, "badge": None, "agent_email": None,
    "phone": None, "address": None, "po_box": None, "response_date": None, "targets": [],
    "nondisclosure": {"present": False, "days": None, "until": None},
    "emergency": {"present": False, "person_at_risk": None, "imminence": None},
    "language": "en", "signed": False, "letterhead": False, "original_preservation": None,
}  # fmt: skip


def _pdf(spec: dict | str) -> bytes:
    """A letter as a PDF: hand-written text pages or WeasyPrint HTML, optionally signed with a
    real PAdES signature, optionally altered after signing (`tamper`: (old, new) bytes)."""
    if spec == "SCAN":
        return scanned_pdf()
    if "html" in spec:
        from triage.letters.render import html_to_pdf

        data = html_to_pdf(spec["html"])
    else:
        data = text_pdf(spec["pages"])
    if spec.get("pades"):
        data = pades_signed(data)
    if spec.get("tamper"):
        old, new = (s.encode("cp1252") for s in spec["tamper"])
        assert len(old) == len(new) and data.count(old) == 1
        data = data.replace(old, new)
    return data


def _message(case: dict) -> bytes:
    msg = EmailMessage(policy=default)
    relay = case.get("relay", "198.51.100.23")
    msg["Received"] = (
        f"from mail.agency.example (mail.agency.example [{relay}]) by mx.lerq.example "
        f"with ESMTPS id 4Zx81; {case['received']}"
    )
    msg["Received"] = f"from [10.20.30.40] by mail.agency.example; {case['received']}"
    msg["From"] = case["from"]
    msg["To"] = case.get("to", MAILBOX)
    msg["Subject"] = case["subject"]
    msg["Date"] = case.get("date", case["received"])
    msg["Message-ID"] = f"<{case['name']}@agency.example>"
    body = case.get("body", "")
    charset = case.get("charset", "utf-8")
    if case.get("html_only"):
        msg.set_content(body, subtype="html", charset=charset, cte=case.get("cte"))
    else:
        msg.set_content(body, charset=charset, cte=case.get("cte"))
        if case.get("html"):
            msg.add_alternative(case["html"], subtype="html")
    for name, pdf in case.get("pdfs", []):
        data = _pdf(pdf)
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def write() -> list[Path]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()  # WeasyPrint letters and the test signer come from triage.letters
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if case.get("pdf") is not None:
            path = OUT / f"{case['name']}.pdf"
            path.write_bytes(_pdf(case["pdf"]))
        elif case.get("text") is not None:
            path = OUT / f"{case['name']}.txt"
            path.write_bytes(case["text"].encode(case.get("charset", "utf-8")))
        else:
            path = OUT / f"{case['name']}.eml"
            path.write_bytes(_message(case))
        expected = {**NULLS, **case["expected"]}
        if case.get("unchecked"):
            expected["_unchecked"] = case["unchecked"]
        (OUT / f"{case['name']}.expected.json").write_text(
            json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
