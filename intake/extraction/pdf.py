"""The text layer of a PDF, read in another process with bounded time and memory: a worker of
pdf_pool (long-lived, started once), or, when none can start, a subprocess per PDF."""

import contextlib
import contextvars
import json
import resource
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from intake.extraction import pdf_pool

MAX_BYTES = 25 * 1024 * 1024
TIMEOUT_SECONDS = 15
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20

REASON_SCANNED = "scanned image, not accepted"
REASON_SIGNATURE_BROKEN = "digital signature not accepted (not signed)"
REASON_SIGNER_UNTRUSTED = "not trusted (self-signed or an unknown certificate authority)"

# False while re-reading stored mail whose scans' OCR text is already kept on its attachments.
_ocr = contextvars.ContextVar("lerq_pdf_ocr", default=True)


@contextlib.contextmanager
def without_ocr() -> Iterator[None]:
    """Scanned pages (and images) are left unread inside this block: for re-reading mail that
    was read once already, whose OCR text is stored (Attachment.ocr_text)."""
    token = _ocr.set(False)
    try:
        yield
    finally:
        _ocr.reset(token)


def ocr_wanted() -> bool:
    return _ocr.get()


@dataclass
class PdfText:
    text: str = ""
    page_count: int = 0
    digitally_signed: bool = False
    # One per embedded signature: ok (intact, valid, no forbidden change after it), trusted
    # (chains to a trust root), signer, problem.
    signatures: list[dict] = field(default_factory=list)
    scanned: bool = False
    # The text of the pages that have no text layer, read by OCR (also part of `text`).
    ocr_text: str = ""
    ocr_pages: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    readable: bool = True


def signature_note(signature: dict) -> str:
    who = f" by {signature['signer']}" if signature.get("signer") else ""
    if not signature.get("ok"):
        problem = signature.get("problem") or "it does not validate"
        return f"{REASON_SIGNATURE_BROKEN}{who}: {problem}"
    trust = "trusted" if signature.get("trusted") else REASON_SIGNER_UNTRUSTED
    return f"digital signature{who} intact; signer {trust}"


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _run(data: bytes, *args: str) -> tuple[dict | None, str | None]:
    """The worker's JSON, or why there is none."""
    try:
        done = subprocess.run(  # noqa: S603 - our own worker, fixed arguments
            [sys.executable, "-m", "intake.extraction.pdf_worker", *args],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            preexec_fn=_limits,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, "took too long to read (hostile PDF?)"
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["killed"])[-1]
        return None, f"cannot be read ({last[:200]})"
    return json.loads(done.stdout), None


def _signature_list(out: dict | None, problem: str | None) -> list[dict]:
    if out is None:
        return [{"ok": False, "problem": f"cannot be validated: {problem}"}]
    return out["signatures"] or [{"ok": False, "problem": "a signature field with no signature"}]


def _signatures(data: bytes) -> list[dict]:
    return _signature_list(*_run(data, "--signatures"))


def read_in_subprocesses(
    data: bytes, ocr: bool = True
) -> tuple[dict | None, str | None, list[dict] | None]:
    """The fallback: a fresh subprocess per PDF (and one for its signatures)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        early = pool.submit(_signatures, data) if b"/ByteRange" in data else None
        out, problem = _run(data) if ocr else _run(data, "--no-ocr")
        signatures = early.result() if early else None
    if out is not None and signatures is None and out.get("has_signature"):
        signatures = _signatures(data)  # the signature dictionary sits in a compressed stream
    return out, problem, signatures


def read_in_pool(
    data: bytes, ocr: bool = True
) -> tuple[dict | None, str | None, list[dict] | None]:
    """The text and the signatures in one round trip to a long-lived worker; raises
    pdf_pool.Unavailable when no worker can start."""
    (out, problem), signatures = pdf_pool.read(
        data, memory_bytes=MEMORY_BYTES, cpu_seconds=CPU_SECONDS, timeout=TIMEOUT_SECONDS, ocr=ocr
    )
    return out, problem, _signature_list(*signatures) if signatures else None


def shutdown() -> None:
    """Stop the pool's idle workers (they also stop at exit)."""
    pdf_pool.shutdown()


def read_pdf(data: bytes, name: str = "PDF") -> PdfText:
    """Never raises for a bad PDF: what went wrong is a reason on the result. A signature is
    validated by the same bounded worker, right after the text, when the PDF carries one."""
    if b"%PDF" not in data[:1024]:
        return PdfText(readable=False, reasons=[f"{name}: not a PDF"])
    if len(data) > MAX_BYTES:
        return PdfText(readable=False, reasons=[f"{name}: larger than {MAX_BYTES // 2**20} MB"])
    try:
        out, problem, signatures = read_in_pool(data, ocr_wanted())
    except pdf_pool.Unavailable:
        out, problem, signatures = read_in_subprocesses(data, ocr_wanted())
    if out is None:
        return PdfText(readable=False, reasons=[f"{name}: {problem}"])
    pages = out["pages"]
    text = "\n\f\n".join(pages)
    ocr_pages = [n for n in out.get("ocr_pages", []) if 0 < n <= len(pages)]
    result = PdfText(
        text=text,
        ocr_pages=ocr_pages,
        ocr_text="\n\f\n".join(pages[n - 1] for n in ocr_pages),
        page_count=out["page_count"],
        digitally_signed=any(s.get("ok") for s in signatures or []),
        signatures=signatures or [],
        reasons=[f"{name}: {note}" for note in out["notes"]],
    )
    result.reasons += [f"{name}: {signature_note(s)}" for s in result.signatures]
    # A scan is judged by its text layer: what OCR read is shown and read for the fields, but
    # the policy still does not accept a scanned image as the legal document.
    by_ocr = set(ocr_pages)
    layer = "".join(p for n, p in enumerate(pages, 1) if n not in by_ocr)
    if len("".join(layer.split())) < 20:
        result.scanned = True
        result.reasons.append(f"{name}: {REASON_SCANNED}")
    return result
