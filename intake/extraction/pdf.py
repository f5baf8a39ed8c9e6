"""The text layer of a PDF, read in a subprocess with bounded time and memory."""

import json
import resource
import subprocess
import sys
from dataclasses import dataclass, field

MAX_BYTES = 25 * 1024 * 1024
TIMEOUT_SECONDS = 15
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20

REASON_SCANNED = "scanned image, not accepted"


@dataclass
class PdfText:
    text: str = ""
    page_count: int = 0
    digitally_signed: bool = False
    scanned: bool = False
    reasons: list[str] = field(default_factory=list)
    readable: bool = True


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def read_pdf(data: bytes, name: str = "PDF") -> PdfText:
    """Never raises for a bad PDF: what went wrong is a reason on the result."""
    if b"%PDF" not in data[:1024]:
        return PdfText(readable=False, reasons=[f"{name}: not a PDF"])
    if len(data) > MAX_BYTES:
        return PdfText(readable=False, reasons=[f"{name}: larger than {MAX_BYTES // 2**20} MB"])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "intake.extraction.pdf_worker"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            preexec_fn=_limits,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PdfText(readable=False, reasons=[f"{name}: took too long to read (hostile PDF?)"])
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["killed"])[-1]
        return PdfText(readable=False, reasons=[f"{name}: cannot be read ({last[:200]})"])
    out = json.loads(done.stdout)
    text = "\n\f\n".join(out["pages"])
    result = PdfText(
        text=text,
        page_count=out["page_count"],
        digitally_signed=out["signed"],
        reasons=[f"{name}: {note}" for note in out["notes"]],
    )
    if len("".join(text.split())) < 20:
        result.scanned = True
        result.reasons.append(f"{name}: {REASON_SCANNED}")
    return result
