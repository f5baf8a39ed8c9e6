"""Use cases of the user notice: send it, delay it under a non-disclosure order, or record
that it is not permitted or not required. The legal basis is always recorded."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage.models import DeadlineKind, Request, Status
from triage.services._core import (
    InvalidInput,
    act,
    deadline_set,
    deadlines_cancel,
    now,
    team_zone,
)
from triage.services.letters import letter_issue

ERR_BASIS_REQUIRED = "Record the legal basis for this decision on notice."
ERR_UNTIL_REQUIRED = "A non-disclosure order must give a specific end date."
ERR_UNTIL_PAST = "The non-disclosure end date must be in the future."


def _basis(basis: str) -> str:
    if not basis.strip():
        raise InvalidInput(ERR_BASIS_REQUIRED)
    return basis.strip()


@transaction.atomic(durable=True)
def notice_send(*, request: Request, by: Any, note: str = "") -> Request:
    """The affected user is told; disclosure waits for the objection window to pass.

    After an emergency disclosure the notice follows the disclosure: there is nothing left to
    object to, so no window is opened."""
    sent_at = now()
    if request.status in (Status.DISCLOSED, Status.CLOSED, Status.REJECTED):
        request = act(
            request,
            "notice_send",
            by=by,
            reason=note,
            data={"after_decision": request.status},
            changes={"notice_sent_at": sent_at},
        )
        deadlines_cancel(request=request, kinds=[DeadlineKind.NONDISCLOSURE_END])
        return request
    window_end, basis = dl.add_calendar_days(
        sent_at,
        settings.LERQ_OBJECTION_WINDOW_DAYS,
        team_zone(),
        "user objection window (LERQ_OBJECTION_WINDOW_DAYS)",
    )
    request = act(
        request,
        "notice_send",
        by=by,
        reason=note,
        data={"objection_window_ends_at": window_end.isoformat()},
        changes={"notice_sent_at": sent_at, "objection_window_ends_at": window_end},
    )
    deadlines_cancel(request=request, kinds=[DeadlineKind.NONDISCLOSURE_END])
    deadline_set(
        request=request, kind=DeadlineKind.OBJECTION_WINDOW_END, due_at=window_end, basis=basis
    )
    return request


@transaction.atomic(durable=True)
def notice_delay(*, request: Request, by: Any, until: date | None, basis: str) -> Request:
    """A non-disclosure order for a specific time: the notice becomes due when it ends."""
    basis = _basis(basis)
    if until is None:
        raise InvalidInput(ERR_UNTIL_REQUIRED)
    if until <= now().astimezone(team_zone()).date():
        raise InvalidInput(ERR_UNTIL_PAST)
    request = act(
        request,
        "notice_delay",
        by=by,
        reason=basis,
        data={"until": until.isoformat()},
        changes={"notice_basis": basis, "nondisclosure_until": until},
    )
    due, due_basis = dl.start_of_day(until, team_zone(), "end of the non-disclosure order")
    deadline_set(request=request, kind=DeadlineKind.NONDISCLOSURE_END, due_at=due, basis=due_basis)
    letter_issue(request=request, kind="nondisclosure", by=by)
    return request


@transaction.atomic(durable=True)
def notice_forbid(*, request: Request, by: Any, basis: str) -> Request:
    """The law forbids telling the user (an order without end, for instance)."""
    basis = _basis(basis)
    request = act(request, "notice_forbid", by=by, reason=basis, changes={"notice_basis": basis})
    deadlines_cancel(request=request, kinds=[DeadlineKind.NONDISCLOSURE_END])
    return request


@transaction.atomic(durable=True)
def notice_waive(*, request: Request, by: Any, basis: str) -> Request:
    """There is nobody to tell, or nothing to tell them (the user consented, no account)."""
    basis = _basis(basis)
    return act(request, "notice_waive", by=by, reason=basis, changes={"notice_basis": basis})
