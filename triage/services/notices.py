"""Use cases of the user notice: who is told, sending it, delaying it under a non-disclosure
order, recording that it is not permitted or not required, the user's objections, and the
jurisdiction an access restriction is limited to. The legal basis is always recorded.

REQUIREMENTS.md "Non-disclosure" and "Lifecycle": the user is told before disclosure and may
object within the window; an order for a specific time delays the notice until it ends, when
lerq drafts it and a reviewer reads and sends it (notice_drafts.py); an emergency is
disclosed first and the user told once it has passed.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from triage import deadlines as dl
from triage import notices, rules
from triage.audit import event_append
from triage.models import (
    AccessRestriction,
    DeadlineKind,
    EventKind,
    Kind,
    LetterKind,
    LetterStatus,
    NondisclosureOrder,
    Notice,
    NoticeRecipient,
    Objection,
    Request,
    Status,
    TargetType,
)
from triage.models.conditions import REVIEW
from triage.services._core import (
    InvalidInput,
    act,
    deadline_set,
    deadlines_cancel,
    lock,
    now,
    require_perm,
    team_zone,
)
from triage.services.letter_drafts import ERR_PARAGRAPH_TOO_LONG, PARAGRAPH_MAX
from triage.services.letters import letter_issue, letter_record, render_after_commit
from triage.services.notice_drafts import (
    AFTER_DECISION,
    notice_draft_pending,
    notice_drafts_withdraw,
)

ERR_BASIS_REQUIRED = "Record the legal basis for this decision on notice."
ERR_UNTIL_REQUIRED = "A non-disclosure order must give a specific end date."
ERR_UNTIL_PAST = "The non-disclosure end date must be in the future."
ERR_DAYS = "The duration of a non-disclosure order is a positive number of days."
ERR_BAD_ADDRESS = "“{address}” is not an email address the user notice can be sent to."
ERR_RECIPIENT_TWICE = "{address} is already a recipient of the user notice on {reference}."
ERR_NO_RECIPIENT = (
    "{reference}: no address to send the user notice to. Add the affected user's email address "
    "(lerq does not look users up in the product's database)."
)
ERR_PERSON_SENDS_NOTICE = (
    "The user notice is sent by a person who has read its draft; lerq only drafts it."
)
ERR_READ_DRAFT_FIRST = (
    "{reference}: draft the user notice and read it as it will be sent before sending it."
)
ERR_OBJECTION_TEXT = "Record what the user said in the objection."
ERR_NO_NOTICE = (
    "{reference}: the user was not sent a notice, so there is no objection window to object in."
)
ERR_OUTCOME = "An objection is either upheld or overruled, not “{outcome}”."
ERR_RESOLUTION_REQUIRED = "Say what was decided about the objection, and why."
ERR_RESOLVED = "This objection was already resolved ({outcome})."
ERR_NOT_RESTRICTION = "{reference} is not an access restriction request."
ERR_JURISDICTION = "Name the jurisdiction as a two-letter country code (ISO 3166-1), e.g. DE."
ERR_OTHER_JURISDICTION = (
    "{reference} comes from an authority of {country}: a restriction is limited to that "
    "jurisdiction, not {jurisdiction}."
)
ERR_SCOPE_REQUIRED = "Say what is restricted (the content, account or feature)."

_AFTER_DECISION = AFTER_DECISION
_UNSAFE = set("\r\n\t\v\f\x00")


def _basis(basis: str) -> str:
    if not basis.strip():
        raise InvalidInput(ERR_BASIS_REQUIRED)
    return basis.strip()


def _today() -> date:
    return now().astimezone(team_zone()).date()


def _address(address: str) -> str:
    """An address a header can carry: one line, valid; anything else is refused."""
    cleaned = (address or "").strip()
    if not cleaned or _UNSAFE & set(address or "") or "," in cleaned:
        raise InvalidInput(ERR_BAD_ADDRESS.format(address=cleaned[:100]))
    try:
        validate_email(cleaned)
    except ValidationError as exc:
        raise InvalidInput(ERR_BAD_ADDRESS.format(address=cleaned[:100])) from exc
    return cleaned


# --- who is told ----------------------------------------------------------------------------
def _target_addresses(request: Request) -> list[tuple[str, Any]]:
    """The addresses the agency named on the targets (a meeting's host), with their target."""
    found = []
    for target in request.targets.all():
        address = target.host_email if target.type == TargetType.MEETING else target.email
        if address:
            found.append((address, target))
    return found


def notice_recipients(request: Request) -> list[str]:
    """Where the user notice goes: the addresses the team entered, else those of the targets.
    Only addresses that pass the header checks are returned."""
    entered = list(request.notice_recipients.values_list("email", flat=True))
    candidates = entered or [address for address, _ in _target_addresses(request)]
    valid = []
    for address in candidates:
        try:
            valid.append(_address(address))
        except InvalidInput:
            continue
    return sorted(set(valid), key=valid.index)


@transaction.atomic(durable=True)
def notice_recipient_add(
    *, request: Request, by: Any, email: str, name: str = "", target: Any = None
) -> NoticeRecipient:
    """The team enters the affected user's address (from the product's records, by hand)."""
    require_perm(by, REVIEW, "add a user notice recipient", request.reference)
    address = _address(email)
    locked = lock(request)
    if locked.notice_recipients.filter(email__iexact=address).exists():
        raise InvalidInput(ERR_RECIPIENT_TWICE.format(address=address, reference=locked.reference))
    recipient = NoticeRecipient.objects.create(
        request=locked,
        email=address,
        name=" ".join(name.split())[:200],
        target=target,
        added_by=by,
        added_at=now(),
    )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.NOTICE_RECIPIENT,
        at=recipient.added_at,
        data={"email": address, "target": target.pk if target else None},
    )
    return recipient


def _recipients_for_sending(request: Request) -> list[NoticeRecipient]:
    """The recipient rows the notice goes to; addresses taken from targets become rows, so the
    record says exactly who was told."""
    existing = {row.email: row for row in request.notice_recipients.all()}
    targets = dict(_target_addresses(request))
    rows = []
    for address in notice_recipients(request):
        row = existing.get(address)
        if row is None:
            row = NoticeRecipient.objects.create(
                request=request, email=address, target=targets.get(address), added_at=now()
            )
        rows.append(row)
    return rows


# --- sending --------------------------------------------------------------------------------
def _letters_release(
    request: Request, *, by: Any, rows: list[NoticeRecipient], paragraph: str, sent_at: Any
) -> list[int]:
    """The letter each user is sent, the record of what they were told, rendered and signed by
    a worker after the mail has gone: the reviewed draft becomes the first recipient's, and
    the others get a copy with the same paragraph. Returns the letters' ids."""
    draft = notice_draft_pending(request)
    ids = []
    for index, recipient in enumerate(rows):
        addressee = {"name": recipient.name or "Account holder", "email": recipient.email}
        extra = {"addressee": addressee, "email": recipient.email, "name": recipient.name}
        if index == 0 and draft is not None:
            draft.extra = {**draft.extra, **extra}
            draft.paragraph, draft.status = paragraph, LetterStatus.QUEUED
            draft.released_by, draft.released_at = by, sent_at
            draft.save(update_fields=["extra", "paragraph", "status", "released_by", "released_at"])
            render_after_commit(draft)
            letter = draft
        else:
            letter = letter_record(
                request=request,
                kind=LetterKind.USER_NOTICE,
                by=by,
                extra=extra,
                locked=True,
                send=True,
                paragraph=paragraph,
            )
        ids.append(letter.pk)
    return ids


def _send(
    request: Request,
    *,
    by: Any,
    note: str,
    include_copy: bool,
    paragraph: str | None,
) -> Request:
    """Fire notice_send, open the objection window (unless the decision was already taken, as
    after an emergency) and queue one mail per recipient, with the reviewed draft's paragraph
    (``paragraph`` replaces it when given). Inside the caller's transaction."""
    if by is None:
        raise InvalidInput(ERR_PERSON_SENDS_NOTICE)
    require_perm(by, REVIEW, "send user notice", request.reference)
    addresses = notice_recipients(request)
    if not addresses:
        raise InvalidInput(ERR_NO_RECIPIENT.format(reference=request.reference))
    draft = notice_draft_pending(request)
    if draft is None and request.notice in (Notice.NOT_DECIDED, Notice.DELAYED):
        # A person reads what leaves, as it will leave, before it leaves.
        raise InvalidInput(ERR_READ_DRAFT_FIRST.format(reference=request.reference))
    text = (draft.paragraph if draft is not None else "") if paragraph is None else paragraph
    text = text.strip()
    if len(text) > PARAGRAPH_MAX:
        raise InvalidInput(ERR_PARAGRAPH_TOO_LONG)
    sent_at = now()
    changes: dict[str, Any] = {"notice_sent_at": sent_at}
    window_end, window_basis = None, None
    data: dict[str, Any] = {}
    if request.status in _AFTER_DECISION:
        data = {"after_decision": request.status}
    else:
        window_end, window_basis = dl.add_calendar_days(
            sent_at,
            settings.LERQ_OBJECTION_WINDOW_DAYS,
            team_zone(),
            "user objection window (LERQ_OBJECTION_WINDOW_DAYS)",
        )
        changes["objection_window_ends_at"] = window_end
        data = {"objection_window_ends_at": window_end.isoformat()}
    request = act(
        request,
        "notice_send",
        by=by,
        reason=note,
        data={
            **data,
            "recipients": addresses,
            "copy_of_request": include_copy,
            "draft": draft.pk if draft is not None else None,
            "paragraph": text,
        },
        changes=changes,
    )
    deadlines_cancel(
        request=request,
        kinds=[DeadlineKind.NONDISCLOSURE_END, DeadlineKind.EMERGENCY_NOTICE],
    )
    if window_end is not None and window_basis is not None:
        deadline_set(
            request=request,
            kind=DeadlineKind.OBJECTION_WINDOW_END,
            due_at=window_end,
            basis=window_basis,
        )
    rows = _recipients_for_sending(request)
    for recipient in rows:
        mail = notices.user_notice_mail(
            request=request,
            to=recipient.email,
            name=recipient.name,
            window_ends_at=window_end,
            include_copy=include_copy,
            paragraph=text,
        )
        recipient.notified_at = sent_at
        recipient.notice_message_id = mail.message_id if mail else ""
        recipient.save(update_fields=["notified_at", "notice_message_id"])
    _letters_release(request, by=by, rows=rows, paragraph=text, sent_at=sent_at)
    return request


@transaction.atomic(durable=True)
def notice_send(
    *,
    request: Request,
    by: Any,
    note: str = "",
    include_copy: bool = True,
    paragraph: str | None = None,
) -> Request:
    """A reviewer sends the user notice they read in its draft (notice_drafts.py): the
    affected user is told by email (with what may be shared of the request when
    ``include_copy``), and the draft's paragraph (``paragraph``, the text their form showed,
    None to keep the one saved) is in the email and the letter. Disclosure waits for the
    objection window to pass. Only a person sends: lerq drafts (notice_draft_in_sweep).

    After an emergency disclosure the notice follows the disclosure: there is nothing left to
    object to, so no window is opened."""
    return _send(request, by=by, note=note, include_copy=include_copy, paragraph=paragraph)


# --- non-disclosure orders ------------------------------------------------------------------
def _order(
    request: Request,
    *,
    by: Any,
    basis: str,
    issued_on: date | None,
    days: int | None,
    until: date | None,
    circumstances: str,
    document_reference: str,
) -> NondisclosureOrder:
    if days is not None and days <= 0:
        raise InvalidInput(ERR_DAYS)
    circumstances = circumstances.strip()
    gaps = rules.nondisclosure_gaps(days=days, until=until, circumstances=circumstances)
    return NondisclosureOrder(
        request=request,
        basis=basis,
        issued_on=issued_on or request.received_at.astimezone(team_zone()).date(),
        days=days,
        until=until,
        circumstances=circumstances,
        document_reference=document_reference.strip()[:300],
        deficiencies=[gap.name for gap in gaps],
        recorded_by=by,
        recorded_at=now(),
    )


def _order_data(order: NondisclosureOrder) -> dict[str, Any]:
    return {
        "order": order.pk,
        "basis": order.basis,
        "ends_on": order.ends_on.isoformat() if order.ends_on else None,
        "deficiencies": order.deficiencies,
    }


def _delay_until(
    request: Request, *, by: Any, order: NondisclosureOrder, move: bool = False
) -> Request:
    """Delay the notice (or, when already delayed, move its end) to the order's end, and set
    the timer at which it becomes due."""
    until = order.ends_on
    if until is None:
        raise InvalidInput(ERR_UNTIL_REQUIRED)
    changes = {"notice_basis": order.basis, "nondisclosure_until": until}
    if not (move and request.notice == Notice.DELAYED):
        data = {"until": until.isoformat(), "deficiencies": order.deficiencies}
        request = act(
            request, "notice_delay", by=by, reason=order.basis, data=data, changes=changes
        )
    else:  # already delayed: a new order moves the end
        request = lock(request)
        for attr, value in changes.items():
            setattr(request, attr, value)
        request.save(update_fields=list(changes))
    deadlines_cancel(
        request=request, kinds=[DeadlineKind.NONDISCLOSURE_END, DeadlineKind.EMERGENCY_NOTICE]
    )
    due, due_basis = dl.start_of_day(until, team_zone(), "end of the non-disclosure order")
    deadline_set(request=request, kind=DeadlineKind.NONDISCLOSURE_END, due_at=due, basis=due_basis)
    # To the agency: the order is honoured until it ends.
    letter_issue(request=request, kind="nondisclosure", by=by, locked=True)
    return request


def _record_order(request: Request, *, by: Any, order: NondisclosureOrder) -> NondisclosureOrder:
    ends = order.ends_on
    delays = (
        ends is not None
        and ends > _today()
        and request.notice in (Notice.NOT_DECIDED, Notice.DELAYED)
    )
    if delays:
        request = _delay_until(request, by=by, order=order, move=True)
    else:
        request = lock(request)
    order.request = request
    order.save(force_insert=True)
    event_append(
        request=request,
        actor=by,
        action=EventKind.NONDISCLOSURE_ORDER,
        at=order.recorded_at,
        reason=order.basis,
        data={**_order_data(order), "notice": request.notice, "delays_notice": delays},
    )
    return order


@transaction.atomic(durable=True)
def nondisclosure_record(
    *,
    request: Request,
    by: Any,
    basis: str,
    circumstances: str = "",
    days: int | None = None,
    until: date | None = None,
    issued_on: date | None = None,
    document_reference: str = "",
) -> NondisclosureOrder:
    """Record an order (or request) not to notify the user.

    One with a specific duration delays the notice until it ends (the NONDISCLOSURE_END timer
    sends it then), even when it lacks the circumstances: that deficiency goes to the agency,
    but a court's order is obeyed meanwhile. One without a duration is recorded as deficient and
    changes nothing: notice stays undecided, so disclosure waits, until the team asks the agency
    for a duration or records that notice is not permitted."""
    require_perm(by, REVIEW, "record a non-disclosure order", request.reference)
    order = _order(
        request,
        by=by,
        basis=_basis(basis),
        issued_on=issued_on,
        days=days,
        until=until,
        circumstances=circumstances,
        document_reference=document_reference,
    )
    return _record_order(request, by=by, order=order)


@transaction.atomic(durable=True)
def notice_delay(
    *,
    request: Request,
    by: Any,
    until: date | None,
    basis: str,
    circumstances: str = "",
    document_reference: str = "",
) -> Request:
    """A non-disclosure order for a specific time: the notice becomes due when it ends (the
    order is recorded, flagged deficient if it does not state its circumstances)."""
    basis = _basis(basis)
    if until is None:
        raise InvalidInput(ERR_UNTIL_REQUIRED)
    if until <= _today():
        raise InvalidInput(ERR_UNTIL_PAST)
    order = _order(
        request,
        by=by,
        basis=basis,
        issued_on=None,
        days=None,
        until=until,
        circumstances=circumstances,
        document_reference=document_reference,
    )
    request = _delay_until(request, by=by, order=order)
    order.request = request
    order.save(force_insert=True)
    return request


@transaction.atomic(durable=True)
def notice_forbid(*, request: Request, by: Any, basis: str) -> Request:
    """The law forbids telling the user (an order without end, for instance)."""
    basis = _basis(basis)
    request = act(request, "notice_forbid", by=by, reason=basis, changes={"notice_basis": basis})
    notice_drafts_withdraw(request=request, by=by, reason=basis)
    deadlines_cancel(
        request=request, kinds=[DeadlineKind.NONDISCLOSURE_END, DeadlineKind.EMERGENCY_NOTICE]
    )
    return request


@transaction.atomic(durable=True)
def notice_waive(*, request: Request, by: Any, basis: str) -> Request:
    """There is nobody to tell, or nothing to tell them (the user consented, no account)."""
    basis = _basis(basis)
    request = act(request, "notice_waive", by=by, reason=basis, changes={"notice_basis": basis})
    notice_drafts_withdraw(request=request, by=by, reason=basis)
    deadlines_cancel(request=request, kinds=[DeadlineKind.EMERGENCY_NOTICE])
    return request


def emergency_notice_timer_set(request: Request) -> None:
    """After an emergency disclosure with notice undecided: remind the team, once the
    emergency has passed (LERQ_EMERGENCY_NOTICE_DAYS), to tell the user. Called by
    request_disclose inside its transaction."""
    if request.kind != Kind.EMERGENCY or request.notice != Notice.NOT_DECIDED:
        return
    due, basis = dl.add_calendar_days(
        now(),
        settings.LERQ_EMERGENCY_NOTICE_DAYS,
        team_zone(),
        "user notice after an emergency disclosure (LERQ_EMERGENCY_NOTICE_DAYS)",
    )
    deadline_set(request=request, kind=DeadlineKind.EMERGENCY_NOTICE, due_at=due, basis=basis)


# --- objections -----------------------------------------------------------------------------
@transaction.atomic(durable=True)
def objection_record(
    *,
    request: Request,
    by: Any,
    text: str,
    received_at: datetime,
    objector: str = "",
    message_id: str = "",
) -> Objection:
    """The user objected (the team records it from the user's reply). Disclosure pauses: an
    approved request goes back to review, and neither approval nor disclosure is possible
    until the objection is resolved (condition no_open_objection)."""
    require_perm(by, REVIEW, "record an objection", request.reference)
    return _objection_record(request, by, text, received_at, objector, message_id)


@transaction.atomic(durable=True)
def objection_record_from_reply(
    *, request: Request, objector: str, text: str, received_at: datetime, message_id: str
) -> Objection | None:
    """A notified user's reply that intake verified (authenticated for the user's domain, or
    in the thread of the notice sent to that user) is recorded as the user's objection, by
    lerq itself: the notice tells the user to object by replying. None when there is no sent
    notice to object to, or when this message was recorded before (a re-run after a crash)."""
    request = lock(request)
    if request.notice != Notice.SENT:
        return None
    if Objection.objects.filter(request=request, message_id=message_id[:998]).exists():
        return None
    return _objection_record(request, None, text, received_at, objector, message_id)


def _objection_record(
    request: Request, by: Any, text: str, received_at: datetime, objector: str, message_id: str
) -> Objection:
    """objection_record in the caller's transaction (the permission checked by the caller)."""
    if not text.strip():
        raise InvalidInput(ERR_OBJECTION_TEXT)
    if request.notice != Notice.SENT:
        raise InvalidInput(ERR_NO_NOTICE.format(reference=request.reference))
    # An emergency is not held back by an objection (no promised delay): it is recorded only.
    paused = request.status == Status.APPROVED and request.kind != Kind.EMERGENCY
    if paused:
        request = act(
            request,
            "withdraw_approval",
            by=by,
            reason="The user objected: disclosure is paused until the objection is resolved.",
            data={"objection": True},
            changes={
                "approval_requested_by": None,
                "approval_requested_at": None,
                "approved_by": None,
                "approved_at": None,
            },
        )
    else:
        request = lock(request)
    objection = Objection.objects.create(
        request=request,
        objector=" ".join(objector.split())[:254],
        text=text.strip(),
        received_at=received_at,
        message_id=message_id[:998],
        recorded_by=by,
        recorded_at=now(),
    )
    event_append(
        request=request,
        actor=by,
        action=EventKind.OBJECTION,
        at=objection.recorded_at,
        reason=objection.text[:2000],
        data={
            "objection": objection.pk,
            "objector": objection.objector,
            "received_at": received_at.isoformat(),
            "status": request.status,
            "approval_withdrawn": paused,
            "within_window": bool(
                request.objection_window_ends_at and received_at <= request.objection_window_ends_at
            ),
        },
    )
    return objection


@transaction.atomic(durable=True)
def objection_resolve(*, objection: Objection, by: Any, outcome: str, resolution: str) -> Objection:
    """The team's decision on an objection. Upheld: the request is then rejected
    (request_reject) or narrowed and approved again; overruled: disclosure may proceed once
    approved and the other conditions hold."""
    request = objection.request
    require_perm(by, REVIEW, "resolve an objection", request.reference)
    if outcome not in Objection.Outcome.values:
        raise InvalidInput(ERR_OUTCOME.format(outcome=outcome))
    if not resolution.strip():
        raise InvalidInput(ERR_RESOLUTION_REQUIRED)
    locked = Request.objects.select_for_update().get(pk=request.pk)
    current = Objection.objects.select_for_update().get(pk=objection.pk)
    if current.resolved_at is not None:
        raise InvalidInput(ERR_RESOLVED.format(outcome=current.get_outcome_display().lower()))
    current.outcome = outcome
    current.resolution = resolution.strip()
    current.resolved_by = by
    current.resolved_at = now()
    current.save(update_fields=["outcome", "resolution", "resolved_by", "resolved_at"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.OBJECTION_RESOLVE,
        at=current.resolved_at,
        reason=current.resolution,
        data={"objection": current.pk, "outcome": outcome},
    )
    return current


# --- access restrictions --------------------------------------------------------------------
@transaction.atomic(durable=True)
def restriction_record(
    *, request: Request, by: Any, jurisdiction: str, scope: str
) -> AccessRestriction:
    """What an access restriction request restricts, limited to the jurisdiction of the
    authority that ordered it. The named users are told through the user notice."""
    require_perm(by, REVIEW, "record an access restriction", request.reference)
    if request.kind != Kind.ACCESS_RESTRICTION:
        raise InvalidInput(ERR_NOT_RESTRICTION.format(reference=request.reference))
    code = jurisdiction.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidInput(ERR_JURISDICTION)
    if request.country and code != request.country.upper():
        raise InvalidInput(
            ERR_OTHER_JURISDICTION.format(
                reference=request.reference, country=request.country.upper(), jurisdiction=code
            )
        )
    if not scope.strip():
        raise InvalidInput(ERR_SCOPE_REQUIRED)
    locked = lock(request)
    restriction, created = AccessRestriction.objects.update_or_create(
        request=locked,
        defaults={
            "jurisdiction": code,
            "scope": scope.strip(),
            "recorded_by": by,
            "recorded_at": now(),
        },
    )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.ACCESS_RESTRICTION,
        at=restriction.recorded_at,
        reason=restriction.scope[:2000],
        data={"jurisdiction": code, "replaced": not created},
    )
    return restriction
