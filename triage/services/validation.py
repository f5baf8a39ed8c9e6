"""The intake decision on a received request: validated (the rules find nothing missing,
or a reviewer overrides them), or a deficiency notice asking the agency for what is
missing, which stops the response clock until the agency answers."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage import rules
from triage.models import Deadline, DeadlineKind, Request
from triage.services._core import (
    ERR_REASON_REQUIRED,
    InvalidInput,
    act,
    deadline_set,
    deadlines_cancel,
    now,
    team_zone,
)
from triage.services.letters import letter_issue
from triage.services.readings import rules_hold
from triage.services.response_clock import RESPONSE_TIMERS, response_timers, resumed_due


@transaction.atomic(durable=True)
def request_validate(*, request: Request, by: Any, note: str = "", override: str = "") -> Request:
    """It comes from an authority and carries what its kind requires: a person validates only
    when the rules find nothing missing, or a reviewer with ``override`` (the reason goes on the
    record, triage/services/readings.py)."""
    return validate_step(request, by=by, note=note, override=override)


def validate_step(
    request: Request, *, by: Any, note: str = "", held: bool = False, override: str = ""
) -> Request:
    """The validation inside a caller's transaction (``request_validate``, or opening a
    request already decided by intake: triage/services/opening.py)."""
    check = rules_hold(by=by, override=override, label="validate")
    return act(request, "validate", by=by, reason=note, held=held, check=check)


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
    return ask_info_step(
        request, by=by, missing=missing, explanation=explanation, due=due, send=by is None
    )


def _absent_on_document(missing: list[str]) -> dict[str, bool]:
    """What a deficiency notice says the document lacks is recorded so: the rules then refuse
    to validate until someone corrects it (intake does not pass signature or letterhead)."""
    named = {rules.SIGNATURE: "signed", rules.LETTERHEAD: "letterhead"}
    return {field: False for name, field in named.items() if name in missing}


def ask_info_step(
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
    deadlines_cancel(request=request, kinds=RESPONSE_TIMERS, outcome=Deadline.Outcome.PAUSED)
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
    resumed, basis = resumed_due(request, remaining)
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
        response_timers(request, resumed, basis)
    return request
