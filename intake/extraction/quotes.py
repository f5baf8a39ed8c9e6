"""Our own letters quoted back in an agency's reply: not the agency's words.

An agency answering a deficiency notice often quotes it: "> " lines, an "On … wrote:" /
"Le … a écrit :" / "Am … schrieb …:" block, or an Outlook "-----Original Message-----" header
block. What our letter says (our address, our phone, the items we asked for, our signature)
must not be read as the agency's agency, agent, badge, phone or address. A quoted block is
ours when it names our mailbox or carries a lerq reference (LER-YYYY-NNNNNN) in its quoted
header or text; anything else quoted (an agency's own earlier mail, a clerk forwarding the
agency's request) is kept, since it is the agency's.
"""

import re
from collections.abc import Iterable

from intake.extraction.document import Document

# Same shape as intake.routing.REFERENCE (extraction does not import routing).
REFERENCE = re.compile(r"\bLER-\d{4}-\d{6}\b")
# Where a quoted message begins, in the words mail programs write in several languages.
_INTRO = re.compile(
    r"^[ \t]*(?:"
    r"(?:On|Le|Am|El|Em|Il|Op|W dniu)\b[^\n]{0,200}(?:\n[^\n]{0,200})?"
    r"(?:wrote|a écrit|schrieb|escribió|escreveu|ha scritto|schreef|napisał)[^\n:]{0,40}:"
    r"|-{2,}[ \t]*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|"
    r"Mensaje original|Messaggio originale|Mensagem original|Oorspronkelijk bericht)[ \t]*-{2,}"
    r"|(?:From|De|Von|Da|Van)[ \t]*:[^\n]*\n[ \t]*(?:Sent|Date|Envoyé|Gesendet|Enviado|Inviato|"
    r"Verzonden)[ \t]*:"
    r")[^\n]*$",
    re.M | re.I,
)
_QUOTED_LINES = re.compile(r"(?:^[ \t]*>[^\n]*(?:\n|$))+", re.M)


def _ours(block: str, mailboxes: Iterable[str]) -> bool:
    lowered = block.lower()
    return bool(REFERENCE.search(block)) or any(m and m.lower() in lowered for m in mailboxes)


def without_our_letters(body: str, mailboxes: Iterable[str]) -> str:
    """``body`` less the parts that quote our own letters."""
    mailboxes = list(mailboxes)
    intro = _INTRO.search(body)
    if intro and _ours(body[intro.start() :], mailboxes):
        # A reply puts its own words first; everything under the intro is the quoted mail.
        body = body[: intro.start()].rstrip() + "\n"
    return _QUOTED_LINES.sub(
        lambda m: "" if _ours(m.group(0), mailboxes) else m.group(0),
        body,
    )


def their_text(doc: Document, mailboxes: Iterable[str]) -> str:
    """What a person reads (as ``Document.text``), with our letters quoted in a mail body left
    out; attachments are the agency's own documents and are kept whole."""
    mailboxes = list(mailboxes)
    parts = [f"Subject: {doc.subject}"] if doc.subject else []
    parts += [
        without_our_letters(s.text, mailboxes) if s.source == "body" else s.text
        for s in doc.sections
    ]
    return "\n\n".join(parts)
