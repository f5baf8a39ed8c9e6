"""The "needs routing" queue: mail from verified government senders that matched no request
and opened none (outcome ``held``), and what a clerk does with it. Why routing held it in the
first place is decided in intake/holding.py.

- ``held_attach``: the message goes on a request's record as a reply would (and a request
  waiting for the agency's answer goes back to received);
- ``held_open``: a new request, through routing's own path (request_open, then the rules:
  validated or a deficiency notice);
- ``held_dismiss``: not a request; kept, with the clerk's reason.

Idempotent against a double click by database state: a conditional update claims the held
message, and the second click finds it claimed or no longer held. The services called are
idempotent themselves (a message recorded once per SHA-256, a request once per source hash),
so a crash half-way is finished by doing the action again after STALE_CLAIM.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from intake import certainty
from intake.attachments import attachments_store
from intake.display import excerpt
from intake.extraction.document import UnreadableDocument
from intake.held_clock import held_clock_stop, open_timers
from intake.models import HeldDeadline, InboundMessage, Outcome
from intake.opening import EMERGENCY_SUBJECT, decide
from intake.outcome import finish
from intake.parsing import parse_message
from intake.reading import extract
from intake.senders import SenderCheck
from intake.store import STALE_CLAIM
from intake.targets import targets_accepted
from intake.threads import reply_record
from triage import services
from triage.models import Kind, Request
from triage.models.choices import OPEN_STATUSES

# A reference as people mistype it: "LER 2026 123", "ler-2026-000123".
LOOSE_REFERENCE = re.compile(r"\bLER[\s_-]?(\d{4})[\s_-]?(\d{1,6})\b", re.I)
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|tr|aw|wg)\s*:\s*)+", re.I)
MAX_SIMILAR = 200  # recent open requests compared by subject
SHOWN = 2
INTAKE = "triage.intake_request"

ERR_NOT_HELD = "This message is no longer waiting for routing: it was {outcome}."
ERR_BEING_ROUTED = "Someone is routing this message right now; reload in a moment."
ERR_NO_REQUEST = "There is no request {reference}."
ERR_UNREADABLE = "The message cannot be read as a request ({why}): attach or dismiss it."
ERR_CANNOT_OPEN = "A request cannot be opened from this message: {why}"
ERR_NO_KIND = "The kind of request could not be recognised in the message: choose it."
ERR_SENDER_UNDECIDED = (
    "{domain} is not on the government list: decide first whether it is a government's."
)
DONE_ATTACHED = "The message is now on the record of {reference}."
DONE_OPENED = "{reference} opened from the message ({status})."
DONE_DISMISSED = "The message was dismissed as not a request."
NOTE_ATTACHED = "Attached to {reference} by {user} from the needs-routing queue."
NOTE_OPENED = "Opened as a new request by {user} from the needs-routing queue."
NOTE_DISMISSED = "Dismissed as not a request by {user}: {reason}"


class NotHeld(Exception):
    """The message is not (or no longer) in the queue, or someone else is routing it."""


@dataclass
class Done:
    sentence: str
    request: Request | None = None


@dataclass
class Candidate:
    request: Request
    score: float
    why: list[str] = field(default_factory=list)


# --- the queue ----------------------------------------------------------------------------------


def held_list() -> QuerySet[InboundMessage]:
    """Emergencies first (a message with an emergency clock, oldest first: it has waited
    longest), then the rest, newest first."""
    clock = HeldDeadline.objects.filter(message=OuterRef("pk"))
    return (
        InboundMessage.objects.filter(outcome=Outcome.HELD)
        .annotate(emergency=Exists(clock))
        .order_by(
            "-emergency",
            Case(When(emergency=True, then=F("received_at"))).asc(nulls_last=True),
            "-received_at",
            "-pk",
        )
        .prefetch_related("attachments", Prefetch("held_deadlines", queryset=open_timers()))
    )


def _address(sender: str) -> str:
    return parseaddr(sender)[1].lower()


def _domain(address: str) -> str:
    return address.rpartition("@")[2]


def _subject(value: str) -> str:
    return _REPLY_PREFIX.sub("", value or "").strip().lower()


def _references(text: str) -> set[str]:
    return {f"LER-{y}-{int(n):06d}" for y, n in LOOSE_REFERENCE.findall(text)}


def held_rows(messages: list[InboundMessage]) -> list[dict[str, Any]]:
    """Each held message with a few words of its body and its most likely requests.

    Three queries for the whole page: requests named in the messages, open requests from the
    senders' domains, and the most recent open requests (compared by subject)."""
    texts = {m.pk: f"{m.subject}\n{excerpt(bytes(m.raw), 5000)}" for m in messages}
    named = set().union(*(_references(t) for t in texts.values())) if texts else set()
    domains = {_domain(_address(m.sender)) for m in messages} - {""}
    pool: dict[int, Request] = {}
    if named:
        pool |= {r.pk: r for r in Request.objects.filter(reference__in=named)}
    if domains:
        query = Q()
        for domain in domains:
            query |= Q(agent_email__iendswith="@" + domain)
        pool |= {r.pk: r for r in Request.objects.filter(query, status__in=OPEN_STATUSES)[:500]}
    recent = Request.objects.filter(status__in=OPEN_STATUSES).order_by("-received_at")
    pool |= {r.pk: r for r in recent[:MAX_SIMILAR]}
    return [
        {
            "message": m,
            "excerpt": " ".join(texts[m.pk].partition("\n")[2].split())[:240],
            "candidates": _candidates(m, texts[m.pk], pool.values())[:SHOWN],
            # The next timer of an emergency's clock (the list prefetched the open ones).
            "clock": next(iter(m.held_deadlines.all()), None),
        }
        for m in messages
    ]


def _candidates(message: InboundMessage, text: str, pool: Any) -> list[Candidate]:
    address = _address(message.sender)
    domain = _domain(address)
    named = _references(text)
    subject = _subject(message.subject)
    found = []
    for request in pool:
        score, why = 0.0, []
        if request.reference in named:
            score, why = score + 100, [*why, "its reference is in the message"]
        if address and request.agent_email.lower() == address:
            score, why = score + 40, [*why, "same sender"]
        elif domain and request.agent_email.lower().endswith("@" + domain):
            score, why = score + 15, [*why, "same sender domain"]
        if subject and request.subject:
            ratio = difflib.SequenceMatcher(None, subject, _subject(request.subject)).ratio()
            if ratio >= 0.6:
                score, why = score + 30 * ratio, [*why, f"similar subject ({ratio:.0%})"]
        if score >= 15 and (request.status in OPEN_STATUSES or request.reference in named):
            found.append(Candidate(request, score, why))
    return sorted(found, key=lambda c: (-c.score, -c.request.received_at.timestamp()))


# --- the actions --------------------------------------------------------------------------------


def claim(message: InboundMessage) -> None:
    """Take the held message for this action, or raise NotHeld (a double click lands here)."""
    now = timezone.now()
    won = (
        InboundMessage.objects.filter(pk=message.pk, outcome=Outcome.HELD)
        .filter(
            Q(routing_started_at__isnull=True)
            | Q(routing_started_at__lte=F("routed_at"))  # ingest's own claim, finished
            | Q(routing_started_at__lt=now - STALE_CLAIM)
        )
        .update(routing_started_at=now)
    )
    if won != 1:
        message.refresh_from_db()
        if message.outcome != Outcome.HELD:
            raise NotHeld(ERR_NOT_HELD.format(outcome=message.get_outcome_display().lower()))
        raise NotHeld(ERR_BEING_ROUTED)
    message.refresh_from_db()


def release(message: InboundMessage) -> None:
    InboundMessage.objects.filter(pk=message.pk, outcome=Outcome.HELD).update(
        routing_started_at=None
    )


def _claimed(action: Any) -> Any:
    def run(*, message: InboundMessage, by: Any, **kwargs: Any) -> Done:
        claim(message)
        try:
            if message.unlisted_domain:  # the sender is decided first (intake/unlisted.py)
                raise NotHeld(ERR_SENDER_UNDECIDED.format(domain=message.unlisted_domain))
            done = action(message=message, by=by, **kwargs)
        except BaseException:
            release(message)
            raise
        # A person decided: an emergency's clock stops. (Were lerq to stop just before this,
        # the sweep skips the timers of a message that is no longer held.)
        held_clock_stop(message=message)
        return done

    run.__doc__ = action.__doc__
    run.__name__ = action.__name__
    return run


@_claimed
def held_attach(*, message: InboundMessage, by: Any, reference: str) -> Done:
    """On the request's record as routing records a reply; a needs_info request is answered."""
    request = Request.objects.filter(reference=reference).first()
    if request is None:
        raise NotHeld(ERR_NO_REQUEST.format(reference=reference))
    request = reply_record(message, request, by=by)
    note = NOTE_ATTACHED.format(reference=request.reference, user=by.get_username())
    finish(
        message,
        Outcome.ATTACHED,
        request=request,
        reasons=[*message.reasons, note],
        sender=_address(message.sender) or None,  # the sender's history counts it as attached
    )
    return Done(DONE_ATTACHED.format(reference=request.reference), request)


@_claimed
def held_open(*, message: InboundMessage, by: Any, kind: str | None = None) -> Done:
    """A new request from the message, as routing opens one: request_open, then the rules."""
    parsed = parse_message(bytes(message.raw))
    try:
        # Its attachments were stored when it was held: read from there, not decoded again.
        extraction = extract(parsed, attachments_store(message, parsed.tree))
    except UnreadableDocument as error:
        raise NotHeld(ERR_UNREADABLE.format(why=error)) from error
    fields = extraction.fields
    # The kind the clerk chose, or our own rules' (the subject line, a claimed danger), is
    # not the reader's: read as sure.
    given = ["kind"] if kind or not fields.get("kind") else []
    if not kind and EMERGENCY_SUBJECT.search(parsed.subject):
        kind = Kind.EMERGENCY
    kind = kind or fields.get("kind")
    if not kind and (fields.get("emergency") or {}).get("present"):
        kind = Kind.EMERGENCY  # it claims a danger of death or serious injury
    if not kind:
        raise NotHeld(ERR_NO_KIND)
    reasons = [*message.reasons, NOTE_OPENED.format(user=by.get_username()), *extraction.reasons]
    # A crash after request_open and before the message was marked: finish that request.
    request = Request.objects.filter(source_sha256=message.sha256).first()
    if request is None:
        targets, dropped = targets_accepted(fields.get("targets") or [])
        reasons += dropped
        check = SenderCheck(ok=True, address=_address(message.sender) or None)
        try:
            request = services.request_open(
                by=by,
                kind=kind,
                received_at=message.received_at,
                targets=targets,
                **certainty.request_fields(extraction, parsed, message, check, given=given),
            )
        except ValidationError as error:
            raise NotHeld(ERR_CANNOT_OPEN.format(why="; ".join(error.messages))) from error
    InboundMessage.objects.filter(pk=message.pk).update(request=request)
    message.request = request
    sender = (_address(message.sender) or None, request.agency)
    decide(message, request, extraction, reasons, sender)
    request.refresh_from_db()
    status = request.get_status_display().lower()
    return Done(DONE_OPENED.format(reference=request.reference, status=status), request)


@_claimed
def held_dismiss(*, message: InboundMessage, by: Any, reason: str) -> Done:
    """Not a request: kept as it is, its outcome and the clerk's reason recorded."""
    if not by.has_perm(INTAKE):
        raise PermissionDenied
    note = NOTE_DISMISSED.format(user=by.get_username(), reason=" ".join(reason.split()))
    finish(
        message,
        Outcome.DISMISSED,
        reasons=[*message.reasons, note],
        sender=_address(message.sender) or None,
    )
    return Done(DONE_DISMISSED)
