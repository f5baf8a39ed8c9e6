"""Reads one PDF from stdin and prints its text layer as JSON; run only by pdf.read_pdf.

It runs in its own process, under the CPU, memory and file-size limits read_pdf sets, so a
hostile PDF (a compression bomb, a page tree of 10,000 pages, deep nesting) costs at most a
bounded subprocess, never the caller.
"""

import contextlib
import json
import logging
import sys

MAX_PAGES = 200  # a real letter or order is far shorter; the rest is not read
MAX_CHARS = 2_000_000


def _has_digital_signature(reader) -> bool:
    root = reader.trailer.get("/Root", {})
    form = root.get("/AcroForm") if hasattr(root, "get") else None
    if form is None:
        return False
    form = form.get_object()
    if int(form.get("/SigFlags", 0) or 0) & 1:
        return True
    for field in form.get("/Fields", []) or []:
        field = field.get_object()
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
    return False


MAX_SIGNATURES = 5


def _check_signatures(data: bytes) -> list[dict]:
    """Each embedded signature validated with pyHanko, offline. A signature counts when its
    digest still matches the signed bytes (`intact`) and the signature value checks out
    (`valid`) and nothing but allowed updates came after it; `trusted` (pyHanko's bottom line:
    a chain to a trust root) is reported apart, since agencies often sign with a certificate
    we cannot chain (self-signed, a national CA we do not carry)."""
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    allowed = (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    found = []
    reader = PdfFileReader(BytesIO(data), strict=False)
    for embedded in reader.embedded_signatures[:MAX_SIGNATURES]:
        entry: dict = {"field": str(embedded.field_name), "ok": False, "trusted": False}
        try:
            status = validate_pdf_signature(
                embedded, ValidationContext(allow_fetching=False, revocation_mode="soft-fail")
            )
        except Exception as exc:
            entry["problem"] = f"cannot be validated ({type(exc).__name__})"
            found.append(entry)
            continue
        entry["signer"] = status.signing_cert.subject.human_friendly[:200]
        entry["trusted"] = bool(status.bottom_line)
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        later_ok = whole or status.modification_level in allowed
        if not status.intact:
            entry["problem"] = "the document was changed after it was signed"
        elif not status.valid:
            entry["problem"] = "the signature value does not match the signer's key"
        elif not later_ok:
            entry["problem"] = "the document was modified after signing beyond what is allowed"
        else:
            entry["ok"] = True
        found.append(entry)
    return found


def _explain_empty(page, index: int, notes: list[str]) -> None:
    """An empty page is a scan, or content pypdf refused to inflate: say which."""
    from pypdf.errors import LimitReachedError

    try:
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
    except LimitReachedError:
        notes.append(f"page {index + 1}: decompression limit reached (compression bomb?)")
    except Exception as exc:
        notes.append(f"page {index + 1} cannot be read: {type(exc).__name__}")


class _Notes(logging.Handler):
    """pypdf reports what it cut short (a decompression limit, a broken object) as log
    warnings and goes on; they are the reasons a reader needs."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        message = f"pypdf: {record.getMessage()[:200]}"
        if message not in self.notes and len(self.notes) < 10:
            self.notes.append(message)


def main() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    data = sys.stdin.buffer.read()
    out: dict = {
        "pages": [],
        "page_count": 0,
        "images": 0,
        "has_signature": False,
        "notes": [],
    }
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(_Notes(out["notes"]))
    pypdf_log.propagate = False
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            out["notes"].append("encrypted PDF")
            print(json.dumps(out))
            return
    try:
        declared = int(reader.trailer["/Root"]["/Pages"].get("/Count", 0))
    except Exception:
        declared = 0
    if declared > MAX_PAGES:
        out["notes"].append(f"PDF declares {declared} pages; only the first {MAX_PAGES} are read")
    chars = 0
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES:
            out["notes"].append(f"more than {MAX_PAGES} pages; the rest is not read")
            break
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            out["notes"].append(f"page {index + 1} cannot be read: {type(exc).__name__}")
            text = ""
        if not text.strip():
            _explain_empty(page, index, out["notes"])
        chars += len(text)
        out["pages"].append(text)
        try:
            resources = page.get("/Resources") or {}
            xobjects = resources.get_object().get("/XObject") or {}
            out["images"] += sum(
                1
                for x in xobjects.get_object().values()
                if x.get_object().get("/Subtype") == "/Image"
            )
        except Exception:  # noqa: S110 - images only help detect scans
            pass
        if chars > MAX_CHARS:
            out["notes"].append("text longer than 2,000,000 characters; the rest is not read")
            break
    out["page_count"] = max(declared, len(out["pages"]))
    with contextlib.suppress(Exception):
        out["has_signature"] = _has_digital_signature(reader)
    print(json.dumps(out))


def signatures_main() -> None:
    """`--signatures`: only validate the embedded signatures (run beside the text reader)."""
    data = sys.stdin.buffer.read()
    logging.getLogger("pyhanko").propagate = False
    try:
        found = _check_signatures(data)
    except Exception as exc:
        found = [{"ok": False, "problem": f"unreadable ({type(exc).__name__})"}]
    print(json.dumps({"signatures": found}))


if __name__ == "__main__":
    signatures_main() if "--signatures" in sys.argv else main()
