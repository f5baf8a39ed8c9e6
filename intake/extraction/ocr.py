"""Text of PDF pages that have no text layer (scans), read by Tesseract.

Run by pdf_worker, inside the bounded PDF reader: each page is rendered by poppler's `pdftoppm`
at up to 250 dpi, its blank bands above and below the text cut off, and read by the `tesseract`
binary (the first page in English first, to choose which language's model leads for the
document: see guess_language), both as child processes of the worker, so they inherit its
memory and file-size limits, and each call has a timeout. At most MAX_PAGES pages are read,
within BUDGET_SECONDS in all (the reader's own timeout is 15 s). Only the standard library is
imported here: the pool's worker imports this file by its path.

Without Tesseract, its language data or pdftoppm, nothing fails: the page is left unread and
the reader records REASON_UNAVAILABLE. `python -m intake.extraction.ocr` prints UNAVAILABLE
then (`make run` calls it once at startup).
"""

import contextlib
import ctypes
import math
import os
import resource
import shutil
import signal
import subprocess
import time

# Debian's packages: the binary, its language data, and the page renderer.
LANGUAGES = ("eng", "fra", "deu", "spa", "ita", "por", "nld")
PACKAGES = "tesseract-ocr " + " ".join(f"tesseract-ocr-{lang}" for lang in LANGUAGES[1:])
UNAVAILABLE = f"OCR unavailable: apt-get install {PACKAGES} poppler-utils"
REASON_UNAVAILABLE = "scanned page not read: OCR unavailable"

MAX_PAGES = 10  # a scanned subpoena or order is a few pages; the rest is not read
# From the start of reading the PDF to the end of its OCR: inside the reader's 15 s timeout, so
# that a long scan loses its last pages, not the whole reading.
BUDGET_SECONDS = 10.0
PAGE_SECONDS = 8.0  # one pdftoppm or tesseract call
# 250, not 300: each pass costs a fifth less, and on degraded scans (noise, blur, 7 to 10 pt
# text) Tesseract made fewer word errors at 250 than at 300 (362 against 420 over 12 pages).
DPI = 250
MAX_SIDE = 4200  # pixels on the longer side: an A3 page at 250 dpi; a huge page is scaled down
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # a grey 4200 x 4200 image is 17.6 MB
MAX_CHARS = 100_000  # of one page's text

_missing: str | None = None
_checked = False


def _environment() -> dict[str, str]:
    # One thread: the machine's cores are shared by the workers (and OpenMP's threads would
    # each reserve address space under the worker's memory limit). Measured on 2 cores: the
    # default threads spent 3.4 s of CPU where one thread spent 1.0 s on the same page.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}
    if os.environ.get("TESSDATA_PREFIX"):
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    return env


def missing() -> str | None:
    """What is missing to read scans (UNAVAILABLE, with what it lacks), or None. Checked once
    per process."""
    global _missing, _checked
    if _checked:
        return _missing
    lacking = [tool for tool in ("tesseract", "pdftoppm") if shutil.which(tool) is None]
    if "tesseract" not in lacking:
        try:
            listed = subprocess.run(
                ["tesseract", "--list-langs"],  # noqa: S607 - found on PATH above
                capture_output=True,
                timeout=PAGE_SECONDS,
                env=_environment(),
                check=False,
            )
            have = set(listed.stdout.decode("utf-8", "replace").split())
        except (OSError, subprocess.TimeoutExpired):
            have = set()
        lacking += [f"tesseract-ocr-{lang}" for lang in LANGUAGES if lang not in have]
    _missing = f"{UNAVAILABLE} (missing: {', '.join(lacking)})" if lacking else None
    _checked = True
    return _missing


def _dpi(width_pt: float, height_pt: float) -> int:
    longest = max(width_pt, height_pt, 1.0)
    return max(36, min(DPI, int(MAX_SIDE * 72 / longest)))


def _bounded(seconds: float, memory_bytes: int | None = None):
    """In the child, before it runs: at most ``seconds`` of CPU, and killed with the worker,
    so that a tesseract the pool abandoned (its worker killed at the reader's timeout) does
    not go on alone."""
    cpu = math.ceil(seconds) + 1
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)  # a limit cannot be raised
    prctl = None
    with contextlib.suppress(Exception):  # looked up here, not in the forked child
        prctl = ctypes.CDLL(None, use_errno=True).prctl

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        if memory_bytes is not None:  # called from outside the PDF worker: its own limits
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        if prctl is not None:
            prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG

    return limit


def _call(args: list[str], data: bytes, timeout: float, memory_bytes: int | None = None) -> bytes:
    done = subprocess.run(  # noqa: S603 - fixed programs, our own arguments
        args,
        input=data,
        capture_output=True,
        timeout=timeout,
        env=_environment(),
        preexec_fn=_bounded(
            timeout, memory_bytes
        ),  # the worker has one thread: safe after its fork
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["killed"])[-1]
        raise OSError(f"{args[0]} failed ({last[:120]})")
    return done.stdout


# Words frequent in each language's letters and rare in the others': a first pass in English
# on the first page says which language's model reads the document first (accents: "Élodie",
# "Rhône" are misread when English leads).
STOPWORDS = {
    "eng": "the and of to you your please this with for is are",
    "fra": "le les et vous une pour dans est votre nous du des au",
    "deu": "der die das und ist nicht sie wir den von mit für bitte ihre",
    "spa": "el los las y del por para usted su con una es",
    "ita": "il della che gli per sono con delle dei alla è",
    "por": "os das do da para uma com não em ao é dos",
    "nld": "het een van en dat voor niet met zijn wij uw u",
}
_STOPWORDS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}


def guess_language(text: str) -> str:
    """The Tesseract language whose frequent words the text uses most (English on a tie)."""
    words = [w.strip(".,;:()'\"!?").lower() for w in text.split()]
    counts = {lang: sum(w in found for w in words) for lang, found in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: (counts[lang], lang == "eng"))
    return best if counts[best] > counts["eng"] else "eng"


def render(data: bytes, number: int, size: tuple[float, float], deadline: float) -> bytes:
    """Page ``number`` (1-based) of the PDF ``data`` as a grey PGM image (uncompressed: making
    a PNG cost more than twice the rendering), without its blank bands (see trimmed)."""
    page = str(number)
    dpi = _dpi(*size)
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-f", page, "-l", page, "-"]
    image = _call(args, data, _left(deadline))
    if not image or len(image) > MAX_IMAGE_BYTES:
        raise OSError("the rendered page is empty or too large")
    return trimmed(image, margin=dpi // 5)


PAPER = bytes(range(192, 256))  # grey levels taken for paper: light grey print is kept


def trimmed(image: bytes, margin: int) -> bytes:
    """The grey PGM ``image`` without the blank rows above its first and below its last row
    that has ink, ``margin`` rows of paper kept each side. Tesseract's cost grows with the
    pixels it is given, not only with the text: a letter that fills the top third of its
    page was read with a third less CPU. A speck of dust low on the page only keeps the rows
    down to it; anything unexpected (another PGM form, a blank page) leaves the image as it
    is."""
    header = image[:64].split(b"\n", 3)  # P5, width height, 255: the pixels follow
    try:
        width, height = (int(n) for n in header[1].split())
        start = len(b"\n".join(header[:3])) + 1
    except (IndexError, ValueError):
        return image
    if header[0] != b"P5" or header[2] != b"255" or len(image) - start != width * height:
        return image
    pixels = memoryview(image)[start:]

    def inked(row: int) -> bool:  # translate deletes the paper (in C): what is left is ink
        return bool(bytes(pixels[row * width : (row + 1) * width]).translate(None, PAPER))

    first = next((row for row in range(height) if inked(row)), None)
    if first is None:
        return image
    last = next(row for row in reversed(range(height)) if inked(row))
    top, bottom = max(0, first - margin), min(height, last + 1 + margin)
    if bottom - top == height:
        return image
    return b"P5\n%d %d\n255\n" % (width, bottom - top) + pixels[top * width : bottom * width]


def recognise(
    image: bytes,
    dpi: int | None,
    languages: tuple[str, ...],
    deadline: float,
    memory_bytes: int | None = None,
) -> str:
    args = ["tesseract", "stdin", "stdout", "-l", "+".join(languages)]
    args += ["--dpi", str(dpi)] if dpi else []
    out = _call(args, image, _left(deadline), memory_bytes)
    return out.decode("utf-8", "replace")[:MAX_CHARS]


def _left(deadline: float) -> float:
    left = min(PAGE_SECONDS, deadline - time.monotonic())
    if left <= 0:
        raise subprocess.TimeoutExpired("ocr", 0)
    return left


def _with_english(lead: str) -> tuple[str, ...]:
    return (lead,) if lead == "eng" else (lead, "eng")


def _read(data: bytes, number: int, size, lead: str, deadline: float) -> tuple[str, str]:
    """A page's text, and its language (the next page is read with it first). A page is read
    with the document's language first (English at the start), then again with its own when
    its words say it is in another: an English cover letter, a French order."""
    image = render(data, number, size, deadline)
    return _recognised(image, _dpi(*size), lead, deadline)


def _recognised(
    image: bytes, dpi: int | None, lead: str, deadline: float, memory_bytes: int | None = None
) -> tuple[str, str]:
    text = recognise(image, dpi, _with_english(lead), deadline, memory_bytes)
    found = guess_language(text)
    if found != lead:
        text = recognise(image, dpi, _with_english(found), deadline, memory_bytes)
    return text, found


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def read_image(data: bytes, *, memory_bytes: int) -> tuple[str, list[str]]:
    """The text of an attached image (a photo or scan of a letter: PNG, JPEG, TIFF, GIF, WebP,
    decoded by Tesseract's own library, never in this process), and notes. Called from
    outside the PDF worker: the child gets the reader's memory limit here."""
    if not data.startswith(IMAGE_MAGIC) and not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "", ["not read by OCR: not a PNG, JPEG, TIFF, GIF or WebP image"]
    if missing():
        return "", [REASON_UNAVAILABLE]
    deadline = time.monotonic() + BUDGET_SECONDS
    try:
        text, _ = _recognised(data, None, "eng", deadline, memory_bytes)
    except subprocess.TimeoutExpired:
        return "", ["scanned page not read: OCR took too long"]
    except (OSError, subprocess.SubprocessError) as exc:
        return "", [f"scanned page not read: {str(exc)[:160]}"]
    return text, ["read by OCR"] if text.strip() else []


def read_pages(
    data: bytes,
    pages: list[tuple[int, tuple[float, float]]],
    notes: list[str],
    started: float | None = None,
) -> dict[int, str]:
    """OCR text of the given pages (1-based number, size in points), the first MAX_PAGES
    within BUDGET_SECONDS of ``started`` (when the reader began this PDF; now by default);
    what was not read is a note."""
    if not pages:
        return {}
    if missing():
        notes.append(REASON_UNAVAILABLE)
        return {}
    deadline = (time.monotonic() if started is None else started) + BUDGET_SECONDS
    found: dict[int, str] = {}
    lead = "eng"
    for position, (number, size) in enumerate(pages):
        if position >= MAX_PAGES:
            notes.append(f"only the first {MAX_PAGES} scanned pages are read by OCR")
            break
        try:
            found[number], lead = _read(data, number, size, lead, deadline)
        except subprocess.TimeoutExpired:
            notes.append(f"page {number}: scanned page not read: OCR took too long")
            break
        except (OSError, subprocess.SubprocessError) as exc:
            notes.append(f"page {number}: scanned page not read: {str(exc)[:160]}")
    if found:
        numbers = ", ".join(str(n) for n in found)
        notes.append(f"page{'s' if len(found) > 1 else ''} {numbers} read by OCR")
    return found
