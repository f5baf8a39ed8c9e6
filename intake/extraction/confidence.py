"""How sure the reader is of each field it read: 0..1, calibrated (0.9 right about 9 times in 10).

Each field's reading falls in a class described by signals that do not need the answer: whether
a value was found, whether it sits just after a label that names it ("Badge:", "Tél.",
"E-mail"), whether the document offers several candidates for it (three phone numbers, two
addresses), and what the text was (English, another language, a scan read by OCR). The share
of readings of that class found right on the tuned part of the real-document corpus is the
confidence (intake/data/confidence.json, written by `python -m bench.extract --calibrate`; the
held-out third is never used to fit it). A class seen rarely is pulled toward its parent class
(field and found, then field, then a prior), so a single lucky document does not make 1.0; and
the score is the lower end of a Wilson interval around that share, on the readings it rests on,
so a class seen 5 times right cannot say 0.99 where one seen 40 times may say 0.95. How hard to
pull and how low to go (``pull``, ``z``) are chosen by k-fold cross-validation on the tuned part
(bench.extract), so the table is judged on documents it was not counted from.
"""

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from intake.extraction.phone import split_extension

TABLE = Path(__file__).resolve().parents[1] / "data" / "confidence.json"
# How many documents' worth of weight the parent class keeps in a class's estimate, and how many
# standard errors below its share a class's score is put; the table's own values (chosen by
# cross-validation) win over these.
PULL = 3.0
Z = 1.0
PRIOR = 0.5
FLOOR, CEILING = 0.02, 0.99

# Words that name a field just before its value, in the languages the reader supports.
_LABELS: Mapping[str, re.Pattern[str]] = {
    "badge": re.compile(
        r"badge|\bID\b|identification|matricule|shield|service (?:no|number)|employee|"
        r"dienst(?:nummer|ausweis)|placa|carn[eé]|n[°ºo]\.?\s*$|#\s*$",
        re.I,
    ),
    "phone": re.compile(
        r"\btel\b|phone|t[ée]l[ée]phone|telefon|tel[ée]fono|\bph\b|mobile|cell|direct|\bfax\b|"
        r"\bT\b|\bP\b|tfno",
        re.I,
    ),
    "agent_email": re.compile(r"e-?mail|courriel|correo|mail\s*:", re.I),
    "address": re.compile(r"address|adresse|anschrift|direcci[oó]n|domicilio|located at", re.I),
    "response_date": re.compile(
        r"\bby\b|before|no later than|on or before|due|respond|r[ée]ponse|avant le|au plus tard|"
        r"\bbis\b|sp[äa]testens|antes d|a m[aá]s tardar|deadline|return",
        re.I,
    ),
    "agent_name": re.compile(
        r"officer|agent|investigat|contact|requester|requestor|name|\bnom\b|enqu[êe]teur|"
        r"sachbearbeiter|ansprechpartner|/s/|signed|sign[ée]|gez\.|sd/-",
        re.I,
    ),
    "agency": re.compile(r"agency|department|from|on behalf of|service|autorit|beh[öo]rde", re.I),
}
_PHONE_LIKE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().-]{7,18}\d(?![\w.])")
_EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE_LIKE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}\.?\s+[A-Za-zéû]{3,10}\.?\s+\d{4}\b|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\b"
)


def filled(value: Any) -> bool:
    """Whether a field has a value: not null, empty, no, or an absent notice or emergency."""
    if isinstance(value, dict):
        return bool(value.get("present")) if "present" in value else any(value.values())
    return bool(value)


def _labelled(name: str, value: Any, text: str) -> bool:
    """Whether a label for the field stands on the value's line just before it."""
    pattern = _LABELS.get(name)
    if pattern is None or not isinstance(value, str) or not value:
        return False
    at = _where(name, value, text)
    if name == "response_date" or at < 0:
        return False if at < 0 else bool(pattern.search(text[max(0, at - 60) : at]))
    line_start = text.rfind("\n", 0, at) + 1
    before = text[max(line_start, at - 60) : at]
    if not before.strip():  # the label may stand alone on the line above
        above = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        before = text[above:line_start]
    return bool(pattern.search(before))


def _where(name: str, value: str, text: str) -> int:
    """Where the value stands in the text; a phone by its last digits, however it is spaced."""
    if name != "phone":
        return text.find(value)
    digits = re.sub(r"\D", "", split_extension(value)[0])[-7:]
    if len(digits) < 4:
        return -1
    found = re.search(r"[\s().-]*".join(digits), text)
    return found.start() if found else -1


def _candidates(name: str, text: str, fields: Mapping[str, Any]) -> int:
    if name == "phone":
        return len({re.sub(r"\D", "", m) for m in _PHONE_LIKE.findall(text)})
    if name == "agent_email":
        targets = {t.get("email") for t in fields.get("targets") or [] if isinstance(t, dict)}
        return len({e.lower() for e in _EMAIL_LIKE.findall(text)} - targets)
    if name == "response_date":
        return len(set(_DATE_LIKE.findall(text)))
    if name == "targets":
        return len(fields.get("targets") or [])
    return 0


def _cue(name: str, value: Any, text: str, fields: Mapping[str, Any], phrases: int) -> str:
    if name == "kind":
        return f"phrases{min(phrases, 2)}"
    labelled = "labelled" if _labelled(name, value, text) else "bare"
    many = _candidates(name, text, fields)
    return f"{labelled}-{'several' if many > 1 else 'one'}"


def signals(
    *, fields: Mapping[str, Any], text: str, scanned: bool, phrases: int
) -> dict[str, tuple[str, ...]]:
    """Per field, its class from the most general to the most specific."""
    text = text[:200_000]
    source = "scan" if scanned else ("en" if fields.get("language") in (None, "en") else "other")
    out = {}
    for name, value in fields.items():
        found = "found" if filled(value) else "none"
        cue = _cue(name, value, text, fields, phrases)
        out[name] = (
            name,
            f"{name}|{found}",
            f"{name}|{found}|{cue}",
            f"{name}|{found}|{cue}|{source}",
        )
    return out


@cache
def _stored(path: Path = TABLE) -> dict[str, Any]:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _table(path: Path = TABLE) -> dict[str, list[int]]:
    return _stored(path).get("counts", {})


def wilson_lower(share: float, readings: float, z: float) -> float:
    """The lower end of the Wilson score interval for ``share`` seen over ``readings``."""
    if readings <= 0 or z <= 0:
        return share
    z2 = z * z
    centre = share + z2 / (2 * readings)
    spread = z * math.sqrt(share * (1 - share) / readings + z2 / (4 * readings * readings))
    return (centre - spread) / (1 + z2 / readings)


def score(
    classes: tuple[str, ...],
    counts: Mapping[str, list[int]] | None = None,
    *,
    pull: float | None = None,
    z: float | None = None,
) -> float:
    stored = _stored() if counts is None else {}
    counts = _table() if counts is None else counts
    pull = stored.get("pull", PULL) if pull is None else pull
    z = stored.get("z", Z) if z is None else z
    estimate, weight = PRIOR, 0.0
    for key in classes:
        hits, n = counts.get(key, (0, 0))
        estimate = (hits + pull * estimate) / (n + pull)
        # The parent lends at most `pull` readings' worth of evidence to a class.
        weight = n + min(pull, weight)
    return round(min(CEILING, max(FLOOR, wilson_lower(estimate, weight, z))), 2)


def fit(samples: list[tuple[tuple[str, ...], bool]]) -> dict[str, list[int]]:
    """Counts of right readings per class, from (classes, right) pairs."""
    counts: dict[str, list[int]] = {}
    for classes, right in samples:
        for key in classes:
            hits_n = counts.setdefault(key, [0, 0])
            hits_n[0] += int(right)
            hits_n[1] += 1
    return counts
