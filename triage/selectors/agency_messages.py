"""The conversation with the agency as the request page shows it: what the agency wrote (the
opening message and the replies on the record) and what we wrote (messages sent or discarded,
letters sent), in time order, and the drafts waiting for a second person.

Inbound messages are read from the record (their Event: sender, subject, Message-ID), not from
intake (triage never imports intake); their text is in the Messages section above.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from triage.models import (
    AgencyMessage,
    AgencyMessageStatus,
    Event,
    EventKind,
    Letter,
    LetterStatus,
    Request,
)


@dataclass(frozen=True)
class ThreadItem:
    at: datetime
    direction: str  # "in" (from the agency or anyone who wrote about the request) or "out"
    who: str
    subject: str
    note: str = ""  # why an inbound message was attached though not shown to be the agency's
    message: AgencyMessage | None = None
    letter: Letter | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def agency_thread_for_request(*, request: Request) -> tuple[list[ThreadItem], list[AgencyMessage]]:
    """(the conversation, oldest first; the drafts waiting, oldest first)."""
    items: list[ThreadItem] = []
    if request.source_message_id or request.source_sha256:
        sender = request.sender_address or request.agent_email or request.agency
        items.append(ThreadItem(request.received_at, "in", sender, request.subject))
    received = Event.objects.filter(request=request, action=EventKind.MESSAGE).order_by("seq")
    for event in received:
        data = event.data if isinstance(event.data, dict) else {}
        note = str(data.get("note") or "")
        subject = event.reason.removeprefix(f"{note}: ") if note else event.reason
        items.append(ThreadItem(event.at, "in", str(data.get("sender") or ""), subject, note))
    written = AgencyMessage.objects.filter(request=request).select_related(
        "author", "sent_by", "discarded_by"
    )
    drafts = []
    for message in written:
        if message.status == AgencyMessageStatus.DRAFT:
            drafts.append(message)
            continue
        at = message.sent_at or message.discarded_at or message.created_at
        items.append(ThreadItem(at, "out", ", ".join(message.to), message.title, message=message))
    for letter in Letter.objects.filter(request=request, status=LetterStatus.SENT):
        name = f"{letter.get_kind_display()} (letter no. {letter.sequence})"
        at = letter.sent_at or letter.created_at
        items.append(ThreadItem(at, "out", "", name, letter=letter))
    items.sort(key=lambda item: item.at)
    return items, drafts
