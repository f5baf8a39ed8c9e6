"""The decisions on the user notice other than sending it, each with its legal basis on the
record: delayed by a non-disclosure order (until it ends, when lerq drafts the notice and a
reviewer reads and sends it: notice_drafts.py), not permitted, not required; and the
reminder to tell the user once an emergency has passed."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage import rules
from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Kind, NondisclosureOrder, Notice, Request
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
from triage.services.letters import letter_issue
from triage.services.notice_drafts import notice_drafts_withdraw

ERR_BASIS_REQUIRED = "Record the legal basis for this decision on notice."
ERR_UNTIL_REQUIRED = "A non-disclosure order must give a specific end date."
ERR_UNTIL_PAST = "The non-disclosure end date must be in the future."
ERR_DAYS = "The duration of a non-disclosure order is a positive number of days."


def _basis(basis: str) -> str:
    if not basis.strip():
        raise InvalidInput(ERR_BASIS_REQUIRED)
    return basis.strip()


def _today() -> date:
    return now().astimezone(team_zone()).date()


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
