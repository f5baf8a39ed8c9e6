"""The one letter renderer: template + context -> HTML -> PDF (WeasyPrint) -> signed PDF.

WeasyPrint fetches every URL a document names (images, stylesheets, attachments). Left to its
default fetcher it would read `file:///etc/passwd` or call any host (SSRF, CVE-2025-68616), so
it only ever gets `StaticOnlyFetcher`, which serves our own static files and refuses the rest.
"""

import hashlib
import logging
import mimetypes
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from triage.letters.errors import UNKNOWN_KIND, LetterRenderError
from triage.letters.eu_letters import records_with_categories
from triage.letters.eu_wording import (
    annex_iii_reason,
    data_category_labels,
    letter_language,
    order_title,
)
from triage.letters.signing import sign_pdf
from triage.letters.wording import REASON_EXPLANATIONS
from triage.models.choices import RejectionReason

logger = logging.getLogger(__name__)
# WeasyPrint logs seven INFO lines per document ("Step 1 - Fetching and parsing HTML", ...):
# noise in a worker's log. Its warnings (refused URLs, missing glyphs) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

KINDS = (
    "acknowledgement",
    "deficiency",
    "preservation",
    "extension",
    "rejection",
    "disclosure",
    "user_notice",
    "nondisclosure",
    "eu_annex_iii",
    "eu_preservation",
    "eu_disclosure",
)
# What each letter cannot do without (besides `reference` and `addressee`).
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "acknowledgement": ("received_at",),
    "deficiency": ("received_at", "deficiencies", "answer_by"),
    "preservation": ("hold_start", "hold_end", "targets"),
    "extension": ("previous_end", "new_end", "targets"),
    "rejection": ("received_at", "reasons"),
    "disclosure": ("received_at", "records"),
    "user_notice": ("agency", "requested", "objection_ends", "object_to"),
    "nondisclosure": ("received_at", "order_end"),
    "eu_annex_iii": ("received_at", "reasons", "order_name"),
    # The end is not required: once Annex V confirms a production, the hold has none.
    "eu_preservation": ("received_at", "hold_start", "targets", "order_name"),
    "eu_disclosure": ("received_at", "records", "order_name"),
}
DATE_KEYS = frozenset(
    {"date", "received_at", "answer_by", "hold_start", "hold_end", "previous_end", "new_end"}
    | {"objection_ends", "order_end", "response_due", "first_end", "confirmed_at"}
)

# The letters' own origin: relative URLs in templates resolve here, and nothing else is served.
STATIC_ORIGIN = "https://static.lerq.invalid/"
_STATIC_HOST = urlsplit(STATIC_ORIGIN).hostname


class RenderedLetter(NamedTuple):
    pdf: bytes  # signed
    sha256: str  # hex, of `pdf`


class FetchRefused(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves `https://static.lerq.invalid/<path>` from Django's static files; refuses every
    other URL (file://, http(s)://elsewhere, data:, ...) and remembers what it refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"letters load only our static files, not {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> Path | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme != "https" or parts.hostname != _STATIC_HOST or parts.port is not None:
            return None
        if parts.username or parts.password:
            return None
        relative = unquote(parts.path).removeprefix("/")
        pieces = relative.split("/")
        if not relative or "\\" in relative or "\x00" in relative or ".." in pieces or "" in pieces:
            return None
        try:
            found = finders.find(relative)
        except Exception:  # SuspiciousFileOperation and friends: refuse, never follow
            return None
        return Path(found) if isinstance(found, str) and Path(found).is_file() else None


def render_letter(
    kind: str, context: Mapping[str, Any], *, pdf_variant: str | None = None
) -> RenderedLetter:
    """The signed PDF of one letter and its SHA-256. Raises LetterRenderError or
    LetterSigningError; never returns an empty or unsigned document. ``pdf_variant``:
    WeasyPrint's, e.g. "pdf/a-3b" for an archival PDF (the signature is an incremental
    update, which PDF/A allows)."""
    html = render_html(kind, context)
    signed = sign_pdf(html_to_pdf(html, pdf_variant=pdf_variant))
    return RenderedLetter(signed, hashlib.sha256(signed).hexdigest())


def render_html(kind: str, context: Mapping[str, Any]) -> str:
    if kind not in KINDS:
        raise LetterRenderError(UNKNOWN_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    prepared = _prepare(kind, context)
    # An EU order is answered in its certificate's language where we have the words.
    language = prepared.get("language", "en") if kind.startswith("eu_") else "en"
    name = f"letters/{kind}_{language}.html" if language != "en" else f"letters/{kind}.html"
    try:
        return render_to_string(name, prepared)
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        raise LetterRenderError(f"letter template for {kind!r}: {exc}") from exc


def html_to_pdf(
    html: str, fetcher: StaticOnlyFetcher | None = None, *, pdf_variant: str | None = None
) -> bytes:
    fetcher = fetcher or StaticOnlyFetcher()
    try:
        document = HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant=pdf_variant)
    except Exception as exc:
        raise LetterRenderError(f"WeasyPrint could not render the letter: {exc}") from exc
    if not pdf:
        raise LetterRenderError("WeasyPrint produced no PDF")
    if fetcher.refused:
        logger.warning("letter: refused to load %s", ", ".join(fetcher.refused[:5]))
    return pdf


def _prepare(kind: str, context: Mapping[str, Any]) -> dict[str, Any]:
    required = REQUIRED[kind]
    if kind in ("disclosure", "eu_disclosure") and context.get("no_data"):
        required = ("received_at",)  # an approved package that produces nothing lists none
    missing = [k for k in ("reference", "addressee", *required) if not context.get(k)]
    if missing:
        raise LetterRenderError(f"{kind} letter: missing {', '.join(missing)}")
    prepared = dict(context)
    prepared.setdefault("date", timezone.localdate())
    for key in DATE_KEYS & prepared.keys():
        prepared[key] = _as_local_date(prepared[key])
    addressee = dict(prepared["addressee"])
    addressee["lines"] = _lines(addressee.get("address", ""))
    prepared["addressee"] = addressee
    if kind == "deficiency":
        prepared["deficiencies"] = [getattr(d, "sentence", d) for d in prepared["deficiencies"]]
    if kind == "rejection":
        prepared["reasons"] = [_reason(code) for code in prepared["reasons"]]
    if kind.startswith("eu_"):
        _prepare_eu(kind, prepared)
    prepared.update(
        kind=kind,
        company_name=settings.LERQ_COMPANY_NAME,
        company_address=_lines(settings.LERQ_COMPANY_ADDRESS),
        signatory_name=settings.LERQ_SIGNATORY_NAME,
        signatory_title=settings.LERQ_SIGNATORY_TITLE,
    )
    return prepared


def _prepare_eu(kind: str, prepared: dict[str, Any]) -> None:
    """The words of an EU letter in its language: the order's title, the data categories and
    the Annex III reasons (English where the certificate's language has no words yet)."""
    language = letter_language(str(prepared.get("language") or "en"))
    prepared["language"] = language
    prepared["order_title"] = order_title(prepared["order_name"], language)
    prepared["data_categories"] = data_category_labels(
        list(prepared.get("data_categories") or []), language
    )
    if kind == "eu_annex_iii":
        prepared["reasons"] = [_annex_iii(code, language) for code in prepared["reasons"]]
    if kind == "eu_disclosure":
        records = list(prepared.get("records") or [])
        prepared["records"] = records_with_categories(records, language)


def _reason(code: str) -> dict[str, str]:
    try:
        reason = RejectionReason(code)
    except ValueError as exc:
        raise LetterRenderError(f"unknown rejection reason {code!r}") from exc
    return {"code": reason.value, "label": reason.label, "explanation": REASON_EXPLANATIONS[reason]}


def _annex_iii(code: str, language: str) -> dict[str, str]:
    try:
        return annex_iii_reason(code, language)
    except ValueError as exc:
        raise LetterRenderError(f"unknown Annex III reason {code!r}") from exc


def _as_local_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError as exc:
            raise LetterRenderError(f"not a date: {value!r}") from exc
    return value


def _lines(text: str | list[str]) -> list[str]:
    lines = text if isinstance(text, list) else str(text).splitlines()
    return [line.strip() for line in lines if line.strip()]
