"""What every service shares: its errors, the locked transition step, deadlines, references.

Nothing here is a use case; the public services in the sibling modules are.
"""

import functools
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from triage import deadlines as dl
from triage.audit import event_append
from triage.models import (
    Deadline,
    DeadlineKind,
    EventKind,
    Matter,
    ReferenceCounter,
    Request,
    Status,
)
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import APPROVE, failed_conditions
from triage.models.people import approver_may_approve_from

ERR_CHANGED = "{reference} was changed by someone else while you were looking at it: it is now {now}. Reload and try again."  # noqa: E501
ERR_NOT_AVAILABLE = "{reference} is {state}: “{action}” is not possible from there."
ERR_CONDITIONS = "{reference}: cannot “{action}”: {why}."
ERR_NOT_PERMITTED = "{user} may not “{action}” on {reference}."
ERR_REASON_REQUIRED = "Say why: this action needs a reason that will be on the record."
ERR_SELF_APPROVAL = "{user} asked for approval of {reference}: a second person must approve it."
ERR_APPROVER_COOLING = (
    "{user} became an approver less than {hours:g} hours ago and may approve from {when}."
)


class ServiceError(Exception):
    """A use case refused, with a sentence for the person who tried."""


class ActionNotPermitted(ServiceError, PermissionDenied):
    """The person's role does not allow this (views answer 403)."""


class TransitionRefused(ServiceError):
    """The request's state or its conditions do not allow this now."""


class RequestChanged(ServiceError):
    """Someone else acted on the request first; nothing was done."""


class InvalidInput(ServiceError):
    """What was given cannot be accepted (a missing reason, an unknown code)."""


def reason_required(reason: str) -> str:
    """The reason an action puts on the record, stripped; none is refused."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(ERR_REASON_REQUIRED)
    return reason


def now() -> datetime:
    return timezone.now()


def team_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def team_holidays() -> Collection[date]:
    """Public holidays of the team's country (expands to any year it is asked about)."""
    return _holidays(settings.LERQ_HOLIDAY_COUNTRY, settings.LERQ_HOLIDAY_SUBDIVISION)


@functools.lru_cache(maxsize=8)
def _holidays(country: str, subdivision: str | None) -> Collection[date]:
    # Building the calendar costs 0.7 ms, and opening a request asked for it twice.
    return holidays.country_holidays(country, subdiv=subdivision)


def after_commit(fn: Callable[[], Any]) -> None:
    """Mail and task dispatch wait for the commit: nothing goes out for a rolled-back change."""
    transaction.on_commit(fn, robust=True)


def require_perm(user: Any, perm: str, action: str, reference: str = "lerq") -> None:
    if user is not None and not user.has_perm(perm):
        raise ActionNotPermitted(
            ERR_NOT_PERMITTED.format(user=user.get_username(), action=action, reference=reference)
        )


def reference_allocate(year: int) -> str:
    """The next ``LER-YYYY-NNNNNN``. Runs inside the caller's transaction: the counter row stays
    locked until it commits (or rolls back and returns the number), so numbers have no gaps."""
    number = _counter_next(year)
    if number is None:
        try:
            with transaction.atomic():
                number = ReferenceCounter.objects.create(year=year, last=1).last
        except IntegrityError:
            # Another transaction created the year's row first: take the next number after it.
            number = _counter_next(year)
    return f"LER-{year:04d}-{number:06d}"


def _counter_next(year: int) -> int | None:
    """The year's counter, one up, in one statement (UPDATE … RETURNING); None if no row."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last",  # noqa: S608
            [year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def lock(request: Request) -> Request:
    """The request's row, locked until commit, in the state the caller saw; else RequestChanged."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if (locked.status, locked.notice, locked.approval_requested_by_id) != (
        request.status,
        request.notice,
        request.approval_requested_by_id,
    ):
        current = locked.get_status_display()
        if locked.notice != request.notice:
            current = f"{current}, notice {locked.get_notice_display().lower()}"
        raise RequestChanged(ERR_CHANGED.format(reference=locked.reference, now=current))
    return locked


def lock_as_seen(request: Request, seen_status: str, finished: str) -> Request:
    """The request's row, locked until commit, for a correction made from a page that showed
    ``seen_status``: RequestChanged if it moved since, TransitionRefused (``finished``, with
    reference and state) once it is finished."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if locked.status != seen_status:
        raise RequestChanged(
            ERR_CHANGED.format(reference=locked.reference, now=locked.get_status_display())
        )
    if locked.status in FINISHED_STATUSES:
        state = locked.get_status_display().lower()
        raise TransitionRefused(finished.format(reference=locked.reference, state=state))
    return locked


def act(
    request: Request,
    name: str,
    *,
    by: Any,
    reason: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    held: bool = False,
    check: Callable[[Request], dict[str, Any]] | None = None,
) -> Request:
    """Fire transition ``name`` on the locked request as ``by`` (None: lerq itself), apply
    ``changes``, save, and append the Event. Returns the saved, locked instance.
    ``held``: ``request`` is the row this transaction inserted (so it holds its lock, and its
    state is the one in hand): it is not selected again.
    ``check``: a further condition that needs more than the request's row (the rules over its
    targets, triage/services/readings.py), run once the transition is allowed; it raises to
    refuse, and what it returns joins the Event's data."""
    locked = request if held else lock(request)
    method = getattr(locked, name)
    field = method._django_fsm.field
    source = getattr(locked, field.name)
    transition = method._django_fsm.get_transition(source)
    any_transition = next(iter(method._django_fsm.transitions.values()))
    label = (transition or any_transition).custom.get("label", name).lower()
    fmt = {"reference": locked.reference, "action": label}
    if transition is None:
        state = dict(field.choices).get(source, source).lower()
        raise TransitionRefused(ERR_NOT_AVAILABLE.format(state=state, **fmt))
    if by is not None and not transition.has_perm(locked, by):
        user = by.get_username()
        if name == "approve" and by.pk == locked.approval_requested_by_id:
            raise ActionNotPermitted(ERR_SELF_APPROVAL.format(user=user, **fmt))
        if name == "approve" and by.has_perm(APPROVE):
            until = approver_may_approve_from(by)
            if until is not None:
                raise ActionNotPermitted(
                    ERR_APPROVER_COOLING.format(
                        user=user,
                        hours=settings.LERQ_APPROVER_COOLING_HOURS,
                        when=f"{timezone.localtime(until, team_zone()):%Y-%m-%d %H:%M %Z}",
                    )
                )
        raise ActionNotPermitted(ERR_NOT_PERMITTED.format(user=user, **fmt))
    failed = failed_conditions(locked, transition)
    if failed:
        raise TransitionRefused(ERR_CONDITIONS.format(why="; ".join(failed), **fmt))
    if check is not None:
        data = {**(data or {}), **check(locked)}

    method()
    at = now()
    update_fields = [field.name, *(changes or {})]
    for attr, value in (changes or {}).items():
        setattr(locked, attr, value)
    target = getattr(locked, field.name)
    if field.name == "status" and target != source:
        locked.status_changed_at = at
        update_fields.append("status_changed_at")
        if target == Status.CLOSED:
            locked.closed_at = at
            update_fields.append("closed_at")
    try:
        locked.save(update_fields=update_fields)
    except ConcurrentTransition as exc:  # a database without row locks let a second writer in
        raise RequestChanged(
            ERR_CHANGED.format(reference=locked.reference, now="in another state")
        ) from exc
    event_append(
        request=locked,
        actor=by,
        action=EventKind(name),
        at=at,
        from_state=source,
        to_state=target,
        reason=reason,
        data={"machine": field.name, **(data or {})},
    )
    return locked


def deadline_set(
    *, request: Request, kind: DeadlineKind, due_at: datetime, basis: dict[str, Any]
) -> Deadline:
    return Deadline.objects.create(request=request, kind=kind, due_at=due_at, basis=basis)


def deadlines_set(*, request: Request, timers: list[tuple[DeadlineKind, datetime, Any]]) -> None:
    """Several of ``deadline_set`` in one statement: (kind, due_at, basis) each."""
    Deadline.objects.bulk_create(
        Deadline(request=request, kind=kind, due_at=due_at, basis=basis)
        for kind, due_at, basis in timers
    )


# Timers that outlive the request's decision: the user must still be told when a
# non-disclosure order ends, and the record is still purged at the end of its retention.
OUTLIVE_DECISION = [
    DeadlineKind.NONDISCLOSURE_END,
    DeadlineKind.RETENTION_PURGE,
    DeadlineKind.EMERGENCY_NOTICE,  # the user is told after an emergency, decided or not
]


def deadlines_cancel(
    *,
    request: Request,
    kinds: list[DeadlineKind] | None = None,
    outcome: str = Deadline.Outcome.CANCELLED,
) -> int:
    """Close the request's open timers of ``kinds`` as cancelled (or ``outcome``: paused);
    with None, every timer that does not outlive the decision (OUTLIVE_DECISION)."""
    rows = Deadline.objects.filter(request=request, done_at__isnull=True)
    if kinds is None:
        rows = rows.exclude(kind__in=OUTLIVE_DECISION)
    else:
        rows = rows.filter(kind__in=kinds)
    return rows.update(done_at=now(), outcome=outcome)


def retention_timer_set(request: Request) -> Deadline:
    """A closed request is kept for the retention period (7 years), then purged."""
    due, basis = dl.years_later(
        now(),
        settings.LERQ_RETENTION_YEARS,
        team_zone(),
        "closed requests are kept for the retention period (LERQ_RETENTION_YEARS)",
    )
    return deadline_set(request=request, kind=DeadlineKind.RETENTION_PURGE, due_at=due, basis=basis)


def matter_of(request: Request) -> Matter:
    """The request's matter, created (and saved on the request) if it has none yet."""
    if request.matter_id is None:
        request.matter = Matter.objects.create(title=f"Matter of {request.reference}")
        Request.objects.filter(pk=request.pk).update(matter=request.matter)
    return request.matter
