"""The queries the views and commands need, named like the services (STYLE.md rule 1)."""

from datetime import datetime

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from triage.models import Deadline, Event, Kind, Request, Status
from triage.models.choices import OPEN_STATUSES


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


def event_list_for_request(*, request: Request) -> QuerySet[Event]:
    return Event.objects.filter(request=request).select_related("actor").order_by("seq")


def request_count_by_status() -> dict[str, int]:
    counts = {status: 0 for status in Status.values}
    for row in Request.objects.values("status").order_by().annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
