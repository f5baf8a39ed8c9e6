"""Use cases on a request's main line: open, validate, review, approve, disclose, reject, close.

Each public function is one use case, keyword-only, in one durable transaction; ``by`` is the
person acting, or None when lerq itself acts (intake, the sweep).
"""

from collections.abc import Iterable
from contextlib import nullcontext
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage import notices, rules
from triage.audit import chain_head, chain_head_held, event_append
from triage.channels import channel_for
from triage.models import (
    Channel,
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Kind,
    Matter,
    RejectionReason,
    Request,
    Target,
)
from triage.models.choices import EU_ORDER_KINDS
from triage.models.conditions import INTAKE
from triage.services import eu_orders
from triage.services._core import (
    InvalidInput,
    RequestChanged,
    TransitionRefused,
    act,
    after_commit,
    deadline_set,
    deadlines_cancel,
    deadlines_set,
    lock,
    matter_of,
    now,
    reference_allocate,
    require_perm,
    retention_timer_set,
    team_holidays,
    team_zone,
)
from triage.services.approval import (
    ERR_PACKAGE_MOVED,
    approval_binding,
    disclosure_refusal,
    emergency_undecided,
)
from triage.services.letters import letter_issue
from triage.services.notices import emergency_notice_timer_set
from triage.services.readings import rules_hold

REMINDER_HOUR = 9  # team time

# The approver's memo (what they checked) goes on the approve Event, as its reason.
MEMO_MAX = 2000
ERR_MEMO_TOO_LONG = "The memo is longer than {limit} characters: say it more briefly."
ERR_REASON_REQUIRED = "Say why: this action needs a reason that will be on the record."
ERR_NO_REJECTION_CODE = "Pick at least one rejection reason."
ERR_UNKNOWN_CODE = "Unknown rejection reason: {code}."
ERR_INTERCEPTION_CODE = "An interception demand is rejected with the reason no_capability."
ERR_OTHER_NEEDS_TEXT = "The reason “other” needs an explanation."
ERR_UNKNOWN_DECISION = "Unknown decision on opening: {then}."
ERR_NOT_ASSIGNABLE = "{user} cannot be assigned requests: not an active member of the legal team."

_EMERGENCY_TIMERS = [DeadlineKind.EMERGENCY_ACK, DeadlineKind.EMERGENCY_ESCALATION]
# Timers that stop mattering once a decision is taken on the request.
_DECISION_TIMERS = [
    DeadlineKind.OBJECTION_WINDOW_END,
    DeadlineKind.RESPONSE_DUE,
    DeadlineKind.RESPONSE_REMINDER,
    DeadlineKind.EMERGENCY_ACK,
    DeadlineKind.EMERGENCY_ESCALATION,
]


def _required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(ERR_REASON_REQUIRED)
    return reason


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
            request = _validate(request, by=by, held=True)
        elif then == ASK_INFO:
            due = next((t[1] for t in timers if t[0] == DeadlineKind.RESPONSE_DUE), None)
            request = _ask_info(
                request, by=by, missing=missing or [], held=True, due=due, send=True
            )
        request = eu_orders.notice_decide(request)
    return request


def _emergency_alert(request: Request, timers: list[tuple[DeadlineKind, datetime, Any]]) -> None:
    """The team hears of an emergency on the commit that opens it, before its acknowledgement
    (whose rendering is queued after this): neither waits for the minute's send."""
    _, due, basis = next(t for t in timers if t[0] == DeadlineKind.EMERGENCY_ACK)
    notices.emergency_received_mail(
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
        timers += _response_timer_list(due, basis)
    if request.kind == Kind.EMERGENCY:
        due, basis = dl.add_minutes(
            request.received_at,
            settings.LERQ_EMERGENCY_ACK_MINUTES,
            "emergencies are acknowledged within the hour (LERQ_EMERGENCY_ACK_MINUTES)",
        )
        timers.append((DeadlineKind.EMERGENCY_ACK, due, basis))
        due, basis = dl.add_minutes(
            request.received_at,
            settings.LERQ_EMERGENCY_ESCALATION_MINUTES,
            "emergencies are escalated until decided (LERQ_EMERGENCY_ESCALATION_MINUTES)",
        )
        timers.append((DeadlineKind.EMERGENCY_ESCALATION, due, basis))
    timers += eu_orders.first_timers(request)
    deadlines_set(request=request, timers=timers)
    return timers


def _response_timers(request: Request, due: datetime, basis: dict[str, Any]) -> None:
    """The response due date and its reminders (7 and 2 days before, on working days)."""
    deadlines_set(request=request, timers=_response_timer_list(due, basis))


def _response_timer_list(
    due: datetime, basis: dict[str, Any]
) -> list[tuple[DeadlineKind, datetime, dict[str, Any]]]:
    timers = [(DeadlineKind.RESPONSE_DUE, due, basis)]
    # Reminders reach people in the morning, not at the minute the due date ends.
    morning = datetime.combine(
        due.astimezone(team_zone()).date(), time(REMINDER_HOUR), tzinfo=team_zone()
    )
    for days_before in settings.LERQ_RESPONSE_REMINDER_DAYS:
        at, rbasis = dl.reminder_before(
            morning,
            days_before,
            team_zone(),
            team_holidays(),
            f"reminder {days_before} days before the response is due",
        )
        if at > now():
            timers.append((DeadlineKind.RESPONSE_REMINDER, at, rbasis))
    return timers


@transaction.atomic(durable=True)
def request_validate(*, request: Request, by: Any, note: str = "", override: str = "") -> Request:
    """It comes from an authority and carries what its kind requires: a person validates only
    when the rules find nothing missing, or a reviewer with ``override`` (the reason goes on the
    record, triage/services/readings.py)."""
    return _validate(request, by=by, note=note, override=override)


def _validate(
    request: Request, *, by: Any, note: str = "", held: bool = False, override: str = ""
) -> Request:
    check = rules_hold(by=by, override=override, label="validate")
    return act(request, "validate", by=by, reason=note, held=held, check=check)


_RESPONSE_TIMERS = [DeadlineKind.RESPONSE_DUE, DeadlineKind.RESPONSE_REMINDER]


@transaction.atomic(durable=True)
def request_ask_info(
    *, request: Request, by: Any, missing: list[str], explanation: str = ""
) -> Request:
    """A deficiency notice: the agency is asked for what is missing, within its answer window.
    The response clock stops until it answers; what was left of it is kept. A person's notice
    is a draft they send once they have read it; lerq's own (``by`` None: intake, only with
    LERQ_AUTO_DEFICIENCY on) has nobody to wait for and is sent at once."""
    if not missing and not explanation.strip():
        raise InvalidInput(ERR_REASON_REQUIRED)
    due = (
        Deadline.objects.filter(
            request=request, kind=DeadlineKind.RESPONSE_DUE, done_at__isnull=True
        )
        .values_list("due_at", flat=True)
        .first()
    )
    return _ask_info(
        request, by=by, missing=missing, explanation=explanation, due=due, send=by is None
    )


def _absent_on_document(missing: list[str]) -> dict[str, bool]:
    """What a deficiency notice says the document lacks is recorded so: the rules then refuse
    to validate until someone corrects it (intake does not pass signature or letterhead)."""
    named = {rules.SIGNATURE: "signed", rules.LETTERHEAD: "letterhead"}
    return {field: False for name, field in named.items() if name in missing}


def _ask_info(
    request: Request,
    *,
    by: Any,
    missing: list[str],
    due: datetime | None,
    explanation: str = "",
    held: bool = False,
    send: bool = False,
) -> Request:
    """request_ask_info in the caller's transaction (its input checked); ``due``: the open
    response due time. ``held``: the caller inserted the request in this transaction."""
    remaining = max(due - now(), timedelta(0)) if due else None
    # The sentences intake proposed (they name the address, the PO box, the dates) are the
    # letter's for the items the clerk kept; an item the clerk added takes the rules' own.
    proposed = {p["name"]: p["sentence"] for p in request.proposed_deficiencies}
    sentences = {name: proposed[name] for name in missing if name in proposed}
    request = act(
        request,
        "ask_info",
        by=by,
        reason=explanation,
        data={
            "missing": missing,
            "response_clock_paused_with": str(remaining) if remaining is not None else None,
        },
        # Whatever the agency sends back is reviewed again before anyone approves.
        changes={
            "response_paused_remaining": remaining,
            "approval_requested_by": None,
            "approval_requested_at": None,
            **_absent_on_document(missing),
            # Decided: the proposal is the notice now (its record is the opening event).
            "proposed_deficiencies": [],
        },
        held=held,
    )
    deadlines_cancel(request=request, kinds=_RESPONSE_TIMERS, outcome=Deadline.Outcome.PAUSED)
    due, basis = dl.add_calendar_days(
        now(),
        settings.LERQ_NEEDS_INFO_DAYS,
        team_zone(),
        "agency answer window for a deficiency notice (LERQ_NEEDS_INFO_DAYS)",
    )
    deadline_set(request=request, kind=DeadlineKind.NEEDS_INFO_EXPIRY, due_at=due, basis=basis)
    letter_issue(
        request=request,
        kind="deficiency",
        by=by,
        extra={"missing": missing, "sentences": sentences, "explanation": explanation.strip()},
        locked=True,
        first=held,
        send=send,
    )
    return request


@transaction.atomic(durable=True)
def request_answer(*, request: Request, by: Any, note: str = "") -> Request:
    """The agency answered a deficiency notice: back to received, to be checked again, and
    the response clock runs again with the time that was left on it."""
    remaining = request.response_paused_remaining
    resumed, basis = _resumed_due(request, remaining)
    request = act(
        request,
        "answer",
        by=by,
        reason=note,
        data={"response_due_again": resumed.isoformat() if resumed else None},
        changes={"response_paused_remaining": None},
    )
    deadlines_cancel(request=request, kinds=[DeadlineKind.NEEDS_INFO_EXPIRY])
    if resumed is not None:
        _response_timers(request, resumed, basis)
    return request


def _resumed_due(
    request: Request, remaining: timedelta | None
) -> tuple[datetime | None, dict[str, Any]]:
    """When the response is due again. The agency's own date (end of its day) moves by the
    whole days the clock stood still, so an answer on the day it was asked keeps the agency's
    "8 January" (not 9 January 00:00); any other clock runs on with the time left."""
    rule = "response clock resumed after the agency answered"
    if remaining is None:
        return None, {}
    paused = (
        Deadline.objects.filter(
            request=request, kind=DeadlineKind.RESPONSE_DUE, outcome=Deadline.Outcome.PAUSED
        )
        .order_by("-done_at", "-pk")
        .first()
    )
    if paused is not None and paused.done_at is not None:
        moved = dl.resume_end_of_day(paused.basis, paused.done_at, now(), team_zone(), rule)
        if moved is not None:
            return moved[0], {**moved[1], "remaining": str(remaining)}
    start = now()
    return start + remaining, {
        "rule": rule,
        "start": start.isoformat(),
        "remaining": str(remaining),
        "unit": "time left when paused",
    }


@transaction.atomic(durable=True)
def request_lapse(*, request: Request, by: Any, reason: str) -> Request:
    """The agency never answered: the request closes."""
    return request_lapse_in_sweep(request=request, by=by, reason=reason)


def request_lapse_in_sweep(*, request: Request, by: Any, reason: str) -> Request:
    """request_lapse inside the sweep's own transaction (triage/timers.py)."""
    request = act(request, "lapse", by=by, reason=_required(reason))
    deadlines_cancel(request=request)
    retention_timer_set(request)
    return request


@transaction.atomic(durable=True)
def request_start_review(
    *, request: Request, by: Any, note: str = "", override: str = ""
) -> Request:
    """A lawyer takes the request; the rules hold as for validate (``override``: a reviewer's
    reason to go ahead with something missing, on the record)."""
    check = rules_hold(by=by, override=override, label="start review")
    request = act(request, "start_review", by=by, reason=note, check=check)
    # A lawyer has the emergency in hand: it is acknowledged.
    deadlines_cancel(request=request, kinds=[DeadlineKind.EMERGENCY_ACK])
    return request


@transaction.atomic(durable=True)
def request_submit_for_approval(*, request: Request, by: Any, note: str = "") -> Request:
    if by is None:
        raise InvalidInput("Only a person can ask for approval.")
    request = act(
        request,
        "submit_for_approval",
        by=by,
        reason=note,
        changes={"approval_requested_by": by, "approval_requested_at": now()},
    )
    notices.approval_asked_mail(request=request, asker=by, note=note)
    _send_after_commit()
    return request


def _send_after_commit() -> None:
    """The outbox rows this transaction wrote go out once it commits."""
    from triage.tasks import send_mail

    after_commit(send_mail.delay)


@transaction.atomic(durable=True)
def request_approve(
    *,
    request: Request,
    by: Any,
    note: str = "",
    seen_package: str | None = None,
    override: str = "",
) -> Request:
    """A second person approves exactly the package in front of them: the records by hash,
    the destination, the legal basis and the letter are stored with the approval.
    ``seen_package``: the package hash the approver's page showed; if the package changed
    since, nothing is approved. The rules hold as for validate (``override``)."""
    if by is None:
        raise InvalidInput("Only a person can approve a disclosure.")
    note = note.strip()
    if len(note) > MEMO_MAX:
        raise InvalidInput(ERR_MEMO_TOO_LONG.format(limit=MEMO_MAX))
    locked = lock(request)
    package, digest = approval_binding(locked)
    if seen_package is not None and seen_package != digest:
        raise RequestChanged(
            ERR_PACKAGE_MOVED.format(
                reference=locked.reference, changes="it is not the one your page showed"
            )
        )
    request = act(
        locked,
        "approve",
        by=by,
        reason=note,
        data={
            **(
                {"asked_by": locked.approval_requested_by.get_username()}
                if locked.approval_requested_by
                else {}
            ),
            "package_sha256": digest,
            "package": package,
        },
        changes={
            "approved_by": by,
            "approved_at": now(),
            "approved_package": package,
            "approved_package_sha256": digest,
        },
        held=True,
        check=rules_hold(by=by, override=override, label="approve disclosure"),
    )
    # An approved emergency is decided: the escalations stop.
    deadlines_cancel(request=request, kinds=_EMERGENCY_TIMERS)
    notices.approval_given_mail(request=request, approver=by, memo=note)
    _send_after_commit()
    return request


@transaction.atomic(durable=True)
def request_withdraw_approval(*, request: Request, by: Any, reason: str) -> Request:
    """Back to review; an emergency is undecided again, so its escalations resume. Whoever
    asked for the approval and whoever gave it are told, and why."""
    asker, approver = request.approval_requested_by, request.approved_by
    request = act(
        request,
        "withdraw_approval",
        by=by,
        reason=_required(reason),
        changes={
            "approval_requested_by": None,
            "approval_requested_at": None,
            "approved_by": None,
            "approved_at": None,
            "approved_package": {},
            "approved_package_sha256": "",
        },
    )
    emergency_undecided(request)
    if by is not None:
        notices.approval_withdrawn_by_person_mail(
            request=request, by=by, asker=asker, approver=approver, reason=reason
        )
        _send_after_commit()
    return request


@transaction.atomic(durable=True)
def request_disclose(*, request: Request, by: Any, note: str = "") -> Request:
    """One act: the approved package, and nothing else, is queued for the agency (the signed
    cover letter with the production) and the Event records its hashes and its destination."""
    locked = lock(request)
    refusal = disclosure_refusal(locked)
    if refusal:
        raise TransitionRefused(refusal)
    channel_for(locked).check()  # e-CODEX is not connected: said now, not by a failed letter
    package = locked.approved_package
    production = package.get("production") or {}
    sent = {
        "package_sha256": locked.approved_package_sha256,
        "to": package.get("destination", []),
        "production": production.get("id"),
        "production_sha256": production.get("sha256"),
        "manifest_sha256": production.get("manifest_sha256"),
        "records": len(production.get("records") or []),
        "no_data": bool(package.get("no_data")),
    }
    request = act(locked, "disclose", by=by, reason=note, data=sent, held=True)
    deadlines_cancel(request=request, kinds=_DECISION_TIMERS)
    emergency_notice_timer_set(request)  # the user is told once the emergency has passed
    letter_issue(
        request=request,
        kind="disclosure",
        by=by,
        extra={
            "to": sent["to"],
            "package_sha256": sent["package_sha256"],
            "production_id": sent["production"],
            "no_data": package.get("no_data"),
        },
        locked=True,
    )
    return request


def _rejection_codes(request: Request, reasons: Iterable[str], explanation: str) -> list[str]:
    codes = list(dict.fromkeys(reasons))
    if not codes:
        raise InvalidInput(ERR_NO_REJECTION_CODE)
    if request.kind in EU_ORDER_KINDS:  # an Annex III answer (Regulation (EU) 2023/1543)
        return eu_orders.annex_iii_codes(codes, explanation)
    for code in codes:
        if code not in RejectionReason.values:
            raise InvalidInput(ERR_UNKNOWN_CODE.format(code=code))
    if request.kind == Kind.INTERCEPTION and RejectionReason.NO_CAPABILITY not in codes:
        raise InvalidInput(ERR_INTERCEPTION_CODE)
    if RejectionReason.OTHER in codes and not explanation.strip():
        raise InvalidInput(ERR_OTHER_NEEDS_TEXT)
    return codes


@transaction.atomic(durable=True)
def request_reject(
    *, request: Request, by: Any, reasons: Iterable[str], explanation: str = ""
) -> Request:
    """Refused, with reason codes (for the letter and the transparency report) and why."""
    codes = _rejection_codes(request, reasons, explanation)
    channel_for(request).check()  # the Annex III answer goes by the order's channel
    request = act(
        request,
        "reject",
        by=by,
        reason=explanation.strip(),
        data={"reasons": codes},
        changes={"rejection_reasons": codes, "rejection_explanation": explanation.strip()},
    )
    deadlines_cancel(request=request)
    letter = "eu_annex_iii" if request.kind in EU_ORDER_KINDS else "rejection"
    letter_issue(request=request, kind=letter, by=by, locked=True)
    return request


@transaction.atomic(durable=True)
def request_close(*, request: Request, by: Any, note: str = "") -> Request:
    """Nothing left to do: every timer stops but the retention clock, which starts."""
    request = act(request, "close", by=by, reason=note)
    deadlines_cancel(request=request)
    retention_timer_set(request)
    return request


@transaction.atomic(durable=True)
def request_assign(*, request: Request, by: Any, assignee: Any) -> Request:
    """Give the request to a member of the team (None: back to the team)."""
    require_perm(by, INTAKE, "assign", request.reference)
    if assignee is not None and not (assignee.is_active and assignee.has_perm(INTAKE)):
        raise InvalidInput(ERR_NOT_ASSIGNABLE.format(user=assignee.get_username()))
    locked = lock(request)
    before = locked.assignee.get_username() if locked.assignee else None
    locked.assignee = assignee
    locked.save(update_fields=["assignee"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.ASSIGNED,
        at=now(),
        data={"from": before, "to": assignee.get_username() if assignee else None},
    )
    return locked


@transaction.atomic(durable=True)
def request_link(*, request: Request, other: Request, by: Any) -> Matter:
    """Put two requests (and everything already linked to either) in one matter."""
    require_perm(by, INTAKE, "link", request.reference)
    if request.pk == other.pk:
        raise InvalidInput("A request cannot be linked to itself.")
    first, second = sorted([request, other], key=lambda r: r.pk)
    first, second = lock(first), lock(second)
    matter = matter_of(first)
    if second.matter_id and second.matter_id != matter.pk:
        Request.objects.filter(matter_id=second.matter_id).update(matter=matter)
    elif second.matter_id is None:
        Request.objects.filter(pk=second.pk).update(matter=matter)
    for this, that in ((first, second), (second, first)):
        event_append(
            request=this,
            actor=by,
            action=EventKind.LINKED,
            at=now(),
            data={"matter": matter.pk, "with": that.reference},
        )
    return matter


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
