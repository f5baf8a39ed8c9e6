"""The queries the views and commands need, named like the services (STYLE.md rule 1)."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from triage.models import Deadline, DeadlineKind
from triage.models.choices import FINISHED_STATUSES
from triage.selectors.find import (  # noqa: F401
    STATUS_ANY,
    STATUS_CHOICES,
    STATUS_FINISHED,
    STATUS_OPEN,
    request_list_for_export,
    request_reference_exact,
    request_status_filter,
    saved_filter_list,
)
from triage.selectors.queue import (  # noqa: F401  (the views read them from here)
    QUEUE_PAGE_SIZE,
    dashboard_for_team,
    request_list_all,
    request_list_assignable,
    request_list_for_queue,
    request_list_with_timers,
    request_overdue_q,
    request_search,
    row_timing,
)


def deadline_list(*, due_before: datetime | None = None) -> QuerySet[Deadline]:
    rows = Deadline.objects.select_related("request").order_by("due_at", "pk")
    if due_before is not None:
        rows = rows.filter(due_at__lt=due_before)
    return rows


_NOT_IN_DIGEST = [DeadlineKind.RETENTION_PURGE]


def deadline_digest_for_user(
    *, user: Any, now: datetime, days: int = 7
) -> tuple[list[Deadline], list[Deadline]]:
    """What a person should see in the morning: their requests (and, for lawyers, the
    unassigned ones) that are overdue, and the timers due within ``days``."""
    mine = Q(request__assignee=user)
    if user.has_perm("triage.review_request"):
        mine |= Q(request__assignee__isnull=True)
    rows = Deadline.objects.filter(mine).exclude(kind__in=_NOT_IN_DIGEST).select_related("request")
    overdue = rows.filter(kind=DeadlineKind.RESPONSE_DUE, outcome=Deadline.Outcome.ACTED).exclude(
        request__status__in=FINISHED_STATUSES
    )
    soon = rows.filter(done_at__isnull=True, due_at__lt=now + timedelta(days=days))
    return list(overdue.order_by("due_at")), list(soon.order_by("due_at"))
