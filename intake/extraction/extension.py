"""Which preservation an extension request extends: our reference (LER-YYYY-NNNNNN) when the
agency quotes it, else the agency's own reference and the date of its original request."""

import re

from intake.extraction.contact import _DATE_TEXT as DATE_TEXT
from intake.extraction.contact import parse_date

OUR_REFERENCE = re.compile(r"\bLER-\d{4}-\d{6}\b")
# "Our original request: MPD preservation request 25-PR-0931 dated December 22, 2025",
# "(our reference PCSO 25-118204)", "previous request no. 2025/118".
_THEIR_LABEL = re.compile(
    r"\b(?:our|original|previous|prior|earlier|initial|first)\s+"
    r"(?:(?:original|initial|preservation|agency|case)\s+)*"
    r"(?:request|reference|ref\.?|case|file|letter)\b(?:\s+(?:no\.?|number|#))?\s*[:#]?",
    re.I,
)
_TOKEN = re.compile(
    r"(?:\b[A-Z]{2,6}[ -])?\b[A-Z0-9]*\d[A-Z0-9]*(?:[-/.][A-Z0-9]+)+\b|\b[A-Z]{2,6}[ -]?\d{4,}\b"
)
# The date the original was sent: "dated December 22, 2025", "On December 4, 2025 this office
# asked ...", "our request of 4 December 2025".
_DATED = re.compile(r"\b(?:dated|of|sent on|submitted on|made on|served on)\s+", re.I)
_ON_WE_ASKED = re.compile(
    r"\bOn\s+(?P<date>[^\n]{6,30}?),?\s+(?:this office|we|I|our (?:office|agency|department|unit))"
    r"\s+(?:asked|requested|sent|submitted|served|made)",
    re.I,
)


def find_original(text: str, *, kind: str | None, order: str) -> dict | None:
    """For an extension: {reference, agency_reference, date}, each null when not stated;
    None for any other kind or when nothing names the original."""
    if kind != "preservation_extension":
        return None
    ours = OUR_REFERENCE.search(text)
    agency_reference = None
    when = None
    for label in _THEIR_LABEL.finditer(text):
        sentence = re.split(r"(?<=[.;])\s|\n\s*\n|\)", text[label.end() : label.end() + 160])[0]
        token = _TOKEN.search(sentence)
        if token and not OUR_REFERENCE.match(token.group(0)) and not _is_date(token.group(0)):
            agency_reference = token.group(0).strip()
            when = when or _dated(sentence[token.end() :], order)
            break
    when = when or _asked_on(text, order)
    if not (ours or agency_reference or when):
        return None
    return {
        "reference": ours.group(0) if ours else None,
        "agency_reference": agency_reference,
        "date": when,
    }


def _is_date(token: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", token))


def _dated(after: str, order: str) -> str | None:
    m = _DATED.search(after)
    d = DATE_TEXT.match(after, m.end()) if m else None
    parsed = parse_date(d.group(0), order=order) if d else None
    return parsed.isoformat() if parsed else None


def _asked_on(text: str, order: str) -> str | None:
    for m in _ON_WE_ASKED.finditer(text):
        rest = text[m.end() : m.end() + 200]
        if not re.search(r"preserv|request", rest, re.I):
            continue
        d = DATE_TEXT.fullmatch(m.group("date").strip())
        parsed = parse_date(d.group(0), order=order) if d else None
        if parsed:
            return parsed.isoformat()
    return None
