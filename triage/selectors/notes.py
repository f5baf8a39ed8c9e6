"""The request's notes as its Notes section shows them: oldest first, each with its author,
when, and its text cut into plain parts and the mentions that reached a colleague (those are
highlighted; an ``@name`` that named nobody stays plain text)."""

from dataclasses import dataclass
from datetime import datetime

from triage.models import Event, EventKind, Request
from triage.services.notes import MENTION

NOTES_SHOWN = 200  # the newest; the record (and its export) holds them all


@dataclass(frozen=True)
class Part:
    text: str
    mention: bool


@dataclass(frozen=True)
class NoteView:
    seq: int
    author: str
    at: datetime
    parts: list[Part]
    mentioned: list[str]


def note_parts(text: str, mentioned: list[str]) -> list[Part]:
    """``text`` as plain parts and ``@name`` parts, the latter only for names in ``mentioned``
    (matched as the service matched them: exactly, else ignoring case)."""
    folded = {name.casefold() for name in mentioned}
    parts: list[Part] = []
    start = 0
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".")
        if name.casefold() not in folded:
            continue
        end = match.start(1) + len(name)
        if match.start() > start:
            parts.append(Part(text[start : match.start()], False))
        parts.append(Part(text[match.start() : end], True))
        start = end
    if start < len(text):
        parts.append(Part(text[start:], False))
    return parts


def note_list_for_request(*, request: Request) -> list[NoteView]:
    events = list(
        Event.objects.filter(request=request, action=EventKind.NOTE).order_by("-seq")[:NOTES_SHOWN]
    )
    notes = []
    for event in reversed(events):
        data = event.data if isinstance(event.data, dict) else {}
        mentioned = [str(n) for n in data.get("mentioned") or []]
        notes.append(
            NoteView(
                seq=event.seq,
                author=event.actor_name,
                at=event.at,
                parts=note_parts(event.reason, mentioned),
                mentioned=mentioned,
            )
        )
    return notes
