"""The enforcing authority's answer to an EPOC it was notified of (Regulation (EU) 2023/1543,
Articles 8, 10 and 12), recorded as such.

- It confirms early that it raises no ground for refusal (Article 10(2), second sentence): we
  act as soon as possible, at the latest by the end of its 10 days. The window stops holding
  back the disclosure (triage/models/eu_conditions.py) and the production's deadline keeps its
  date with a basis that says so.
- It raises a ground for refusal (Article 12(1)): "the addressee shall stop the execution of
  the European Production Order and not transfer the data, and the issuing authority shall
  withdraw the order" (Article 12(3)). So the data never go out (``disclose`` is refused for
  good) and the request is not rejected: a rejection is our Annex III answer, which says why
  *we* cannot comply, and we have no such reason; the order ends by the issuing authority's
  withdrawal. The request waits for it with its production timers stopped. In an emergency the
  data may already have left within the 8 hours (Article 10(4)): the refusal is recorded, and
  it is for the issuing authority to delete or restrict what it received.

And the order's end: the issuing authority withdraws it (Article 12(3) after a ground for
refusal, or for any reason of its own before production, an EPOC-PR too). ``eu_order_withdrawn``
records the withdrawal as received and closes the request: nothing is produced, an approval
falls, a hold ends, every timer stops but the retention clock.
"""

from datetime import datetime
from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Hold, Kind, Request, Status
from triage.models.conditions import REVIEW
from triage.models.eu_order import EnforcingAnswer, RefusalGround
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    act,
    deadline_set,
    deadlines_cancel,
    lock,
    now,
    require_perm,
    retention_timer_set,
)

ARTICLE = "Regulation (EU) 2023/1543"
ERR_NOT_EPOC = "{reference} is not a European Production Order (EPOC)."
ERR_NOT_NOTIFIED = (
    "{reference}: the certificate says the enforcing authority was not notified (Article 8); "
    "correct the certificate first if it was."
)
ERR_ANSWERED = "{reference}: the enforcing authority's answer is already recorded ({answer})."
ERR_FINISHED = "{reference} is {status}: there is nothing left to execute."
ERR_NO_GROUNDS_GIVEN = "Name the ground for refusal the enforcing authority raised (Article 12(1))."
ERR_GROUND = "Unknown ground for refusal: {ground}."
ERR_RECEIVED_FUTURE = "The enforcing authority's answer cannot have arrived in the future."
ERR_RECEIVED_EARLY = "The enforcing authority's answer cannot predate the order ({received})."
ERR_NOT_EU = "{reference} is not an EU order (EPOC or EPOC-PR): no issuing authority withdraws it."
ERR_WITHDRAWAL_NOTE = "Say what the issuing authority wrote (its words, its reference)."
ERR_WITHDRAWAL_FUTURE = "The issuing authority's withdrawal cannot have arrived in the future."
ERR_WITHDRAWAL_EARLY = "The issuing authority's withdrawal cannot predate the order ({received})."
# The production's timers, stopped when the execution stops (Article 12(3)).
_PRODUCTION_TIMERS = [
    DeadlineKind.RESPONSE_DUE,
    DeadlineKind.RESPONSE_REMINDER,
    DeadlineKind.EMERGENCY_ACK,
    DeadlineKind.EMERGENCY_ESCALATION,
    DeadlineKind.EU_ENFORCING_WINDOW_END,
]


def _received(at: datetime, received_at: datetime | None, order: Request, *errors: str) -> datetime:
    """When the authority's word arrived (None: now): not in the future, not before the order."""
    future, early = errors
    received_at = received_at or at
    if received_at > at:
        raise InvalidInput(future)
    if received_at < order.received_at:
        raise InvalidInput(early.format(received=order.received_at.isoformat()))
    return received_at


def _answerable(request: Request, by: Any, what: str) -> Request:
    require_perm(by, REVIEW, what, request.reference)
    locked = lock(request)
    fmt = {"reference": locked.reference}
    if locked.kind != Kind.EU_PRODUCTION_ORDER:
        raise InvalidInput(ERR_NOT_EPOC.format(**fmt))
    if not locked.eu_enforcing_notified:
        raise InvalidInput(ERR_NOT_NOTIFIED.format(**fmt))
    if locked.eu_enforcing_answer:
        answer = locked.get_eu_enforcing_answer_display().lower()
        raise TransitionRefused(ERR_ANSWERED.format(answer=answer, **fmt))
    return locked


@transaction.atomic(durable=True)
def eu_enforcing_no_grounds(
    *, request: Request, by: Any, note: str = "", received_at: datetime | None = None
) -> Request:
    """The enforcing authority told us, before its 10 days ended, that it raises no ground for
    refusal (Article 10(2)): the data may go out now, and must by the end of the 10 days."""
    locked = _answerable(request, by, "record the enforcing authority's answer on")
    at = now()
    received_at = _received(at, received_at, locked, ERR_RECEIVED_FUTURE, ERR_RECEIVED_EARLY)
    if locked.status in (Status.REJECTED, Status.CLOSED):
        raise TransitionRefused(
            ERR_FINISHED.format(
                reference=locked.reference, status=locked.get_status_display().lower()
            )
        )
    locked.eu_enforcing_answer = EnforcingAnswer.NO_GROUNDS
    locked.eu_enforcing_answered_at = received_at
    locked.save(update_fields=["eu_enforcing_answer", "eu_enforcing_answered_at"])
    window = locked.deadlines.filter(
        kind=DeadlineKind.EU_ENFORCING_WINDOW_END, done_at__isnull=True
    ).first()
    due = locked.deadlines.filter(kind=DeadlineKind.RESPONSE_DUE, done_at__isnull=True).first()
    deadlines_cancel(
        request=locked,
        kinds=[DeadlineKind.EU_ENFORCING_WINDOW_END]
        + ([] if locked.eu_emergency else [DeadlineKind.RESPONSE_DUE]),
    )
    basis = {
        "rule": "the enforcing authority confirmed it raises no ground for refusal: act as soon "
        "as possible, at the latest by the end of its 10 days",
        "article": f"{ARTICLE}, Article 10(2)",
        "confirmed_at": received_at.isoformat(),
    }
    # In an emergency the window never held the data back and the 8 hours stand (10(4)).
    if due is not None and not locked.eu_emergency:
        deadline_set(
            request=locked,
            kind=DeadlineKind.RESPONSE_DUE,
            due_at=due.due_at,
            basis={**(due.basis or {}), **basis},
        )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.EU_ENFORCING_NO_GROUNDS,
        at=at,
        reason=note.strip(),
        data={
            **basis,
            "window_ended_at": window.due_at.isoformat() if window else None,
            "produce_by": due.due_at.isoformat() if due else None,
            "emergency": locked.eu_emergency,
        },
    )
    return locked


def _grounds(grounds: list[str]) -> list[str]:
    codes = list(dict.fromkeys(grounds))
    if not codes:
        raise InvalidInput(ERR_NO_GROUNDS_GIVEN)
    for code in codes:
        if code not in RefusalGround.values:
            raise InvalidInput(ERR_GROUND.format(ground=code))
    return codes


@transaction.atomic(durable=True)
def eu_enforcing_refused(
    *, request: Request, by: Any, grounds: list[str], note: str = ""
) -> Request:
    """The enforcing authority raised a ground for refusal (Article 12): the execution stops and
    the data are not transferred; the issuing authority withdraws the order (12(3)). An approval
    falls (nothing approved may go out); the request waits for the withdrawal."""
    codes = _grounds(grounds)
    locked = _answerable(request, by, "record the enforcing authority's refusal on")
    at = now()
    already_out = locked.status in (Status.DISCLOSED, Status.CLOSED)
    locked.eu_enforcing_answer = EnforcingAnswer.REFUSED
    locked.eu_enforcing_answered_at = at
    locked.eu_enforcing_grounds = codes
    locked.save(
        update_fields=["eu_enforcing_answer", "eu_enforcing_answered_at", "eu_enforcing_grounds"]
    )
    deadlines_cancel(request=locked, kinds=_PRODUCTION_TIMERS)
    data: dict[str, Any] = {
        "grounds": codes,
        "article": f"{ARTICLE}, Article 12(1), (3)",
        "emergency": locked.eu_emergency,
    }
    if already_out:
        # Article 10(4): the issuing authority deletes the data or restricts their use.
        data["already_disclosed"] = True
        data["then"] = "the issuing authority deletes or restricts the data it received"
        data["article"] = f"{ARTICLE}, Articles 10(4), 12(1)"
    else:
        data["then"] = (
            "the execution stops, the data are not transferred; the issuing authority "
            "withdraws the order"
        )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.EU_ENFORCING_REFUSED,
        at=at,
        reason=note.strip(),
        data=data,
    )
    if locked.status == Status.APPROVED:
        locked = act(
            locked,
            "withdraw_approval",
            by=by,
            reason="The enforcing authority raised a ground for refusal: nothing goes out "
            f"({ARTICLE}, Article 12(3)).",
            data={"automatic": True, "cause": "enforcing authority's refusal"},
            changes={
                "approved_by": None,
                "approved_at": None,
                "approved_package": {},
                "approved_package_sha256": "",
            },
            held=True,
        )
    return locked


@transaction.atomic(durable=True)
def eu_order_withdrawn(
    *, request: Request, by: Any, note: str, received_at: datetime | None = None
) -> Request:
    """The issuing authority withdrew the EU order before production (received at
    ``received_at``, None: now): after the enforcing authority's ground for refusal (Article
    12(3)) or for any reason. The request closes: nothing is produced, an approval falls, a
    hold ends (the data need no longer be preserved), every timer stops but retention."""
    require_perm(by, REVIEW, "record the issuing authority's withdrawal of", request.reference)
    if not note.strip():
        raise InvalidInput(ERR_WITHDRAWAL_NOTE)
    locked = lock(request)
    if locked.kind not in (Kind.EU_PRODUCTION_ORDER, Kind.EU_PRESERVATION_ORDER):
        raise InvalidInput(ERR_NOT_EU.format(reference=locked.reference))
    at = now()
    received_at = _received(at, received_at, locked, ERR_WITHDRAWAL_FUTURE, ERR_WITHDRAWAL_EARLY)
    refused = locked.eu_enforcing_answer == EnforcingAnswer.REFUSED
    data: dict[str, Any] = {
        "received_at": received_at.isoformat(),
        "after_refusal": refused,
        "grounds": list(locked.eu_enforcing_grounds or []) if refused else [],
        "article": f"{ARTICLE}, Article 12(3)" if refused else ARTICLE,
        "was": locked.status,
    }
    changes: dict[str, Any] = {}
    if locked.status == Status.APPROVED:
        data["approval_withdrawn"] = True
        changes = {
            "approved_by": None,
            "approved_at": None,
            "approved_package": {},
            "approved_package_sha256": "",
        }
    hold = Hold.objects.select_for_update().filter(request=locked, released_at=None).first()
    if hold is not None and locked.status in (Status.PRESERVED, Status.EXTENDED):
        hold.released_at = at
        hold.save(update_fields=["released_at"])
        data["hold_released"] = True
    locked = act(
        locked, "eu_withdrawn", by=by, reason=note.strip(), data=data, changes=changes, held=True
    )
    deadlines_cancel(request=locked)
    retention_timer_set(locked)
    return locked
