"""What waits for one person: the requests assigned to them, the disclosures awaiting their
approval (a second person's: never one they asked for), and their deadlines this week.

``my_work_count`` is read on every page (the navigation's badge): one COUNT over the request
table, by the assignee and approval columns, with no join, read from two small partial indexes
alone (migration 0031_my_work_indexes).

The lists of My work hold hundreds of lines for a busy approver (issue 18, "my approvals"), and
a line shows a few of a request's columns: the requests are loaded with those only (a whole
Request is about 70 columns, several of them JSON, and dear to build in Python).
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet

from triage.models import (
    AgencyMessage,
    AgencyMessageStatus,
    Deadline,
    DeadlineKind,
    Request,
    Status,
)
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import APPROVE, REVIEW

DEADLINE_DAYS = 7
# What a line of My work shows of a request; ``status`` and ``notice`` too, since the state
# machine's mixin reads its fields when a request is loaded (deferred, a query each).
_REQUEST_LINE = ("reference", "kind", "agency", "status", "notice")
_PERSON_NAME = ("username", "first_name", "last_name")


def _may_approve(user: Any) -> bool:
    from triage.models.people import approver_may_approve_from

    return bool(user.has_perm(APPROVE)) and approver_may_approve_from(user) is None


def _awaiting_q(user: Any) -> Q:
    """Asked for approval, not approved yet, and not asked by ``user``."""
    return Q(status=Status.IN_REVIEW, approval_requested_by__isnull=False) & ~Q(
        approval_requested_by=user
    )


def _assigned_q(user: Any) -> Q:
    return Q(assignee=user) & ~Q(status=Status.CLOSED)


def request_list_awaiting_my_approval(*, user: Any) -> QuerySet[Request]:
    """Disclosures waiting for a second person that ``user`` may approve, the longest waiting
    first; none for a person who may not approve (yet)."""
    if not _may_approve(user):
        return Request.objects.none()
    return (
        Request.objects.filter(_awaiting_q(user))
        .select_related("approval_requested_by")
        .only(
            *_REQUEST_LINE,
            "approval_requested_at",
            *(f"approval_requested_by__{name}" for name in _PERSON_NAME),
        )
        .order_by("approval_requested_at", "pk")
    )


def _mine_this_week(user: Any, now: datetime, days: int) -> QuerySet[Deadline]:
    rows = Deadline.objects.filter(request__assignee=user).exclude(request__status=Status.CLOSED)
    open_soon = Q(done_at__isnull=True, due_at__lt=now + timedelta(days=days))
    overdue = Q(kind=DeadlineKind.RESPONSE_DUE, outcome=Deadline.Outcome.ACTED) & ~Q(
        request__status__in=FINISHED_STATUSES
    )
    return rows.filter(open_soon | overdue)


def deadline_count_mine_this_week(*, user: Any, now: datetime, days: int = DEADLINE_DAYS) -> int:
    return _mine_this_week(user, now, days).count()


def deadline_list_mine_this_week(
    *, user: Any, now: datetime, days: int = DEADLINE_DAYS, limit: int = 200
) -> list[Deadline]:
    """Every kind of deadline of the requests assigned to ``user`` that is still open and due
    within ``days``, and every response the sweep found overdue on a request still owing it;
    overdue first (by due date, earliest first); the first ``limit``."""
    found = (
        _mine_this_week(user, now, days)
        .select_related("request")
        .only(
            *(f.name for f in Deadline._meta.concrete_fields),
            *(f"request__{name}" for name in _REQUEST_LINE),
        )
        .order_by("due_at", "pk")
    )
    return list(found[:limit])


def _to_send_q(user: Any) -> Q:
    return Q(status=AgencyMessageStatus.DRAFT) & ~Q(author=user)


def agency_message_list_to_send(*, user: Any) -> QuerySet[AgencyMessage]:
    """Messages to agencies that another person drafted and ``user`` may send (a second
    person: triage/services/agency_messages.py), the oldest first."""
    if not user.has_perm(REVIEW):
        return AgencyMessage.objects.none()
    return (
        AgencyMessage.objects.filter(_to_send_q(user))
        .select_related("request", "author")
        .only(
            "title",
            "created_at",
            "to",
            "request__reference",
            "request__status",
            "request__notice",
            *(f"author__{name}" for name in _PERSON_NAME),
        )
        .order_by("created_at", "pk")
    )


def my_work_count(*, user: Any) -> int:
    """How much waits for ``user``: requests assigned to them or awaiting their approval, and
    messages to agencies waiting for a second person to send them."""
    if user is None or not user.is_authenticated:
        return 0
    # A union of index-only scans (a request can be both: counted once), not one scan with
    # OR, which reads every matching row in the table to recheck it. Messages join the same
    # count as negative numbers, so that their ids never meet a request's: one query a page.
    waiting = Request.objects.filter(_assigned_q(user)).order_by().values("pk")
    if _may_approve(user):
        awaiting = Request.objects.filter(_awaiting_q(user)).order_by().values("pk")
        waiting = waiting.union(awaiting)
    if user.has_perm(REVIEW):
        drafts = (
            AgencyMessage.objects.filter(_to_send_q(user))
            .order_by()
            .annotate(negative=-F("pk"))
            .values("negative")
        )
        waiting = waiting.union(drafts)
    return waiting.count()
