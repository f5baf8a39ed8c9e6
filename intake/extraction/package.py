"""Packages: one text that holds several documents (a prosecutor's cover letter, the subpoena or
order form, its attachment A, a certificate form, a user's consent form), split into its parts by
their headings and page breaks, and who in it asks: the person the package names as requester
with contact details (a badge, a phone, an email), not whoever signs an order, the prosecutor
who signs "for the United States Attorney", or the user who signs a consent form."""

import re
from dataclasses import dataclass

from intake.extraction.people import _NAME, NOT_AGENT, RANKS, clean_name

# A heading that opens a new document in a package, alone on its line.
_HEADING = re.compile(
    r"^[ \t]*(?:"
    r"(?P<attachment>(?:ATTACHMENT|EXHIBIT|ANNEX|SCHEDULE|ANLAGE|ANEXO|ANNEXE)[ \t]+[A-Z0-9]{1,3})|"
    r"(?P<consent>(?:USER[ \t]+|ACCOUNT[ \t]+HOLDER[ \t]+)?CONSENT\b[^\n]{0,60}|"
    r"AUTHORI[SZ]ATION[ \t]+(?:TO|FOR)[ \t]+(?:DISCLOSE|RELEASE)[^\n]{0,40})|"
    r"(?P<certificate>CERTIFICAT(?:E|ION)[ \t]+OF[^\n]{0,60}|[^\n]{0,40}CERTIFICATE[^\n]{0,30})|"
    r"(?P<form>(?:[^\n]{0,30}\b)?SUBPOENA\b[^\n]{0,50}|"
    r"[^\n]{0,40}\bSEARCH[ \t]+WARRANT\b[^\n]{0,20}|"
    r"[^\n]{0,40}\bSUMMONS\b[^\n]{0,20})|"
    r"(?P<order>(?:[^\n]{0,40}\b)?ORDER\b[^\n]{0,50}|APPLICATION[ \t]+(?:FOR|OF)\b[^\n]{0,60})"
    r")[ \t]*$",
    re.M,
)
# Printed form lines mark a page of a form too ("AO 110 (Rev. 06/09) Subpoena to ...").
_FORM_LINE = re.compile(r"^[ \t]*AO[ \t]+\d{2,3}[A-Z]?[ \t]+\(Rev\.[^\n]*$", re.M)


@dataclass(frozen=True)
class Part:
    kind: str  # "letter" (the first part), "form", "order", "attachment", "consent", "certificate"
    text: str
    start: int


def split_parts(text: str) -> list[Part]:
    """The documents of a package in order. A heading counts only in capitals (a heading, not a
    word in a sentence) and after a blank line or a page break; a text with none is one part."""
    forms = [m.start() for m in _FORM_LINE.finditer(text)]
    starts: list[tuple[int, str]] = [(s, "form") for s in forms]
    for m in _HEADING.finditer(text):
        line = m.group(0).strip()
        before = text[max(0, m.start() - 2) : m.start()]
        if line != line.upper() or not (before.endswith("\n\n") or before.endswith("\f")):
            continue
        if m.start() == 0 or any(0 <= m.start() - s < 400 for s in forms):
            continue  # a form's own heading under its form line, or the title of the whole text
        starts.append((m.start(), next(k for k, v in m.groupdict().items() if v)))
    for m in re.finditer(r"\f", text):
        if not any(abs(m.start() - s) < 400 for s, _ in starts):
            starts.append((m.start(), "page"))
    starts.sort()
    parts: list[Part] = []
    bounds = [(0, "letter"), *[(s, k) for s, k in starts if s > 0]]
    for (start, kind), (end, _) in zip(bounds, [*bounds[1:], (len(text), "")], strict=True):
        if kind == "page" and parts:  # a page break continues the part before it
            last = parts.pop()
            parts.append(Part(last.kind, text[last.start : end], last.start))
            continue
        parts.append(Part(kind, text[start:end], start))
    return parts


# "Special Agent Marcus D. Oyelaran", "Det. Owen T. Harcourt, Badge #671": a rank before a name;
# a courtesy title (Mr, Ms, Dr) is not enough to make a requester.
_CARD_NAME = re.compile(
    rf"^[ \t]*(?:(?:to|contact|the case agent|case agent)[ \t]*:?[ \t]*)?"
    rf"((?:(?:{RANKS})[ \t]+)+{_NAME})[ \t]*(?:,[^\n]*|#[ \t]*\d+[^\n]*)?$",
    re.M | re.I,
)
_COURTESY = re.compile(r"(?:Mr|Mrs|Ms|Dr|M|Mme|Sr|Sra|Dra)\.?\s", re.I)
_CONTACT = re.compile(
    r"[\w.%+-]+@[\w.-]+\.\w+|(?:\+|\()?\d[\d().\s-]{7,}\d|\b(?:Badge|Shield|Star)\b", re.I
)


@dataclass(frozen=True)
class Requester:
    name: str
    card: str  # the name's line and the lines under it, up to a blank line
    start: int


def requester(text: str) -> Requester | None:
    """The person a package names as requester with contact details, when it is a package (more
    than one part) or its signer is a prosecutor signing for the office: the first ranked name
    whose own block (the lines under it, to the next blank line) gives a phone, an email or a
    badge, outside any consent form and not a judge, prosecutor or clerk."""
    parts = split_parts(text)
    if len(parts) < 2 and not _FOR_THE_OFFICE.search(text):
        return None
    for part in parts:
        if part.kind == "consent":
            continue
        for m in _CARD_NAME.finditer(part.text):
            raw = m.group(1)
            if _COURTESY.match(raw) or NOT_AGENT.search(m.group(0)):
                continue
            name = clean_name(raw)
            if not name:
                continue
            block = part.text[m.start() :].split("\n\n", 1)[0]
            under = block.split("\n", 1)[1] if "\n" in block else ""
            if NOT_AGENT.search(under[:200]) or not _CONTACT.search(block):
                continue
            return Requester(name, block, part.start + m.start())
    return None


# A signature "for the United States Attorney", "for the District Attorney", "p.o. le Procureur".
_FOR_THE_OFFICE = re.compile(
    r"^[ \t]*(?:for|on behalf of|p\.?\s?o\.?)[ \t]+(?:the[ \t]+)?(?:United States Attorney|"
    r"District Attorney|Attorney General|U\.S\. Attorney|Procureur|Prosecutor)",
    re.M | re.I,
)

# Who signs a consent form as the account's user: "I, Priya N. Castellanos, am the owner".
_CONSENT_USER = re.compile(
    rf"\bI,[ \t]+({_NAME}),[ \t]+(?:am|being)\b|"
    rf"(?:Account[ \t]+holder|User|Subscriber|Owner)(?:'s)?[ \t]+signature[ \t]*:[ \t]*"
    rf"(?:/s/[ \t]*)?"
    rf"({_NAME})",
    re.I,
)


def consent_users(text: str) -> set[str]:
    """Surnames of the users who sign consent forms in the text: never the agent."""
    found = set()
    for part in split_parts(text):
        if part.kind != "consent":
            continue
        for m in _CONSENT_USER.finditer(part.text):
            found.add((m.group(1) or m.group(2)).split()[-1].lower())
    return found
