"""`python -m bench.ocr`: how long reading a scan by OCR takes, and that a text letter pays
nothing for it, each against its target (issue #17):

  (a) a one-page scanned subpoena, read warm by `extract` (target < 5 s)
  (b) a one-page French scan (a second OCR pass in French first) (target < 5 s)
  (c) a fifty-page text letter, which has a text layer and is never sent to OCR (target < 2 s)

Needs no database; needs Tesseract (it says what to install otherwise). The scans are made by
the tests' own builder (tests/intake/extraction/scanmake.py).
"""

import os
import sys
import tempfile
from pathlib import Path

from bench.reading import RUNS, _line, _timed


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from intake.extraction import extract_path, ocr
    from tests.intake.extraction.pdfmake import text_pdf
    from tests.intake.extraction.scanmake import FRENCH, SUBPOENA, scan_pdf

    problem = ocr.missing()
    if problem:
        print(problem)
        return 1
    page = "\n".join(
        f"Line {i}: the records requested relate to the account described in Attachment A."
        for i in range(60)
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        english, french = Path(folder) / "scan.pdf", Path(folder) / "scan_fr.pdf"
        letter = Path(folder) / "long.pdf"
        english.write_bytes(scan_pdf(SUBPOENA))
        french.write_bytes(scan_pdf(FRENCH))
        letter.write_bytes(text_pdf([page] * 50))
        results.append(_line("(a) one-page scan", _timed(lambda: extract_path(english), RUNS), 5))
        results.append(
            _line("(b) one-page French scan", _timed(lambda: extract_path(french), RUNS), 5)
        )
        results.append(
            _line("(c) fifty-page letter", _timed(lambda: extract_path(letter), RUNS), 2)
        )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
