"""Where intake looked for what it found missing (issue 16): the places of the message it read,
said so that a lawyer can judge the reading beside each proposed deficiency ("mail body,
2 attachments: subpoena.pdf, cover.docx (type not read)"). Pure but for the message's stored
attachment rows; names are the ones made safe to show at storing."""

from intake.models import Attachment, InboundMessage

# A message may carry many attachments: the sentence names at most this many.
MAX_NAMED = 10
MAX_CHARS = 1000


def _place(attachment: Attachment) -> str:
    name = " ".join((attachment.filename or "unnamed").split())[:120]
    if attachment.status != Attachment.Status.ACCEPTED:
        return f"{name} ({attachment.get_status_display().lower()}: not read)"
    kind = attachment.sniffed_type or attachment.declared_type or ""
    lowered = name.lower()
    if kind == "application/pdf" or lowered.endswith(".pdf"):
        return name
    if kind.startswith("text/") or lowered.endswith((".txt", ".htm", ".html")):
        return name
    if kind.startswith("image/"):
        return f"{name} (an image: its text not read)"
    return f"{name} (type not read)"


def looked_in(message: InboundMessage, *, body: bool = True) -> str:
    """The places read, in the message's order: the mail body (``body``: it had text) and
    each attachment, with what could not be read said beside it."""
    places = ["subject and mail body" if body else "subject (the mail has no body text)"]
    attachments = list(message.attachments.order_by("index")[: MAX_NAMED + 1])
    if attachments:
        count = message.attachments.count()
        named = [_place(a) for a in attachments[:MAX_NAMED]]
        more = f", and {count - MAX_NAMED} more" if count > MAX_NAMED else ""
        noun = "attachment" if count == 1 else "attachments"
        places.append(f"{count} {noun}: " + ", ".join(named) + more)
    else:
        places.append("no attachment")
    return ", ".join(places)[:MAX_CHARS]
