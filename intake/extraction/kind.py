"""Which legal process a request is: the process, not the words used (DESIGN.md)."""

import re

# A mention in one of these contexts is of process to come, not the process in hand.
_FUTURE = re.compile(
    r"to follow|will follow|forthcoming|will be (?:sought|obtained|served|issued|sent|submitted)|"
    r"(?:intend|plan|expect|anticipate)s? to (?:obtain|seek|serve|apply)|in the process of|"
    r"pending (?:the )?(?:issuance|service|receipt)|until (?:a|the|such)|being (?:sought|prepared)|"
    r"prior to (?:receiving|obtaining)|may (?:be )?(?:seek|obtain|issue)|suivra|à venir|folgt",
    re.I,
)
_FOREIGN_BASIS = re.compile(
    r"\bMLAT\b|mutual legal assistance|letters? rogatory|commission rogatoire|\bCLOUD Act\b|"
    r"Rechtshilfe|convention on cybercrime|budapest convention|entraide (?:pénale|judiciaire)",
    re.I,
)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "interception",
        re.compile(
            r"real[- ]time|live (?:access|monitoring|feed|interception|stream)|wire ?tap|"
            # not the title of Australia's Telecommunications (Interception and Access) Act
            r"\bintercept(?:ion|ing)?\b(?!\)?\s+and\s+Access)|"
            r"pen register|trap and trace|title iii|"
            r"prospective (?:collection|monitoring|data)|ongoing monitoring|"
            r"écoutes?|interception des correspondances|Telekommunikationsüberwachung|\bTKÜ\b|"
            r"§\s*100a StPO",
            re.I,
        ),
    ),
    (
        "emergency",
        re.compile(
            r"emergency disclosure|2702\s*\(b\)\s*\(8\)|2702\s*\(c\)\s*\(4\)|"
            r"exigent (?:circumstances|request)|demande urgente de divulgation|Notfall",
            re.I,
        ),
    ),
    ("international", _FOREIGN_BASIS),
    (
        "preservation_extension",
        re.compile(
            r"exten(?:d|sion)\w*\s+(?:of\s+)?(?:the\s+|our\s+|a\s+|my\s+)?(?:existing\s+|prior\s+|"
            r"previous\s+|original\s+)?(?:data\s+)?preserv|preservation extension|"
            r"(?:additional|second|further) (?:90|ninety)[- ]day|prolongation de la conservation|"
            r"Verlängerung der (?:Sicherung|Speicherung)",
            re.I,
        ),
    ),
    (
        "search_warrant",
        re.compile(
            r"search (?:and seizure )?warrant|\bwarrant\b(?!\s*(?:card|no\b|number|officer))|"
            r"mandat de perquisition|"
            r"Durchsuchungs(?:beschluss|befehl)",
            re.I,
        ),
    ),
    (
        "court_order",
        re.compile(
            r"2703\s*\(d\)|court order|production order|order (?:for|of) production|"
            r"it is (?:hereby )?ordered|\bordonnance\b|gerichtlicher Beschluss",
            re.I,
        ),
    ),
    (
        "subpoena",
        re.compile(
            r"subpoena|grand jury|\bsummons\b|2703\s*\(c\)\s*\(2\)|réquisition judiciaire", re.I
        ),
    ),
    (
        "preservation",
        re.compile(
            r"2703\s*\(f\)|\bpreserv(?:e|ation|ing)\b|conservation des données|"
            r"(?:Daten)?sicherung|Speicherung",
            re.I,
        ),
    ),
    (
        "access_restriction",
        re.compile(
            r"(?:restrict|block|remove|disable|suspend) (?:access|the account|the content)|"
            r"take ?down|geo-?block",
            re.I,
        ),
    ),
    (
        "user_consent",
        re.compile(r"(?:user|subscriber|account holder)'?s? (?:written )?consent", re.I),
    ),
    (
        "records_authentication",
        re.compile(
            r"certificat(?:e|ion) of authenticity|business records? (?:certification|declaration)",
            re.I,
        ),
    ),
]
_PROCESS = {"search_warrant", "court_order", "subpoena"}


_NEGATED = re.compile(r"\b(?:not|no|nor)\b[^.]{0,30}$", re.I)


def _present(pattern: re.Pattern[str], text: str, *, process: bool) -> list[str]:
    """The phrases a pattern found, leaving out what is denied and, for legal process, what
    is mentioned as still to come ("a subpoena will follow")."""
    found = []
    for m in pattern.finditer(text):
        around = text[max(0, m.start() - 80) : m.end() + 60]
        before = text[max(0, m.start() - 40) : m.start()]
        if (process and _FUTURE.search(around)) or _NEGATED.search(before):
            continue
        found.append(" ".join(m.group(0).split()))
    return found


def classify(
    text: str, *, subject: str = "", foreign: str | None = None
) -> tuple[str | None, list[str]]:
    """The kind and the phrases that decided it. `foreign` is the requesting country's ISO code
    when it is not the United States (a foreign government's request is `international`)."""
    if re.search(r"EMERGENCY DISCLOSURE REQUEST", subject or "", re.I):
        return "emergency", [subject.strip()]
    hits = {kind: _present(p, text, process=kind in _PROCESS) for kind, p in PATTERNS}
    for kind in ("interception", "emergency"):
        if hits[kind]:
            return kind, hits[kind][:3]
    if hits["international"] or foreign:
        why = hits["international"][:3] or [f"requesting authority in {foreign}"]
        return "international", why
    if hits["preservation_extension"]:
        return "preservation_extension", hits["preservation_extension"][:3]
    if any("2703" in phrase for phrase in hits["court_order"]):
        return "court_order", hits["court_order"][:3]
    if hits["preservation"] and not any(hits[k] for k in _PROCESS):
        return "preservation", hits["preservation"][:3]
    for kind in ("search_warrant", "court_order", "subpoena"):
        if hits[kind]:
            return kind, hits[kind][:3]
    for kind in ("preservation", "access_restriction", "user_consent", "records_authentication"):
        if hits[kind]:
            return kind, hits[kind][:3]
    return None, []
