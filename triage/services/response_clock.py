"""The response clock: the date the agency asked for an answer, its reminders, and the
time left on it when a deficiency notice stops it and the agency's answer starts it
again. Shared by opening, the intake decision and field corrections (fields.py)."""

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings

from triage import deadlines as dl
from triage.models import Deadline, DeadlineKind, Request
from triage.services._core import deadlines_set, now, team_holidays, team_zone

REMINDER_HOUR = 9  # team time
RESPONSE_TIMERS = [DeadlineKind.RESPONSE_DUE, DeadlineKind.RESPONSE_REMINDER]


def emergency_timer_list(
    received_at: datetime, *, acknowledged: str, escalated: str
) -> list[tuple[DeadlineKind, datetime, dict[str, Any]]]:
    """An emergency's clock (a domestic EDR's or an emergency EPOC's): acknowledged within
    LERQ_EMERGENCY_ACK_MINUTES, escalated every LERQ_EMERGENCY_ESCALATION_MINUTES until
    decided; each basis says why in the caller's words."""
    ack, ack_basis = dl.add_minutes(received_at, settings.LERQ_EMERGENCY_ACK_MINUTES, acknowledged)
    esc, esc_basis = dl.add_minutes(
        received_at, settings.LERQ_EMERGENCY_ESCALATION_MINUTES, escalated
    )
    return [
        (DeadlineKind.EMERGENCY_ACK, ack, ack_basis),
        (DeadlineKind.EMERGENCY_ESCALATION, esc, esc_basis),
    ]


def response_timers(request: Request, due: datetime, basis: dict[str, Any]) -> None:
    """The response due date and its reminders (7 and 2 days before, on working days)."""
    deadlines_set(request=request, timers=response_timer_list(due, basis))


def response_timer_list(
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


def resumed_due(
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
