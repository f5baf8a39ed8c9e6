"""Correcting what was read from a request (the agency, the agent, the dates), on the record."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from triage import deadlines as dl
from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Request, Status
from triage.models.conditions import INTAKE
from triage.services._core import (
    InvalidInput,
    deadlines_cancel,
    lock_as_seen,
    now,
    require_perm,
    team_zone,
)
from triage.services.approval import approval_recheck, destination_change
from triage.services.certainty import confirmed_mark
from triage.services.response_clock import response_timers  # the one place they are computed

ERR_NOT_EDITABLE = "{name} cannot be changed here."
ERR_FINISHED = "{reference} is {state}: its details can no longer be changed."
# The response clock runs in these statuses (paused in needs_info, done once held or decided).
_CLOCK_RUNS = frozenset({Status.RECEIVED, Status.VALIDATED, Status.IN_REVIEW, Status.APPROVED})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


@transaction.atomic(durable=True)
def request_update_fields(
    *,
    request: Request,
    by: Any,
    changes: dict[str, Any],
    seen_status: str,
    destination_reason: str = "",
) -> Request:
    """Apply ``changes`` (field name → new value) to the request, as seen in ``seen_status``;
    one Event records each field's old and new value. Nothing changed: nothing recorded.
    A new agent_email is where a disclosure would go (triage/services/approval.py
    ``destination_change``): off the verified sender's domain it needs a reviewer and
    ``destination_reason``; a change to an approved package withdraws the approval.
    Kind and targets are corrected in triage/services/corrections.py."""
    require_perm(by, INTAKE, "correct the details of", request.reference)
    for name in changes:
        if name not in Request.EXTRACTED_FIELDS:  # the rest changes through a transition
            raise InvalidInput(ERR_NOT_EDITABLE.format(name=name))
    locked = lock_as_seen(request, seen_status, ERR_FINISHED)
    diff = {}
    for name, value in changes.items():
        old = getattr(locked, name)
        if value is None and not Request._meta.get_field(name).null:
            value = ""
        if old != value:
            diff[name] = {"from": _plain(old), "to": _plain(value)}
            setattr(locked, name, value)
    if not diff:
        return locked
    if "agent_email" in diff:
        decided = destination_change(
            request=locked, by=by, address=locked.agent_email, reason=destination_reason
        )
        for name, value in decided.items():
            setattr(locked, name, value)
        if decided["destination_set_by"] is not None:
            diff["destination_reason"] = {"from": None, "to": decided["destination_reason"]}
    try:
        locked.full_clean(exclude=["reference", "status", "notice"])
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    saved = [*diff, *confirmed_mark(locked, diff)]  # a correction confirms the field
    if "agent_email" in diff:
        saved = [*saved, "destination_set_by"]
        saved = list(dict.fromkeys([*saved, "destination_reason"]))
    locked.save(update_fields=saved)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.FIELDS_CHANGED,
        at=now(),
        data={"changes": diff},
    )
    approval_recheck(request=locked, by=by, cause="the request's details were corrected")
    if "response_due_date" in diff:
        _response_clock_reset(locked)
    return locked


def _response_clock_reset(request: Request) -> None:
    """The agency's date was corrected: its timers follow, while the response clock runs."""
    kinds = [DeadlineKind.RESPONSE_DUE, DeadlineKind.RESPONSE_REMINDER]
    if request.status not in _CLOCK_RUNS:
        return
    deadlines_cancel(request=request, kinds=kinds)
    if request.response_due_date is not None:
        due, basis = dl.end_of_day(
            request.response_due_date, team_zone(), "response date the agency asked for"
        )
        response_timers(request, due, basis)
