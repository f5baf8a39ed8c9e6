"""`python -m bench.letters`: letters rendered and signed per second (each kind, warm), the
one-page latency (target < 300 ms), peak memory for a 20-page deficiency notice (in a fresh
process), and the same with PDF/A-3b. Needs no database: it renders the demo letters."""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from io import BytesIO
from pathlib import Path

ROUNDS = int(os.environ.get("LERQ_BENCH_ROUNDS", "10"))


def _setup(folder: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LERQ_SIGNING_KEY", str(folder / "key.pem"))
    os.environ.setdefault("LERQ_SIGNING_CERT", str(folder / "cert.pem"))
    import django

    django.setup()
    from django.conf import settings

    from triage.letters import signing_pair_create

    if not Path(settings.LERQ_SIGNING_KEY).exists():
        signing_pair_create(
            key_path=Path(settings.LERQ_SIGNING_KEY),
            cert_path=Path(settings.LERQ_SIGNING_CERT),
            common_name="bench",
            organisation="bench",
        )


def _times(kind: str, context: dict, rounds: int, **options) -> tuple[list[float], bytes]:
    """Wall-clock seconds per letter (and, in CPU_TIMES, this process's CPU seconds: on a
    shared machine the wall clock also counts the time other processes had the CPU)."""
    from triage.letters import render_letter

    render_letter(kind, context, **options)  # warm: fonts and templates loaded
    times, pdf = [], b""
    CPU_TIMES.clear()
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        pdf = render_letter(kind, context, **options).pdf
        times.append(time.perf_counter() - started)
        CPU_TIMES.append(time.process_time() - cpu)
    return times, pdf


CPU_TIMES: list[float] = []


def _big_deficiency() -> dict:
    """A deficiency notice long enough for 20 pages (an agency's 40-page overbroad demand)."""
    from django.utils import timezone

    from triage.letters.samples import sample_context

    context = sample_context("deficiency", timezone.localdate())
    sentence = (
        "Item {n}: the request names the account by a display name only; identify it by a user "
        "id, the owner's email address or an account number, with the period of interest and "
        "how the data relates to the investigation, so that it can be found and reviewed."
    )
    context["deficiencies"] = [sentence.format(n=n) for n in range(1, 261)]
    return context


def big() -> None:
    """Run in a fresh process: one 20-page notice, its time, pages and peak memory."""
    from pypdf import PdfReader

    from triage.letters import render_letter

    context = _big_deficiency()
    started, cpu = time.perf_counter(), time.process_time()
    pdf = render_letter("deficiency", context).pdf
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = len(PdfReader(BytesIO(pdf)).pages)
    tracemalloc.start()  # a second run, traced (tracing slows it down several times)
    render_letter("deficiency", context)
    _, peak = tracemalloc.get_traced_memory()
    print(
        f"{pages}-page deficiency notice (fresh process, first letter): {elapsed:.2f} s wall, "
        f"{cpu:.2f} s CPU; peak RSS {rss:.0f} MiB (ru_maxrss, whole process); "
        f"peak Python allocations {peak / 2**20:.0f} MiB (tracemalloc, second run)"
    )


def _validates(pdf: bytes) -> bool:
    from django.conf import settings
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    [signature] = PdfFileReader(BytesIO(pdf)).embedded_signatures
    roots = ValidationContext(trust_roots=[load_cert_from_pemder(str(settings.LERQ_SIGNING_CERT))])
    status = validate_pdf_signature(signature, roots)
    return bool(status.intact and status.bottom_line)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder))
        if "--big" in sys.argv:
            big()
            return
        from django.utils import timezone

        from triage.letters import KINDS
        from triage.letters.samples import sample_context

        today = timezone.localdate()
        print(f"letters: each kind rendered and signed {ROUNDS} times after one warm-up")
        for kind in KINDS:
            times, _ = _times(kind, sample_context(kind, today), ROUNDS)
            median, cpu = statistics.median(times), statistics.median(CPU_TIMES)
            print(
                f"  {kind:<16}{1 / median:6.1f} letters/s   median {median * 1000:4.0f} ms wall"
                f" ({cpu * 1000:4.0f} ms CPU)   max {max(times) * 1000:4.0f} ms"
            )
        times, _ = _times("acknowledgement", sample_context("acknowledgement", today), 30)
        times.sort()
        median = statistics.median(times) * 1000
        print(
            f"one-page letter (acknowledgement, 30 runs): median {median:.0f} ms wall "
            f"({statistics.median(CPU_TIMES) * 1000:.0f} ms CPU), "
            f"p90 {times[int(len(times) * 0.9)] * 1000:.0f} ms (target < 300 ms)"
        )
        env = {**os.environ}
        subprocess.run([sys.executable, "-m", "bench.letters", "--big"], check=True, env=env)
        context = sample_context("acknowledgement", today)
        times, pdf = _times("acknowledgement", context, ROUNDS, pdf_variant="pdf/a-3b")
        print(
            f"PDF/A-3b one-page letter: median {statistics.median(times) * 1000:.0f} ms wall "
            f"({statistics.median(CPU_TIMES) * 1000:.0f} ms CPU), {len(pdf)} bytes; signature "
            f"intact and trusted: {_validates(pdf)}; declares {_pdfa(pdf)} (not checked by a "
            "PDF/A validator: none is installed)"
        )


def _pdfa(pdf: bytes) -> str:
    from pypdf import PdfReader

    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""
    part = b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    intent = "/OutputIntents" in root
    return f"PDF/A-3B in XMP: {part}, output intent: {intent}"


if __name__ == "__main__":
    main()
