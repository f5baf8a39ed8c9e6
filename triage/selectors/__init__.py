"""The queries the views and commands need, named like the services (STYLE.md rule 1)."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from triage.models import Deadline, DeadlineKind, Kind, Request
from triage.models.choices import FINISHED_STATUSES, OPEN_STATUSES


def request_list_for_queue() -> QuerySet[Request]:
    """Open requests, emergencies first, then by the date the agency asked for."""
    return (
        Request.objects.filter(status__in=OPEN_STATUSES)
        .select_related("assignee")
        .annotate(
            urgency=Case(
                When(kind=Kind.EMERGENCY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "response_due_date", "received_at")
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
