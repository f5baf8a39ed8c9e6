"""The request's record as a file note: each Event as one sentence saying who did what to
what (assigned to whom, which letter to which address, which fields from what to what, an
approval and its memo), with the Event's full data kept for a disclosure triangle.

``SENTENCES`` maps an EventKind to a formatter; a kind without one keeps the page's generic
line (its label, states and reason). A formatter gets the Event and the letters the record
names (one query for the page) and returns plain text: the template escapes it.
"""

import json
from collections.abc import Callable
from typing import Any

from triage.models import Event, EventKind, Letter, LetterKind
from triage.models.choices import Kind
from triage.models.eu_order import RefusalGround

LETTER_KINDS = dict(LetterKind.choices)
VALUE_SHOWN = 200  # characters of one field's value in a sentence (the data holds it all)

Letters = dict[int, Letter]
Formatter = Callable[[Event, Letters], str]


def _who(event: Event) -> str:
    return "lerq" if event.actor_id is None or event.actor_name == "system" else event.actor_name


def _value(value: Any) -> str:
    if value in (None, "", [], {}):
        return "(empty)"
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, ""))
    elif isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return f"“{text[:VALUE_SHOWN]}{'…' if len(text) > VALUE_SHOWN else ''}”"


def _letter(event: Event, letters: Letters) -> str:
    data = event.data or {}
    letter = letters.get(data.get("letter")) if isinstance(data.get("letter"), int) else None
    kind = data.get("kind") or (letter.kind if letter is not None else "")
    sequence = data.get("sequence") or (letter.sequence if letter is not None else None)
    name = LETTER_KINDS.get(kind, "letter")
    return f"the {name.lower()}" + (f" (no. {sequence})" if sequence else "")


def _assigned(event: Event, letters: Letters) -> str:
    before, after = event.data.get("from"), event.data.get("to")
    if after is None:
        return f"{_who(event)} gave the request back to the team (it was {before}'s)"
    was = f" (it was {before}'s)" if before else ""
    return f"{_who(event)} assigned the request to {after}{was}"


def _changes(event: Event, letters: Letters) -> str:
    changes = event.data.get("changes") or {}
    parts = [
        f"{name.replace('_', ' ')} from {_value(ch.get('from'))} to {_value(ch.get('to'))}"
        for name, ch in changes.items()
        if isinstance(ch, dict)
    ]
    what = "; ".join(parts) or "nothing"
    return f"{_who(event)} corrected {what}"


def _targets(event: Event, letters: Letters) -> str:
    change = (event.data.get("changes") or {}).get("targets") or {}
    before, after = change.get("from"), change.get("to")
    if not before:
        return f"{_who(event)} added the target {_value(after)}"
    if not after:
        return f"{_who(event)} removed the target {_value(before)}"
    return f"{_who(event)} corrected the target from {_value(before)} to {_value(after)}"


def _letter_sent(event: Event, letters: Letters) -> str:
    to = event.data.get("to") or []
    where = ", ".join(str(a) for a in to) if isinstance(to, list) and to else "the agency"
    return f"lerq sent {_letter(event, letters)} to {where}"


def _letter_issued(event: Event, letters: Letters) -> str:
    again = " again" if event.data.get("again") else ""
    return f"{_who(event)} issued {_letter(event, letters)}{again}"


def _paragraph(event: Event) -> str:
    text = str(event.data.get("paragraph") or "")
    return f", with the paragraph {_value(text[:300])}" if text else ""


def _letter_released(event: Event, letters: Letters) -> str:
    return f"{_who(event)} read {_letter(event, letters)} and sent it{_paragraph(event)}"


def _letter_rendered(event: Event, letters: Letters) -> str:
    digest = str(event.data.get("sha256") or "")[:12]
    return f"lerq rendered and signed {_letter(event, letters)} (SHA-256 {digest}…)"


def _letter_failed(event: Event, letters: Letters) -> str:
    attempt = event.data.get("attempt")
    return f"lerq could not make {_letter(event, letters)} (attempt {attempt})"


def _letter_edited(event: Event, letters: Letters) -> str:
    return f"{_who(event)} edited the paragraph of {_letter(event, letters)}{_paragraph(event)}"


def _asked(event: Event, letters: Letters) -> str:
    return f"{_who(event)} asked a second person to approve the disclosure"


def _approved(event: Event, letters: Letters) -> str:
    asked = event.data.get("asked_by")
    digest = str(event.data.get("package_sha256") or "")[:12]
    package = event.data.get("package") or {}
    production = package.get("production") if isinstance(package, dict) else None
    records = len(production.get("records") or []) if isinstance(production, dict) else 0
    to = ", ".join(package.get("destination") or []) if isinstance(package, dict) else ""
    text = f"{_who(event)} approved the disclosure package {digest}…"
    text += f" ({records} record{'s' if records != 1 else ''}"
    text += f", to {to})" if to else ")"
    return text + (f", asked by {asked}" if asked else "")


def _withdrawn(event: Event, letters: Letters) -> str:
    if event.data.get("automatic"):
        return f"lerq withdrew the approval: the approved package changed ({event.data['cause']})"
    return f"{_who(event)} withdrew the approval"


def _destination(event: Event, letters: Letters) -> str:
    return f"{_who(event)} decided that the disclosure goes to {event.data.get('to')}"


def _kind(event: Event, letters: Letters) -> str:
    kinds = dict(Kind.choices)
    change = (event.data.get("changes") or {}).get("kind") or {}
    before = kinds.get(change.get("from"), change.get("from"))
    after = kinds.get(change.get("to"), change.get("to"))
    return f"{_who(event)} corrected the kind of legal process from {before} to {after}"


def _note(event: Event, letters: Letters) -> str:
    mentioned = [str(name) for name in event.data.get("mentioned") or []]
    if not mentioned:
        return f"{_who(event)} wrote a note"
    names = (
        ", ".join(mentioned[:-1]) + " and " + mentioned[-1] if len(mentioned) > 1 else mentioned[0]
    )
    return f"{_who(event)} wrote a note, mentioning {names}"


def _agency_drafted(event: Event, letters: Letters) -> str:
    return f"{_who(event)} wrote to the agency: {_value(event.data.get('title'))}"


def _agency_sent(event: Event, letters: Letters) -> str:
    to = ", ".join(str(a) for a in event.data.get("to") or []) or "the agency"
    title, author = _value(event.data.get("title")), event.data.get("author")
    by = f" (written by {author})" if author else ""
    return f"{_who(event)} sent the message {title}{by} to {to}"


def _agency_discarded(event: Event, letters: Letters) -> str:
    return f"{_who(event)} discarded the message {_value(event.data.get('title'))} to the agency"


def _enforcing_no_grounds(event: Event, letters: Letters) -> str:
    data = event.data or {}
    by = f", at the latest by {data['produce_by'][:16]}" if data.get("produce_by") else ""
    return (
        f"{_who(event)} recorded that the enforcing authority raises no ground for refusal "
        f"(received {str(data.get('confirmed_at', ''))[:16]}): the data may go out now{by} "
        f"({data.get('article', 'Regulation (EU) 2023/1543, Article 10(2)')})"
    )


def _enforcing_refused(event: Event, letters: Letters) -> str:
    data = event.data or {}
    grounds = ", ".join(str(RefusalGround(g).label) for g in data.get("grounds", []))
    return (
        f"{_who(event)} recorded that the enforcing authority raised a ground for refusal "
        f"({grounds}): {data.get('then', '')} ({data.get('article', '')})"
    )


def _eu_withdrawn(event: Event, letters: Letters) -> str:
    data = event.data or {}
    why = (
        "after the enforcing authority's ground for refusal"
        if data.get("after_refusal")
        else "before production"
    )
    ends = " and the hold ends" if data.get("hold_released") else ""
    return (
        f"{_who(event)} recorded that the issuing authority withdrew the order {why} (received "
        f"{str(data.get('received_at', ''))[:16]}): nothing is produced{ends}, the request is "
        f"closed ({data.get('article', '')})"
    )


SENTENCES: dict[str, Formatter] = {
    EventKind.EU_WITHDRAWN: _eu_withdrawn,
    EventKind.EU_ENFORCING_NO_GROUNDS: _enforcing_no_grounds,
    EventKind.EU_ENFORCING_REFUSED: _enforcing_refused,
    EventKind.ASSIGNED: _assigned,
    EventKind.FIELDS_CHANGED: _changes,
    EventKind.TARGETS_CORRECTED: _targets,
    EventKind.KIND_CORRECTED: _kind,
    EventKind.LETTER_SENT: _letter_sent,
    EventKind.LETTER_ISSUED: _letter_issued,
    EventKind.LETTER_RELEASED: _letter_released,
    EventKind.LETTER_RENDERED: _letter_rendered,
    EventKind.LETTER_FAILED: _letter_failed,
    EventKind.LETTER_EDITED: _letter_edited,
    EventKind.SUBMIT_FOR_APPROVAL: _asked,
    EventKind.APPROVE: _approved,
    EventKind.WITHDRAW_APPROVAL: _withdrawn,
    EventKind.DESTINATION_SET: _destination,
    EventKind.NOTE: _note,
    EventKind.AGENCY_MESSAGE_DRAFTED: _agency_drafted,
    EventKind.AGENCY_MESSAGE_SENT: _agency_sent,
    EventKind.AGENCY_MESSAGE_DISCARDED: _agency_discarded,
}
# What the reason of these kinds is called in the sentence's line.
REASON_LABELS = {EventKind.APPROVE: "Memo", EventKind.WITHDRAW_APPROVAL: "Why"}


def event_sentences(events: list[Event]) -> list[Event]:
    """``events`` with ``sentence`` (None: no formatter, the page's generic line),
    ``reason_label`` and ``details`` (the full data, pretty JSON) set on each."""
    ids = {
        e.data["letter"]
        for e in events
        if e.action in SENTENCES
        and isinstance(e.data, dict)
        and isinstance(e.data.get("letter"), int)
    }
    letters = {letter.pk: letter for letter in Letter.objects.filter(pk__in=ids)} if ids else {}
    for event in events:
        formatter = SENTENCES.get(event.action)
        data = event.data if isinstance(event.data, dict) else {}
        try:
            event.sentence = formatter(event, letters) if formatter is not None else None
        except (AttributeError, KeyError, TypeError, ValueError):
            event.sentence = None  # data of an older shape: the generic line says it
        event.reason_label = REASON_LABELS.get(event.action, "")
        event.details = json.dumps(data, indent=2, sort_keys=True, default=str, ensure_ascii=False)
    return events
