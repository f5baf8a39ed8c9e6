"""The user's objections to a notice: recorded (by the team, or by lerq from the user's
verified reply), which pauses disclosure, and resolved, upheld or overruled."""

from datetime import datetime
from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, Kind, Notice, Objection, Request, Status
from triage.models.conditions import REVIEW
from triage.services._core import InvalidInput, act, lock, now, require_perm

ERR_OBJECTION_TEXT = "Record what the user said in the objection."
ERR_NO_NOTICE = (
    "{reference}: the user was not sent a notice, so there is no objection window to object in."
)
ERR_OUTCOME = "An objection is either upheld or overruled, not “{outcome}”."
ERR_RESOLUTION_REQUIRED = "Say what was decided about the objection, and why."
ERR_RESOLVED = "This objection was already resolved ({outcome})."


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
