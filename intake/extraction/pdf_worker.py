"""Reads PDFs in a process of their own; run only by pdf.read_pdf (directly or through
pdf_pool).

It runs under a CPU, memory and file-size limit, so a hostile PDF (a compression bomb, a page
tree of 10,000 pages, deep nesting) costs at most a bounded process, never the caller. Two ways
to run it:

- `python -m intake.extraction.pdf_worker [--signatures]`: one PDF on stdin, its JSON on stdout
  (the fallback path: one process per PDF, limits set by the caller);
- `python -I pdf_worker.py --serve MEMORY_BYTES CPU_SECONDS`: a long-lived worker of pdf_pool.
  It imports pypdf and pyHanko once, limits its own memory, and reads PDFs one after another
  from stdin (frames: `!BI` flags and length, then the bytes), answering each with one or two
  frames (`!I` length, then JSON): the text, then the signatures when the PDF carries one. Only
  the standard library, pypdf and pyHanko are imported here: never Django, never the database.
"""

import contextlib
import gc
import json
import logging
import os
import re
import resource
import struct
import sys
import time
import traceback
from pathlib import Path

MAX_PAGES = 200  # a real letter or order is far shorter; the rest is not read
MAX_CHARS = 2_000_000
NOTE_TRUNCATED = "PDF cut off (no end): the pages before the cut are read"
# A document catalog object, near enough to its "obj" to be the same object.
_CATALOG = re.compile(
    rb"(\d{1,10})\s+(\d{1,5})\s+obj\s*<<(?:(?!>>).){0,400}?/Type\s*/Catalog", re.S
)


def _ocr():
    """The OCR module: imported as usual, or by its path when this file runs as the pool's
    script (`python -I` puts neither its folder nor the project on sys.path)."""
    if __package__:
        from intake.extraction import ocr

        return ocr
    name = "lerq_pdf_worker_ocr"
    if name not in sys.modules:
        import importlib.util

        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("ocr.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def _page_size(page) -> tuple[float, float]:
    try:
        box = page.mediabox
        return abs(float(box.width)), abs(float(box.height))
    except Exception:
        return 612.0, 792.0  # US Letter


def _xobjects(page) -> tuple[int, bool]:
    """How many images the page draws directly, and whether it draws any XObject at all."""
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get_object().get("/XObject") or {}
        kinds = [x.get_object().get("/Subtype") for x in xobjects.get_object().values()]
    except Exception:  # images only help detect scans
        return 0, False
    return kinds.count("/Image"), bool(kinds)


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


def read_text(data: bytes, ocr: bool = True) -> dict:
    """The text layer of one PDF (and its scanned pages read by OCR, unless ``ocr`` is
    False), as the JSON both ways of running print."""
    pypdf_log = logging.getLogger("pypdf")
    notes: list[str] = []
    handler = _Notes(notes)
    pypdf_log.addHandler(handler)
    pypdf_log.propagate = False
    try:
        return _read_text(data, notes, ocr)
    finally:
        pypdf_log.removeHandler(handler)


def _read_text(data: bytes, notes: list[str], ocr: bool = True) -> dict:
    from io import BytesIO

    from pypdf import PdfReader

    started = time.monotonic()
    out: dict = {
        "pages": [],
        "page_count": 0,
        "images": 0,
        "has_signature": False,
        "notes": notes,
        "ocr_pages": [],  # 1-based numbers of the pages whose text was read by OCR
    }
    try:
        reader = PdfReader(BytesIO(data), strict=False)
    except Exception:
        # A cut-off file has lost its cross-reference table and trailer (they come last);
        # the pages before the cut are usually still whole. Read them if the catalog survives.
        repaired = with_trailer(data)
        if repaired is None:
            raise
        reader = PdfReader(BytesIO(repaired), strict=False)
        data = repaired
        notes.append(NOTE_TRUNCATED)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            out["notes"].append("encrypted PDF")
            return out
    try:
        declared = int(reader.trailer["/Root"]["/Pages"].get("/Count", 0))
    except Exception:
        declared = 0
    if declared > MAX_PAGES:
        out["notes"].append(f"PDF declares {declared} pages; only the first {MAX_PAGES} are read")
    chars = 0
    scans: list[tuple[int, tuple[float, float]]] = []  # pages with no text layer
    for index, page in _pages(reader, notes):
        if index >= MAX_PAGES:
            out["notes"].append(f"more than {MAX_PAGES} pages; the rest is not read")
            break
        failed = False
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            out["notes"].append(f"page {index + 1} cannot be read: {type(exc).__name__}")
            text, failed = "", True
        noted = len(out["notes"])
        if not text.strip():
            _explain_empty(page, index, out["notes"])
        chars += len(text)
        out["pages"].append(text)
        images, drawn = _xobjects(page)
        out["images"] += images
        if not text.strip() and drawn and not failed and len(out["notes"]) == noted:
            # An image (or a drawing holding one) and no text: a scan, for OCR. A page that
            # could not be inflated (a bomb) is not rendered; a blank page has nothing to read.
            scans.append((index + 1, _page_size(page)))
        if chars > MAX_CHARS:
            out["notes"].append("text longer than 2,000,000 characters; the rest is not read")
            break
    out["page_count"] = max(declared, len(out["pages"]))
    if NOTE_TRUNCATED in out["notes"] and not chars and not scans:
        from pypdf.errors import PdfReadError

        raise PdfReadError("PDF cut off (no end) before any text")
    if scans and ocr:
        for number, text in _ocr().read_pages(data, scans, out["notes"], started).items():
            out["pages"][number - 1] = text
            out["ocr_pages"].append(number)
    with contextlib.suppress(Exception):
        out["has_signature"] = _has_digital_signature(reader)
    return out


def with_trailer(data: bytes) -> bytes | None:
    """``data`` with a trailer naming its catalog, for pypdf to rebuild the cross-reference
    table from the objects themselves; None when there is no catalog in plain sight (it may be
    inside a compressed object stream, which a cut leaves unreadable)."""
    if data.rstrip().endswith(b"%%EOF"):
        return None  # whole: damaged some other way, not cut off
    catalog = _CATALOG.search(data)
    if catalog is None:
        return None
    number, generation = catalog.group(1), catalog.group(2)
    return data + b"\ntrailer\n<< /Root %s %s R >>\nstartxref\n0\n%%%%EOF\n" % (number, generation)


def _pages(reader, notes: list[str]):
    """The pages in order, stopping at the first that cannot be reached (a damaged page
    tree), so the pages before it are still read."""
    try:
        count = len(reader.pages)
    except Exception as exc:
        notes.append(f"page tree cannot be read: {type(exc).__name__}")
        return
    for index in range(count):
        try:
            page = reader.pages[index]
        except Exception as exc:
            notes.append(f"page {index + 1} and after cannot be reached: {type(exc).__name__}")
            return
        yield index, page


def read_signatures(data: bytes) -> dict:
    """The embedded signatures of one PDF, validated, as the JSON both ways of running print."""
    logging.getLogger("pyhanko").propagate = False
    try:
        found = _check_signatures(data)
    except Exception as exc:
        found = [{"ok": False, "problem": f"unreadable ({type(exc).__name__})"}]
    return {"signatures": found}


def main() -> None:
    print(json.dumps(read_text(sys.stdin.buffer.read(), ocr="--no-ocr" not in sys.argv)))


def signatures_main() -> None:
    """`--signatures`: only validate the embedded signatures (run beside the text reader)."""
    print(json.dumps(read_signatures(sys.stdin.buffer.read())))


# --- the long-lived worker of pdf_pool ---------------------------------------------------------

REQUEST = struct.Struct("!BI")  # flags, length of the PDF that follows
REPLY = struct.Struct("!I")  # length of the JSON that follows
WANT_SIGNATURES = 1  # validate the signatures too when the PDF carries one
NO_OCR = 2  # leave scanned pages unread (their OCR text is already stored)


def _read_exactly(fd: int, count: int) -> bytes | None:
    chunks, left = [], count
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reply(fd: int, answer: dict) -> None:
    body = json.dumps(answer).encode()
    view = memoryview(REPLY.pack(len(body)) + body)
    while view:
        view = view[os.write(fd, view) :]


def _cpu_budget(seconds: int) -> None:
    """RLIMIT_CPU counts the whole life of the process: give each step `seconds` more."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = spent + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _attempt(fd: int, cpu_seconds: int, read, data: bytes) -> tuple[dict | None, bool]:
    """One bounded step: its JSON, or (None, whether the worker may go on) with the error
    answered on fd. A MemoryError leaves a process that cannot be trusted; a plain error does
    not."""
    _cpu_budget(cpu_seconds)
    try:
        return read(data), True
    except Exception as exc:
        end = isinstance(exc, MemoryError | RecursionError)
        _reply(fd, {"error": traceback.format_exception_only(exc)[-1].strip(), "end": end})
        return None, not end


def _read_without_ocr(data: bytes) -> dict:
    return read_text(data, ocr=False)


def serve(memory_bytes: int, cpu_seconds: int) -> None:  # pragma: no cover - a child process
    # Imported once, before the memory limit, for every PDF after.
    import pyhanko.pdf_utils.reader
    import pyhanko.sign.diff_analysis
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401
    import pypdf  # noqa: F401

    requests = sys.stdin.buffer.fileno()
    replies = os.dup(sys.stdout.buffer.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print cannot break a frame
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    _reply(replies, {"ready": True})
    served = 0
    while True:
        # pypdf's reader and pages refer to each other: a PDF read is freed only by the cycle
        # collector, which small allocations seldom wake. Without this the worker kept every
        # large PDF it had read (+24 MB for each 24 MB PDF) until its memory limit broke one.
        gc.collect()
        if served <= 1:
            # What the imports (and the first PDF's lazy ones) made lives as long as the
            # worker: out of the collector's sight, so that a collection looks only at what
            # later PDFs made. Scanning pyHanko's 70,000 objects each time cost 40 ms of CPU
            # a PDF; reading a one-page letter costs 2.
            gc.freeze()
        served += 1
        header = _read_exactly(requests, REQUEST.size)
        if header is None:
            return  # the caller closed the pipe: the end
        flags, length = REQUEST.unpack(header)
        data = _read_exactly(requests, length)
        if data is None:
            return
        read = read_text if not flags & NO_OCR else _read_without_ocr
        out, alive = _attempt(replies, cpu_seconds, read, data)
        if out is None:
            if alive:
                continue
            return
        follow = bool(flags & WANT_SIGNATURES) and (
            b"/ByteRange" in data or bool(out.get("has_signature"))
        )
        _reply(replies, {"ok": out, "signatures": follow})
        if follow:
            signatures, alive = _attempt(replies, cpu_seconds, read_signatures, data)
            if signatures is not None:
                _reply(replies, {"ok": signatures})
            elif not alive:
                return


if __name__ == "__main__":
    if "--serve" in sys.argv:
        serve(int(sys.argv[2]), int(sys.argv[3]))
    elif "--signatures" in sys.argv:
        signatures_main()
    else:
        main()
