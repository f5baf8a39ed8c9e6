"""What intake hands over: a new request, opened with its reference, targets and first
timers and, in the same transaction, the rules' decision on it (validation.py); or a
message about a request already open, attached to its record.

Each public function is one use case, keyword-only, in one durable transaction; ``by`` is the
person acting, or None when lerq itself acts (intake, the sweep).
"""

from collections.abc import Iterable
from contextlib import nullcontext
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage import notices, rules
from triage.audit import chain_head, chain_head_held, event_append
from triage.models import Channel, DeadlineKind, Event, EventKind, Kind, Request, Target
from triage.models.conditions import INTAKE
from triage.notices.reminders import emergency_received_mail
from triage.services import eu_orders
from triage.services._core import (
    ERR_REASON_REQUIRED,
    InvalidInput,
    deadlines_set,
    matter_of,
    now,
    reference_allocate,
    require_perm,
    team_zone,
)
from triage.services.letters import letter_issue
from triage.services.response_clock import emergency_timer_list, response_timer_list
from triage.services.validation import ask_info_step, validate_step

ERR_UNKNOWN_DECISION = "Unknown decision on opening: {then}."


# What intake decided from the rules before opening (intake/opening.py decide): validated, or a
# deficiency notice naming what is missing.
VALIDATE = "validate"
ASK_INFO = "ask_info"


@transaction.atomic(durable=True)
def request_open(
    *,
    by: Any,
    kind: str,
    received_at: datetime,
    targets: Iterable[dict[str, Any]] = (),
    original: Request | None = None,
    channel: str = Channel.EMAIL,
    sender_review: dict[str, Any] | None = None,
    then: str | None = None,
    missing: list[str] | None = None,
    proposed: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Request:
    """A new request is recorded with its reference, targets and first timers.

    ``fields`` are the Request's descriptive fields (agency, agent_name, badge, …).
    ``sender_review``: what intake knows of the sender (history, flags for a closer look),
    kept in the opening event for the request page.
    ``then``: VALIDATE or ASK_INFO (with ``missing``), the rules' decision taken in the same
    transaction, with the same events in the same order as request_validate or
    request_ask_info called after it: a crash leaves the request opened and decided, or
    nothing. ASK_INFO here sends the deficiency notice with no person: intake passes it only
    when the team turned on LERQ_AUTO_DEFICIENCY.
    ``proposed``: what intake found missing ([{name, sentence}]) when a clerk decides instead:
    the request stays received with the list proposed on its page."""
    require_perm(by, INTAKE, "open a request")
    if then not in (None, VALIDATE, ASK_INFO):
        raise InvalidInput(ERR_UNKNOWN_DECISION.format(then=then))
    if then == ASK_INFO and not missing:
        raise InvalidInput(ERR_REASON_REQUIRED)
    request = Request(kind=kind, received_at=received_at, channel=channel, **fields)
    request.proposed_deficiencies = proposed_clean(proposed or [])
    if original is not None:
        request.original = original
        request.matter = matter_of(original)
    request.full_clean(exclude=["reference", "status", "notice"])
    target_rows = [Target(**t) for t in targets]
    for target in target_rows:
        target.full_clean(exclude=["request"])

    request.reference = reference_allocate(now().astimezone(team_zone()).year)
    request.save(force_insert=True)
    for target in target_rows:
        target.request = request
    Target.objects.bulk_create(target_rows)

    # The chain's lock is taken by the first event and held until commit: the decision's
    # event follows it without locking and reading the chain's head again. (A head held
    # already, by a caller's transaction, is this transaction's: it is kept.)
    with chain_head_held() if chain_head() is None else nullcontext():
        event_append(
            request=request,
            actor=by,
            action=EventKind.OPENED,
            at=now(),
            to_state=request.status,
            data={
                "kind": kind,
                "channel": channel,
                "targets": len(target_rows),
                "source_message_id": request.source_message_id,
                "original": original.reference if original else None,
                **({"sender_review": sender_review} if sender_review else {}),
                **(
                    {"proposed": request.proposed_deficiencies}
                    if request.proposed_deficiencies
                    else {}
                ),
                # Why the list waits for a person, LERQ_AUTO_DEFICIENCY on (intake/certainty.py).
                **({"unsure": request.deficiency_unsure} if request.deficiency_unsure else {}),
            },
        )
        timers = _first_timers(request)
        if request.kind == Kind.EMERGENCY or request.is_eu_emergency:
            _emergency_alert(request, timers)
        # The row was inserted by this transaction: its lock is held, it has no letter yet.
        letter_issue(
            request=request,
            kind="acknowledgement",
            by=by,
            locked=True,
            first=True,
            send=settings.LERQ_AUTO_ACKNOWLEDGE,
        )
        if then == VALIDATE:
            request = validate_step(request, by=by, held=True)
        elif then == ASK_INFO:
            due = next((t[1] for t in timers if t[0] == DeadlineKind.RESPONSE_DUE), None)
            request = ask_info_step(
                request, by=by, missing=missing or [], held=True, due=due, send=True
            )
        request = eu_orders.notice_decide(request)
    return request


def _emergency_alert(request: Request, timers: list[tuple[DeadlineKind, datetime, Any]]) -> None:
    """The team hears of an emergency on the commit that opens it, before its acknowledgement
    (whose rendering is queued after this): neither waits for the minute's send."""
    _, due, basis = next(t for t in timers if t[0] == DeadlineKind.EMERGENCY_ACK)
    emergency_received_mail(
        key=request.reference,
        label=request.reference,
        sentence="An emergency disclosure request just arrived: danger of death or serious "
        "injury is claimed. Acknowledge it and decide now.",
        due_at=due,
        basis=basis,
        kind=request.get_kind_display(),
        status=request.get_status_display(),
        agency=request.agency,
        url=settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url(),
        request=request,
    )
    notices.mail_send_on_commit()


def proposed_clean(items: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """[{name, sentence, looked}] of known deficiency names, each once, in the rules' order.
    ``looked``: where intake looked for it (kept only when given: older entries have none)."""
    by_name = {str(i.get("name")): i for i in items}
    cleaned = []
    for name in rules.NAMES:
        if name not in by_name:
            continue
        item = by_name[name]
        entry = {"name": name, "sentence": str(item.get("sentence") or "")[:1000]}
        entry["sentence"] = entry["sentence"] or rules.SENTENCES[name]
        looked = " ".join(str(item.get("looked") or "").split())[:1000]
        if looked:
            entry["looked"] = looked
        cleaned.append(entry)
    return cleaned


def _first_timers(request: Request) -> list[tuple[DeadlineKind, datetime, Any]]:
    timers: list[tuple[DeadlineKind, datetime, Any]] = []
    if request.response_due_date:
        due, basis = dl.end_of_day(
            request.response_due_date, team_zone(), "response date the agency asked for"
        )
        timers += response_timer_list(due, basis)
    if request.kind == Kind.EMERGENCY:
        timers += emergency_timer_list(
            request.received_at,
            acknowledged="emergencies are acknowledged within the hour "
            "(LERQ_EMERGENCY_ACK_MINUTES)",
            escalated="emergencies are escalated until decided (LERQ_EMERGENCY_ESCALATION_MINUTES)",
        )
    timers += eu_orders.first_timers(request)
    deadlines_set(request=request, timers=timers)
    return timers


@transaction.atomic(durable=True)
def request_message_record(
    *,
    request: Request,
    message_id: str,
    sha256: str,
    sender: str,
    subject: str,
    sender_review: dict[str, Any] | None = None,
    by: Any = None,
    note: str = "",
) -> bool:
    """A message about the request arrived (a reply, a forwarded letter): it goes on the
    record. Recording the same message again (a re-run after a crash) changes nothing.
    ``by`` is the clerk who attached it by hand (None: routing did). ``note``: why routing
    attached it when the sender is not the agency (a notified user's reply, a bounce)."""
    require_perm(by, INTAKE, "attach a message", request.reference)
    recorded = Event.objects.filter(request=request, action=EventKind.MESSAGE, data__sha256=sha256)
    if recorded.exists():
        return False
    event_append(
        request=request,
        actor=by,
        action=EventKind.MESSAGE,
        at=now(),
        reason=(f"{note}: {subject}" if note else subject)[:300],
        data={
            "message_id": message_id,
            "sha256": sha256,
            "sender": sender,
            **({"sender_review": sender_review} if sender_review else {}),
            **({"note": note} if note else {}),
        },
    )
    return True
