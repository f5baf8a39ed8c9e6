"""The conditions Regulation (EU) 2023/1543 puts on an EU order's transitions, in the manner
of triage/models/conditions.py (a sentence, and what time alone will meet)."""

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from triage import eu_orders
from triage.models.choices import EU_ORDER_KINDS, Kind
from triage.models.conditions import _explained
from triage.models.eu_order import EnforcingAnswer

if TYPE_CHECKING:
    from triage.models.request import Request


def _suspends(request: "Request") -> bool:
    # Article 10(2), second sentence: once the enforcing authority confirms it raises no
    # ground for refusal, the addressee acts as soon as possible: the window no longer holds.
    if request.eu_enforcing_answer == EnforcingAnswer.NO_GROUNDS:
        return False
    return request.kind == Kind.EU_PRODUCTION_ORDER and eu_orders.enforcing_window_suspends(
        notified=request.eu_enforcing_notified, emergency=request.eu_emergency
    )


def enforcing_window_ends_at(request: "Request") -> datetime:
    due, _ = eu_orders.enforcing_window_end(
        request.received_at, emergency=request.eu_emergency, tz=ZoneInfo(settings.TIME_ZONE)
    )
    return due


def _enforcing_window(request: "Request") -> tuple[str, datetime] | None:
    if not _suspends(request):
        return None
    ends = enforcing_window_ends_at(request)
    if ends <= timezone.now():
        return None
    return "the enforcing authority's 10 days ending (Articles 8(4), 10(2))", ends


@_explained(
    "the enforcing authority was notified of this EPOC: the data go out only at the end of its "
    "10 days to raise a ground for refusal (Regulation (EU) 2023/1543, Articles 8(4), 10(2))",
    when=_enforcing_window,
)
def enforcing_window_over(request: "Request") -> bool:
    if not _suspends(request):
        return True
    return enforcing_window_ends_at(request) <= timezone.now()


@_explained(
    "the enforcing authority raised a ground for refusal: the execution stops and the data are "
    "not transferred; the issuing authority withdraws the order (Regulation (EU) 2023/1543, "
    "Article 12(3); in an emergency, Article 10(4))",
    not_for=lambda r: r.kind != Kind.EU_PRODUCTION_ORDER,
)
def enforcing_not_refused(request: "Request") -> bool:
    return request.eu_enforcing_answer != EnforcingAnswer.REFUSED


@_explained(
    "the production holds data of a category the certificate does not ask for, or traffic or "
    "content data the enforcing authority was not notified of (Regulation (EU) 2023/1543, "
    "Articles 5, 8(1)): see the disclosure package",
    not_for=lambda r: r.kind != Kind.EU_PRODUCTION_ORDER,
)
def production_within_certificate(request: "Request") -> bool:
    from triage.package import eu_category_problems  # the package reads models

    return not eu_category_problems(request)


@_explained(
    "only an EU order (EPOC or EPOC-PR) is withdrawn by its issuing authority (Regulation (EU) "
    "2023/1543, Article 12(3))",
    not_for=lambda r: r.kind not in EU_ORDER_KINDS,
)
def is_eu_order(request: "Request") -> bool:
    return request.kind in EU_ORDER_KINDS
