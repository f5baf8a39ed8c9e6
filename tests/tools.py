"""The system tools some tests need, and what to do when one is missing: such a test fails
with the sentence saying what to install, never a quiet skip. Someone who cannot install it
names it in LERQ_TEST_SKIP (e.g. ``LERQ_TEST_SKIP=browser,imap,ocr``, see the README): then
those tests skip, and pytest's summary counts them.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

SKIP_VARIABLE = "LERQ_TEST_SKIP"
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Tool:
    name: str  # what LERQ_TEST_SKIP names
    program: str  # the executable that must be there
    what: str  # what it is for, in the message
    packages: str  # the Debian packages (all in scripts/debian-packages.txt)


BROWSER = Tool("browser", "/usr/bin/chromium", "the browser tests (tests/e2e)", "chromium")
IMAP = Tool("imap", "/usr/sbin/dovecot", "the IMAP server of the mailbox tests", "dovecot-imapd")
OCR = Tool(
    "ocr",
    "tesseract",
    "OCR of scanned documents",
    "tesseract-ocr tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-ita "
    "tesseract-ocr-por tesseract-ocr-nld",
)


def skipped_by_request() -> set[str]:
    return {name.strip() for name in os.environ.get(SKIP_VARIABLE, "").split(",") if name.strip()}


def require(tool: Tool) -> None:
    """Return when ``tool`` is installed; otherwise skip (when asked to) or fail, saying how to
    install it."""
    if shutil.which(tool.program):
        return
    if tool.name in skipped_by_request():
        pytest.skip(f"{tool.program} is missing and {SKIP_VARIABLE} names {tool.name}")
    pytest.fail(
        f"{tool.program} is missing, needed for {tool.what}: install it with "
        f"`sudo apt-get install --no-install-recommends {tool.packages}` (or `make test` as "
        f"root does), or set {SKIP_VARIABLE}={tool.name} to skip these tests.",
        pytrace=False,
    )


def require_root(tool: Tool, why: str) -> None:
    """Some servers are started as root only; as another user: skip when asked to, else fail."""
    if os.geteuid() == 0:
        return
    if tool.name in skipped_by_request():
        pytest.skip(f"not root and {SKIP_VARIABLE} names {tool.name}")
    pytest.fail(
        f"{why}: run the tests as root, or set {SKIP_VARIABLE}={tool.name} to skip these tests.",
        pytrace=False,
    )
