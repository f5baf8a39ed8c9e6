"""Use cases of a preservation: place the hold, extend it once, release it, let it expire."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage.models import DeadlineKind, Hold, Kind, Request, Status
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    act,
    deadline_set,
    deadlines_cancel,
    lock,
    matter_of,
    now,
    retention_timer_set,
    team_holidays,
    team_zone,
)
from triage.services.eu_orders import hold_end as eu_hold_end
from triage.services.letters import letter_issue

ERR_NOT_AN_EXTENSION = "{reference} is not a preservation extension request."
ERR_NO_ORIGINAL = "{reference} does not name the preservation it extends: link it first."
ERR_ORIGINAL_NOT_PRESERVATION = "{reference} is not a preservation: only a hold can be extended."

_HOLD_TIMERS = [DeadlineKind.HOLD_END, DeadlineKind.HOLD_REMINDER, DeadlineKind.EXTENSION_END]


@transaction.atomic(durable=True)
def hold_place(*, request: Request, by: Any, note: str = "") -> Hold:
    """A snapshot of the targets' data is preserved for the hold period (90 days)."""
    placed_at = now()
    if request.kind == Kind.EU_PRESERVATION_ORDER:  # the Regulation sets it: 60 days
        ends_at, basis = eu_hold_end(request)
    else:
        ends_at, basis = dl.add_calendar_days(
            placed_at, settings.LERQ_HOLD_DAYS, team_zone(), "hold period (LERQ_HOLD_DAYS)"
        )
    request = act(request, "preserve", by=by, reason=note, data={"ends_at": ends_at.isoformat()})
    hold = Hold.objects.create(
        request=request, placed_at=placed_at, ends_at=ends_at, snapshot_note=note
    )
    deadline_set(request=request, kind=DeadlineKind.HOLD_END, due_at=ends_at, basis=basis)
    _reminders(request, ends_at)
    # The agency asked for a hold and has it: nothing more is owed by a response date.
    deadlines_cancel(
        request=request, kinds=[DeadlineKind.RESPONSE_DUE, DeadlineKind.RESPONSE_REMINDER]
    )
    letter_issue(request=request, kind="preservation", by=by, locked=True)
    return hold


def _original_of(extension: Request, original: Request | None) -> Request:
    if extension.kind != Kind.PRESERVATION_EXTENSION:
        raise InvalidInput(ERR_NOT_AN_EXTENSION.format(reference=extension.reference))
    original = original or extension.original
    if original is None:
        raise InvalidInput(ERR_NO_ORIGINAL.format(reference=extension.reference))
    if original.kind != Kind.PRESERVATION:
        raise InvalidInput(ERR_ORIGINAL_NOT_PRESERVATION.format(reference=original.reference))
    return original


@transaction.atomic(durable=True)
def hold_extend(
    *, extension: Request, by: Any, original: Request | None = None, note: str = ""
) -> Hold:
    """A validated extension request extends the hold it names by 90 days, once, before it
    ends; the extension request is then done (closed)."""
    original = _original_of(extension, original)
    if extension.status != Status.VALIDATED:
        raise TransitionRefused(
            f"{extension.reference} must be validated before it extends a hold."
        )
    if extension.original_id != original.pk:
        lock(extension)
        matter = matter_of(original)
        Request.objects.filter(pk=extension.pk).update(original=original, matter=matter)
        extension.original, extension.matter = original, matter
    # No hold (the preservation was never placed): the transition below refuses, with why.
    hold = Hold.objects.select_for_update().filter(request=original).first()
    ends_at, basis = dl.add_calendar_days(
        hold.ends_at if hold else now(),
        settings.LERQ_EXTENSION_DAYS,
        team_zone(),
        "extension (LERQ_EXTENSION_DAYS)",
    )
    original = act(
        original,
        "extend",
        by=by,
        reason=note,
        data={"extension": extension.reference, "ends_at": ends_at.isoformat()},
    )
    hold.extended_at, hold.ends_at, hold.extension = now(), ends_at, extension
    hold.save(update_fields=["extended_at", "ends_at", "extension"])
    deadlines_cancel(request=original, kinds=_HOLD_TIMERS)
    deadline_set(request=original, kind=DeadlineKind.EXTENSION_END, due_at=ends_at, basis=basis)
    _reminders(original, ends_at)
    extension.original = original
    extension = act(extension, "fulfil", by=by, reason=note, data={"original": original.reference})
    deadlines_cancel(request=extension)
    retention_timer_set(extension)
    letter_issue(request=extension, kind="extension", by=by, locked=True)
    return hold


def _reminders(request: Request, ends_at: datetime) -> None:
    """Reminders before the hold ends (14 and 3 days), moved to a working day if needed."""
    for days_before in settings.LERQ_HOLD_REMINDER_DAYS:
        due, basis = dl.reminder_before(
            ends_at,
            days_before,
            team_zone(),
            team_holidays(),
            f"reminder {days_before} days before the hold ends",
        )
        if due > now():
            deadline_set(request=request, kind=DeadlineKind.HOLD_REMINDER, due_at=due, basis=basis)


@transaction.atomic(durable=True)
def hold_release(*, request: Request, by: Any, reason: str) -> Hold:
    """The hold is lifted before its end: legal process arrived, or the agency withdrew."""
    if not reason.strip():
        raise InvalidInput("Say why the hold is released.")
    request = act(request, "release", by=by, reason=reason.strip())
    hold = Hold.objects.select_for_update().get(request=request)
    hold.released_at = now()
    hold.save(update_fields=["released_at"])
    deadlines_cancel(request=request, kinds=_HOLD_TIMERS)
    return hold


@transaction.atomic(durable=True)
def hold_expire(*, request: Request, by: Any = None) -> Hold:
    """The hold reached its end with no legal process: the preserved data may be deleted."""
    return hold_expire_in_sweep(request=request, by=by)


def hold_expire_in_sweep(*, request: Request, by: Any = None) -> Hold:
    """hold_expire inside the sweep's own transaction (triage/timers.py)."""
    request = act(request, "expire", by=by)
    hold = Hold.objects.select_for_update().get(request=request)
    hold.expired_at = now()
    hold.save(update_fields=["expired_at"])
    deadlines_cancel(request=request, kinds=_HOLD_TIMERS)
    return hold
