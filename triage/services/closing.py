"""How a request ends without a disclosure: rejected with reason codes, lapsed when the
agency never answered, or closed with nothing left to do."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from triage.channels import channel_for
from triage.models import Kind, RejectionReason, Request
from triage.models.choices import EU_ORDER_KINDS
from triage.services import eu_orders
from triage.services._core import (
    InvalidInput,
    act,
    deadlines_cancel,
    reason_required,
    retention_timer_set,
)
from triage.services.letters import letter_issue

ERR_NO_REJECTION_CODE = "Pick at least one rejection reason."
ERR_UNKNOWN_CODE = "Unknown rejection reason: {code}."
ERR_INTERCEPTION_CODE = "An interception demand is rejected with the reason no_capability."
ERR_OTHER_NEEDS_TEXT = "The reason “other” needs an explanation."


@transaction.atomic(durable=True)
def request_lapse(*, request: Request, by: Any, reason: str) -> Request:
    """The agency never answered: the request closes."""
    return request_lapse_in_sweep(request=request, by=by, reason=reason)


def request_lapse_in_sweep(*, request: Request, by: Any, reason: str) -> Request:
    """request_lapse inside the sweep's own transaction (triage/timers.py)."""
    request = act(request, "lapse", by=by, reason=reason_required(reason))
    deadlines_cancel(request=request)
    retention_timer_set(request)
    return request


def _rejection_codes(request: Request, reasons: Iterable[str], explanation: str) -> list[str]:
    codes = list(dict.fromkeys(reasons))
    if not codes:
        raise InvalidInput(ERR_NO_REJECTION_CODE)
    if request.kind in EU_ORDER_KINDS:  # an Annex III answer (Regulation (EU) 2023/1543)
        return eu_orders.annex_iii_codes(codes, explanation)
    for code in codes:
        if code not in RejectionReason.values:
            raise InvalidInput(ERR_UNKNOWN_CODE.format(code=code))
    if request.kind == Kind.INTERCEPTION and RejectionReason.NO_CAPABILITY not in codes:
        raise InvalidInput(ERR_INTERCEPTION_CODE)
    if RejectionReason.OTHER in codes and not explanation.strip():
        raise InvalidInput(ERR_OTHER_NEEDS_TEXT)
    return codes


@transaction.atomic(durable=True)
def request_reject(
    *, request: Request, by: Any, reasons: Iterable[str], explanation: str = ""
) -> Request:
    """Refused, with reason codes (for the letter and the transparency report) and why."""
    codes = _rejection_codes(request, reasons, explanation)
    channel_for(request).check()  # the Annex III answer goes by the order's channel
    request = act(
        request,
        "reject",
        by=by,
        reason=explanation.strip(),
        data={"reasons": codes},
        changes={"rejection_reasons": codes, "rejection_explanation": explanation.strip()},
    )
    deadlines_cancel(request=request)
    letter = "eu_annex_iii" if request.kind in EU_ORDER_KINDS else "rejection"
    letter_issue(request=request, kind=letter, by=by, locked=True)
    return request


@transaction.atomic(durable=True)
def request_close(*, request: Request, by: Any, note: str = "") -> Request:
    """Nothing left to do: every timer stops but the retention clock, which starts."""
    request = act(request, "close", by=by, reason=note)
    deadlines_cancel(request=request)
    retention_timer_set(request)
    return request
