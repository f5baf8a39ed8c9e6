"""Use cases of an EU order (Regulation (EU) 2023/1543): its first timers, the user notice the
Regulation decides, the EPOC-PR's preservation (60 days, extended once by 30 with Annex VI,
kept for production once Annex V confirms a subsequent request).

The pure arithmetic is in triage/eu_orders.py; the conditions on ``disclose`` in
triage/models/eu_conditions.py.
"""

from datetime import datetime
from typing import Any

from django.db import transaction

from triage import eu_orders
from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Hold, Kind, Notice, Request, Status
from triage.models.choices import AnnexIIIReason
from triage.models.conditions import REVIEW
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    act,
    deadline_set,
    deadlines_cancel,
    lock,
    now,
    require_perm,
    team_zone,
)
from triage.services.response_clock import emergency_timer_list

# Article 13: the issuing authority informs the person whose data are sought (13(1)) and may
# delay it (13(2)); the addressee keeps the EPOC / EPOC-PR confidential (13(4)).
NOTICE_BASIS = (
    "Regulation (EU) 2023/1543, Article 13: the issuing authority, not the service provider, "
    "informs the person whose data are sought (Article 13(1), (2)); the provider keeps the "
    "order and the data confidential (Article 13(4))."
)
ERR_ANNEX_III_CODE = "Unknown Annex III reason: {code}."
ERR_ANNEX_III_EXPLAIN = (
    "The Annex III reasons {codes} need an explanation (the circumstances, the conflicting law, "
    "or what is missing from the certificate)."
)
# Reasons the issuing authority cannot act on without our words (Articles 10, 11, 17).
_EXPLAINED = frozenset(
    {
        AnnexIIIReason.DE_FACTO_IMPOSSIBLE,
        AnnexIIIReason.THIRD_COUNTRY_LAW,
        AnnexIIIReason.IMMUNITIES,
        AnnexIIIReason.OTHER,
    }
)
ERR_NOT_EPOC_PR = "{reference} is not a European Preservation Order (EPOC-PR)."
ERR_NOT_PRESERVED = "{reference} is not preserved: there is nothing to {action}."
ERR_CONFIRMED = "{reference}: a subsequent request for production was already confirmed."
_HOLD_TIMERS = [DeadlineKind.HOLD_END, DeadlineKind.HOLD_REMINDER, DeadlineKind.EXTENSION_END]


def first_timers(request: Request) -> list[tuple[DeadlineKind, datetime, Any]]:
    """An EPOC's timers on receipt: the production due (8 hours or 10 days, and not before
    the enforcing authority's window ends where it suspends), the window itself, and an
    emergency's acknowledgement and escalation, as for any emergency."""
    if request.kind != Kind.EU_PRODUCTION_ORDER:
        return []
    tz, emergency = team_zone(), request.eu_emergency
    due, basis = eu_orders.production_due(request.received_at, emergency=emergency, tz=tz)
    timers: list[tuple[DeadlineKind, datetime, Any]] = []
    if request.eu_enforcing_notified:
        ends, wbasis = eu_orders.enforcing_window_end(
            request.received_at, emergency=emergency, tz=tz
        )
        timers.append((DeadlineKind.EU_ENFORCING_WINDOW_END, ends, wbasis))
        if eu_orders.enforcing_window_suspends(notified=True, emergency=emergency):
            # Article 10(2): at the end of that window, not before.
            due, basis = ends, {**wbasis, "produce": "at the end of the window"}
    timers.append((DeadlineKind.RESPONSE_DUE, due, basis))
    if emergency:
        timers += emergency_timer_list(
            request.received_at,
            acknowledged="emergency EPOC: acknowledged as any emergency "
            "(LERQ_EMERGENCY_ACK_MINUTES)",
            escalated="emergency EPOC: escalated until decided (LERQ_EMERGENCY_ESCALATION_MINUTES)",
        )
    return timers


def notice_decide(request: Request) -> Request:
    """The user notice of an EU order is not the provider's to send (Article 13): recorded as
    not permitted, by lerq, with the Article as basis. Inside the caller's transaction."""
    if request.kind not in (Kind.EU_PRODUCTION_ORDER, Kind.EU_PRESERVATION_ORDER):
        return request
    if request.notice != Notice.NOT_DECIDED:
        return request
    return act(
        request,
        "notice_forbid",
        by=None,
        reason=NOTICE_BASIS,
        changes={"notice_basis": NOTICE_BASIS},
        data={"article": "Regulation (EU) 2023/1543, Article 13"},
    )


def annex_iii_codes(codes: list[str], explanation: str) -> list[str]:
    """The reason codes of an EU order's rejection, its Annex III answer: known codes, and an
    explanation where the reason cannot stand without one."""
    for code in codes:
        if code not in AnnexIIIReason.values:
            raise InvalidInput(ERR_ANNEX_III_CODE.format(code=code))
    unexplained = [c for c in codes if c in _EXPLAINED]
    if unexplained and not explanation.strip():
        raise InvalidInput(ERR_ANNEX_III_EXPLAIN.format(codes=", ".join(unexplained)))
    return codes


def hold_end(request: Request) -> tuple[datetime, dict[str, Any]]:
    """Where an EPOC-PR's hold ends: 60 days after receipt (Article 11(1))."""
    return eu_orders.preservation_end(request.received_at, tz=team_zone())


def _preserved(request: Request, action: str) -> Request:
    if request.kind != Kind.EU_PRESERVATION_ORDER:
        raise InvalidInput(ERR_NOT_EPOC_PR.format(reference=request.reference))
    if request.status not in (Status.PRESERVED, Status.EXTENDED):
        raise TransitionRefused(
            ERR_NOT_PRESERVED.format(reference=request.reference, action=action)
        )
    return request


@transaction.atomic(durable=True)
def eu_preservation_extend(*, request: Request, by: Any, note: str = "") -> Hold:
    """Annex VI: the issuing authority extends the preservation, once, by 30 days, during the
    first 60 (Article 11(1)). The extended end is counted from the end it replaces."""
    _preserved(request, "extend")
    if request.eu_production_confirmed_at is not None:
        raise TransitionRefused(ERR_CONFIRMED.format(reference=request.reference))
    hold = Hold.objects.select_for_update().get(request=request)
    ends_at, basis = eu_orders.preservation_extended_end(hold.ends_at, tz=team_zone())
    request = act(
        request,
        "extend",
        by=by,
        reason=note,
        data={"ends_at": ends_at.isoformat(), "article": basis["article"]},
    )
    hold.extended_at, hold.ends_at = now(), ends_at
    hold.save(update_fields=["extended_at", "ends_at"])
    deadlines_cancel(request=request, kinds=_HOLD_TIMERS)
    deadline_set(request=request, kind=DeadlineKind.EXTENSION_END, due_at=ends_at, basis=basis)
    return hold


@transaction.atomic(durable=True)
def eu_production_confirm(*, request: Request, by: Any, note: str = "") -> Request:
    """Annex V: the issuing authority confirms a subsequent request for production was issued.
    The data are then kept as long as needed to produce them once it arrives (Article 11(2)):
    the hold no longer ends by itself; it is released when the production is done or the
    issuing authority says it is no longer needed (Article 11(3))."""
    _preserved(request, "confirm")
    if request.eu_production_confirmed_at is not None:
        raise TransitionRefused(ERR_CONFIRMED.format(reference=request.reference))
    require_perm(by, REVIEW, "record a confirmation of production on", request.reference)
    locked = lock(request)
    at = now()
    locked.eu_production_confirmed_at = at
    locked.save(update_fields=["eu_production_confirmed_at"])
    deadlines_cancel(request=locked, kinds=_HOLD_TIMERS)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.EU_PRODUCTION_CONFIRMED,
        at=at,
        reason=note,
        data={
            "article": "Regulation (EU) 2023/1543, Article 11(2), Annex V",
            "held": "until the subsequent request for production is received and produced",
        },
    )
    return locked
