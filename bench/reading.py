"""`python -m bench.reading`: how long reading a long or hostile document takes, each against
its target. These figures were timed assertions in tests, which a loaded machine failed; the
tests keep what is about correctness (what is read, what is cut), this prints the speed.

  (a) a fifty-page letter, read warm by `extract` (target < 2 s)
  (b) the same letter signed (PAdES), its signature validated (target < 2 s)
  (c) a Subject of 50,000 encoded words parsed (target < 2 s; unbounded, minutes)
  (d) a compression bomb and (e) a 10,000-page PDF read and cut (target < 20 s each)

Needs no database. The PDFs are made by the tests' own builders (tests/intake/extraction).
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = int(os.environ.get("LERQ_BENCH_ROUNDS", "5"))


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm: models and the PDF readers are loaded once per process, as in a worker
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _line(label: str, times: list[float], target: float) -> bool:
    worst = max(times)
    met = worst < target
    verdict = "target met" if met else "TARGET MISSED"
    print(
        f"{label}: median {statistics.median(times):.2f} s, worst {worst:.2f} s over "
        f"{len(times)} runs (target < {target:g} s: {verdict})"
    )
    return met


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from intake.extraction import extract_path
    from intake.extraction.pdf import read_pdf
    from intake.parsing import parse_message
    from tests.intake.extraction.pdfmake import bomb_pdf, many_pages_pdf, pades_signed, text_pdf

    page = "\n".join(
        f"Line {i}: the records requested relate to the account described in Attachment A."
        for i in range(60)
    )
    letter = text_pdf([page] * 50)
    subject = b"Subject: " + b"=?utf-8?Q?=C3=A9?= " * 50_000 + b"\r\n\r\nx"
    results = []
    with tempfile.TemporaryDirectory() as folder:
        plain, signed = Path(folder) / "long.pdf", Path(folder) / "long_signed.pdf"
        plain.write_bytes(letter)
        signed.write_bytes(pades_signed(letter))
        results.append(_line("(a) fifty-page letter", _timed(lambda: extract_path(plain), RUNS), 2))
        results.append(
            _line("(b) fifty-page signed letter", _timed(lambda: extract_path(signed), RUNS), 2)
        )
    results.append(
        _line(
            "(c) Subject of 50,000 encoded words", _timed(lambda: parse_message(subject), RUNS), 2
        )
    )
    bomb, pages = bomb_pdf(400), many_pages_pdf(10_000)
    results.append(_line("(d) compression bomb", _timed(lambda: read_pdf(bomb, "b.pdf"), 1), 20))
    results.append(_line("(e) 10,000 pages cut", _timed(lambda: read_pdf(pages, "p.pdf"), 1), 20))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
