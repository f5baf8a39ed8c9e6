"""Correcting the kind of legal process and the targets that lerq read off a request.

Both are the legal basis of what is disclosed (triage/package.py): a correction on an approved
request withdraws the approval in the same transaction. A change of kind also moves the
timers that depend on the kind (the emergency clock) and records what the rules now find
missing. Who may correct what: triage/services/readings.py.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from triage import deadlines as dl
from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Kind, Request, Status, Target
from triage.models.choices import PRESERVATION_KINDS
from triage.models.conditions import INTAKE
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    deadlines_cancel,
    deadlines_set,
    lock_as_seen,
    now,
    require_perm,
)
from triage.services.approval import approval_recheck
from triage.services.certainty import confirmed_mark
from triage.services.readings import BEFORE_REVIEW, require_corrector, rules_missing

ERR_UNKNOWN_KIND = "Unknown kind of legal process: {kind}."
ERR_FINISHED = "{reference} is {state}: what was read off it can no longer be corrected."
ERR_KIND_HOLD = (
    "{reference} is {state}: a hold is placed on it, so it stays a preservation; release the "
    "hold first, or open the legal process that followed as a request of its own."
)
ERR_TARGET_OTHER = "That target is not one of {reference}'s."
ERR_TARGET_LAST = (
    "{reference} is {state}: its last target cannot be removed once a lawyer reviews it; "
    "reject the request if it names nobody."
)
ERR_TARGET_UNKNOWN_FIELD = "{name} is not an identifier of a target."

TARGET_FIELDS = (
    "type", "user_id", "email", "ip", "account_number", "meeting_id", "host_email",
    "meeting_time", "url", "description",
)  # fmt: skip
_EMERGENCY_TIMERS = [DeadlineKind.EMERGENCY_ACK, DeadlineKind.EMERGENCY_ESCALATION]
# An emergency is acknowledged until a lawyer takes it, and escalated until it is decided.
_ESCALATION_RUNS = frozenset({*BEFORE_REVIEW, Status.IN_REVIEW})


def _locked(request: Request, seen_status: str) -> Request:
    return lock_as_seen(request, seen_status, ERR_FINISHED)


@transaction.atomic(durable=True)
def request_kind_correct(
    *, request: Request, by: Any, kind: str, seen_status: str, note: str = ""
) -> Request:
    """The request is another kind of legal process than was read (a grand-jury subpoena read
    as a court order). The Event records the old and new kind, the timers moved and what the
    rules find missing under the new kind; the letters that name the process follow it."""
    require_perm(by, INTAKE, "correct the kind of", request.reference)
    if kind not in Kind.values:
        raise InvalidInput(ERR_UNKNOWN_KIND.format(kind=kind))
    locked = _locked(request, seen_status)
    require_corrector(by=by, request=locked, what="the kind of legal process")
    if locked.kind == kind:
        return locked
    state = locked.get_status_display().lower()
    if locked.status in (Status.PRESERVED, Status.EXTENDED) and kind not in PRESERVATION_KINDS:
        raise TransitionRefused(ERR_KIND_HOLD.format(reference=locked.reference, state=state))
    before = locked.kind
    locked.kind = kind
    locked.save(update_fields=["kind", *confirmed_mark(locked, ["kind"])])
    timers = _emergency_clock(locked, was_emergency=before == Kind.EMERGENCY)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.KIND_CORRECTED,
        at=now(),
        reason=" ".join(note.split())[:2000],
        data={
            "changes": {"kind": {"from": before, "to": kind}},
            "timers": timers,
            "rules_missing": rules_missing(locked),
        },
    )
    approval_recheck(request=locked, by=by, cause="the kind of legal process was corrected")
    return locked


def _emergency_clock(request: Request, *, was_emergency: bool) -> dict[str, Any]:
    """The emergency clock follows the kind: switched on, it starts now (acknowledge within
    the hour unless a lawyer has it already, escalate until decided); switched off, it stops."""
    is_emergency = request.kind == Kind.EMERGENCY
    if was_emergency and not is_emergency:
        stopped = deadlines_cancel(request=request, kinds=_EMERGENCY_TIMERS)
        return {"stopped": [str(k) for k in _EMERGENCY_TIMERS] if stopped else []}
    if not is_emergency or was_emergency:
        return {}
    start = now()
    timers: list[tuple[DeadlineKind, datetime, Any]] = []
    if request.status in BEFORE_REVIEW:
        due, basis = dl.add_minutes(
            start,
            settings.LERQ_EMERGENCY_ACK_MINUTES,
            "corrected to an emergency: acknowledged within the hour (LERQ_EMERGENCY_ACK_MINUTES)",
        )
        timers.append((DeadlineKind.EMERGENCY_ACK, due, basis))
    if request.status in _ESCALATION_RUNS:
        due, basis = dl.add_minutes(
            start,
            settings.LERQ_EMERGENCY_ESCALATION_MINUTES,
            "corrected to an emergency: escalated until decided "
            "(LERQ_EMERGENCY_ESCALATION_MINUTES)",
        )
        timers.append((DeadlineKind.EMERGENCY_ESCALATION, due, basis))
    deadlines_set(request=request, timers=timers)
    return {"started": {str(k): due.isoformat() for k, due, _ in timers}}


def _target_record(target: Target) -> dict[str, Any]:
    found = {}
    for name in TARGET_FIELDS:
        value = getattr(target, name)
        if value not in (None, ""):
            found[name] = value.isoformat() if isinstance(value, datetime) else value
    return found


def _target_row(values: dict[str, Any], into: Target) -> Target:
    for name, value in values.items():
        if name not in TARGET_FIELDS:
            raise InvalidInput(ERR_TARGET_UNKNOWN_FIELD.format(name=name))
        nullable = Target._meta.get_field(name).null
        if value in (None, "") and name != "type":
            value = None if nullable else ""
        setattr(into, name, value)
    try:
        into.full_clean(exclude=["request"])
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    return into


def _targets_changed(locked: Request, by: Any, change: dict[str, Any]) -> None:
    saved = confirmed_mark(locked, ["targets"])  # a correction confirms the reading
    if saved:
        locked.save(update_fields=saved)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.TARGETS_CORRECTED,
        at=now(),
        data={"changes": {"targets": change}, "rules_missing": rules_missing(locked)},
    )
    approval_recheck(request=locked, by=by, cause="the targets were corrected")


@transaction.atomic(durable=True)
def target_add(*, request: Request, by: Any, seen_status: str, values: dict[str, Any]) -> Target:
    """A target the reading missed: its identifiers go on the record."""
    require_perm(by, INTAKE, "correct the targets of", request.reference)
    locked = _locked(request, seen_status)
    require_corrector(by=by, request=locked, what="the targets")
    target = _target_row(values, Target(request=locked))
    target.save()
    _targets_changed(locked, by, {"from": None, "to": _target_record(target)})
    return target


@transaction.atomic(durable=True)
def target_update(*, target: Target, by: Any, seen_status: str, values: dict[str, Any]) -> Target:
    """A target read wrong (a digit of an account number): old and new on the record."""
    request = target.request
    require_perm(by, INTAKE, "correct the targets of", request.reference)
    locked = _locked(request, seen_status)
    require_corrector(by=by, request=locked, what="the targets")
    row = Target.objects.select_for_update().filter(pk=target.pk, request=locked).first()
    if row is None:
        raise InvalidInput(ERR_TARGET_OTHER.format(reference=locked.reference))
    before = _target_record(row)
    row = _target_row(values, row)
    after = _target_record(row)
    if before == after:
        return row
    row.save()
    _targets_changed(locked, by, {"from": before, "to": after})
    return row


@transaction.atomic(durable=True)
def target_remove(*, target: Target, by: Any, seen_status: str) -> Request:
    """A target that is not one (an agent's phone number, a relay's IP): removed, on the
    record. Once in review the last target stays: a request naming nobody is rejected."""
    request = target.request
    require_perm(by, INTAKE, "correct the targets of", request.reference)
    locked = _locked(request, seen_status)
    require_corrector(by=by, request=locked, what="the targets")
    row = Target.objects.select_for_update().filter(pk=target.pk, request=locked).first()
    if row is None:
        raise InvalidInput(ERR_TARGET_OTHER.format(reference=locked.reference))
    if locked.status not in BEFORE_REVIEW and (Target.objects.filter(request=locked).count() == 1):
        raise TransitionRefused(
            ERR_TARGET_LAST.format(
                reference=locked.reference, state=locked.get_status_display().lower()
            )
        )
    before = _target_record(row)
    row.delete()
    _targets_changed(locked, by, {"from": before, "to": None})
    return locked
