"""Reading a request: what it carries, as the `extract` contract in DESIGN.md names it.

`extract_document(doc)` is pure (no ORM, no network); `extract_path(path)` reads a file first.
Unknown values are None, never guessed.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from intake.extraction import (
    agency,
    badge,
    confidence,
    contact,
    eu_certificate,
    extension,
    kind,
    marks,
    notices,
    package,
    people,
    phone,
    quotes,
    targets,
)
from intake.extraction.document import Document, UnreadableDocument, read_document
from intake.extraction.pdf import REASON_SCANNED

FIELDS = (
    "kind", "agency", "agent_name", "badge", "agent_email", "phone", "address", "po_box",
    "response_date", "targets", "nondisclosure", "emergency", "language", "signed", "letterhead",
    # An addition to the contract (consumers that read the keys above are unaffected): for a
    # preservation extension, {reference, agency_reference, date} of the original preservation.
    "original_preservation",
)  # fmt: skip


@dataclass
class Extraction:
    fields: dict[str, Any]
    received_at: str | None = None
    kind_phrases: list[str] = field(default_factory=list)
    # Why the kind: each {"words": the words that decided, "part": where they stand (the mail
    # body, an attachment's name, a part of a package)}, shown to the reviewer.
    kind_evidence: list[dict[str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    overbroad: bool = False
    # Per field, 0..1: how often a reading like this one is right (intake/extraction/confidence.py).
    confidence: dict[str, float] = field(default_factory=dict)
    # Per field, the classes that confidence was looked up by (bench.extract fits on them).
    signals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What an EU certificate says: its issuing State, data categories, emergency, notification
    # of the enforcing authority and labelled fields (intake/extraction/eu_certificate.py);
    # None on any other kind.
    eu_certificate: dict[str, Any] | None = None


def _ours(doc: Document) -> set[str]:
    mailbox = getattr(settings, "LERQ_MAILBOX_ADDRESS", "").lower()
    ours = {mailbox} if mailbox else set()
    domain = mailbox.split("@")[-1] if mailbox else None
    ours |= {r for r in doc.recipients if domain and r.endswith("@" + domain)}
    if not domain:
        ours |= set(doc.recipients)
    return ours


WEBMAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "laposte.net",
        "orange.fr",
        "free.fr",
        "btinternet.com",
        "comcast.net",
    ]
)


def _colleagues(emails: list[str], sender: str | None) -> set[str]:
    """Addresses at the sender's own organisation's domain (not at a public webmail)."""
    domain = sender.split("@")[-1] if sender else None
    if not domain or domain in WEBMAIL:
        return set()
    return {e for e in emails if e.split("@")[-1] == domain}


def _parts(doc: Document) -> list[tuple[str, str]]:
    """The request's pieces, each with the name a reviewer knows it by."""
    parts = [("mail subject", doc.subject)] if doc.subject else []
    attachments = 0
    for section in doc.sections:
        if section.source == "body":
            parts.append(("mail body", section.text))
        elif section.source == "attachment":
            attachments += 1
            name = getattr(section, "name", "") or f"attachment {attachments}"
            parts.append(
                (f"attachment {name}" if name[:10] != "attachment" else name, section.text)
            )
        else:
            parts.append(("the file", section.text))
    return parts


def extract_document(doc: Document) -> Extraction:
    ours = _ours(doc)
    # Who asks is read from the agency's own words: our letters quoted in its reply are left
    # out. What is asked for (targets, the preservation to extend) may be named only in the
    # quote of our letter, and is read from everything.
    whole = doc.text
    text = quotes.their_text(doc, ours)
    letters = [s.text for s in doc.letters]
    emails = contact.find_emails(text)
    if doc.sender:
        emails = [doc.sender, *emails]
    language = contact.find_language("\n".join(s.text for s in doc.sections) or text)
    # The country shows in the sender's domain or a government address in the text; a
    # target's webmail address (hotmail.co.uk) says nothing about who asks.
    senders = [doc.sender] if doc.sender and doc.sender not in ours else []
    country = contact.find_country(
        text,
        [e for e in senders if e.split("@")[-1] not in WEBMAIL]
        + [e for e in emails if contact.GOV_HINT.search(e.split("@")[-1])],
    )
    order = contact.date_order(country, language)
    foreign = country if country and country != "US" else None
    found_kind, evidence = kind.classify(
        subject=doc.subject, foreign=foreign, language=language, parts=_parts(doc)
    )
    phrases = [item["words"] for item in evidence]
    # In a package, the requester named with contact details; their own block gives the phone
    # and badge before the rest of the text (where a prosecutor's or a clerk's may come first).
    card = package.requester(text)
    agent_name = (
        card.name
        if card
        else people.find_agent_name(text, not_agents=frozenset(package.consent_users(text)))
    )
    agent_email = (
        next((e for e in contact.find_emails(card.card) if e not in ours), None) if card else None
    )
    agent_email = agent_email or contact.find_agent_email(
        text, sender=doc.sender, ours=ours, agent_name=agent_name
    )
    anchor = text.rfind(agent_email) if agent_email and agent_email in text else None
    address, po_box = contact.find_address(text, anchor)
    response = contact.find_response_date(text, order=order, language=language)
    excluded = set(ours) | {e for e in [doc.sender, agent_email] if e}
    excluded |= _colleagues(emails, doc.sender)
    found_targets = targets.find_targets(
        whole, excluded_emails=excluded, relay_ips=doc.relay_ips, order=order
    )
    # The agent's own contact block is where their e-mail and name stand; a number the request
    # is about (a messenger account) is never the agent's.
    agent_marks = [agent_email or "", *(agent_name.split()[-1:] if agent_name else [])]
    asked_about = [str(v) for t in found_targets for v in t.values() if v]
    # A digital signature that no longer validates means the document was altered after it
    # was signed: a typed signature block in it proves nothing either.
    typed = marks.find_signed(text) and not doc.signature_broken
    signed = (doc.digitally_signed or typed) and not doc.scanned
    fields = {
        "kind": found_kind,
        "agency": agency.find_agency(
            text,
            letters,
            agent_name,
            tuple(s.text for s in doc.sections if not s.is_letter),
            sender_name=doc.sender_name,
        ),
        "agent_name": agent_name,
        "badge": (card and badge.find_badge(card.card)) or badge.find_badge(text),
        "agent_email": agent_email,
        "phone": (card and phone.find_phone(card.card, not_numbers=asked_about))
        or phone.find_phone(text, agent=agent_marks, not_numbers=asked_about),
        "address": address,
        "po_box": po_box,
        "response_date": response.isoformat() if response else None,
        "targets": found_targets,
        "nondisclosure": notices.find_nondisclosure(text, order=order, language=language),
        "emergency": notices.find_emergency(text, kind=found_kind),
        "language": language,
        "signed": bool(signed),
        "letterhead": marks.find_letterhead(
            letters, bodies=[s.text for s in doc.sections if not s.is_letter]
        ),
        "original_preservation": extension.find_original(whole, kind=found_kind, order=order),
    }
    eu = eu_certificate.read(whole, kind=found_kind)
    fields.update(eu_certificate.contract_fields(eu, fields))
    reasons = list(doc.reasons)
    if doc.scanned and not any(REASON_SCANNED in r for r in reasons):
        reasons.append(REASON_SCANNED)
    classes = confidence.signals(
        fields=fields, text=text, scanned=doc.scanned, phrases=len(phrases)
    )
    return Extraction(
        fields=fields,
        confidence={name: confidence.score(c) for name, c in classes.items()},
        signals=classes,
        received_at=doc.received_at.isoformat() if doc.received_at else None,
        kind_phrases=phrases,
        kind_evidence=evidence,
        eu_certificate=eu,
        reasons=reasons,
        overbroad=targets.is_overbroad(whole) and not found_targets,
    )


def extract_path(path: Path) -> Extraction:
    """Raises UnreadableDocument only when the file cannot be read from disk; a broken file
    gives an Extraction of nulls whose ``reasons`` say what went wrong."""
    return extract_document(read_document(Path(path)))


__all__ = ["FIELDS", "Extraction", "UnreadableDocument", "extract_document", "extract_path"]
