"""The queue's CSV export and each person's saved filters (issue 18).

The export reads exactly what the queue shows for the same query string (the same filter and
selector), streams it, and is recorded. A cell a spreadsheet would read as a formula (one that
starts with = + - @, a tab or a carriage return) gets a leading apostrophe: an agency name or
a target's address came from outside and must not run in a lawyer's spreadsheet.
"""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from triage import selectors, services
from triage.filters import QueueFilter
from triage.models import EventKind, Request
from triage.views.access import staff_required

COLUMNS = [
    "reference",
    "kind",
    "status",
    "agency",
    "agent",
    "agent email",
    "received",
    "response due",
    "assigned to",
    "targets",
    "last event",
    "last event at",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """``value`` as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    """csv.writer writes into this; each row's text goes straight to the response."""

    def write(self, value: str) -> str:
        return value


def _row(r: Request, zone: Any) -> list[str]:
    received = timezone.localtime(r.received_at, zone).strftime("%Y-%m-%d %H:%M")
    last_at = (
        timezone.localtime(r.last_event_at, zone).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        if r.last_event_at  # type: ignore[attr-defined]
        else ""
    )
    action = r.last_event_action  # type: ignore[attr-defined]
    return [
        csv_cell(value)
        for value in (
            r.reference,
            r.get_kind_display(),
            r.get_status_display(),
            r.agency,
            r.agent_name,
            r.agent_email,
            received,
            r.response_due_date.isoformat() if r.response_due_date else "",
            r.assignee.get_username() if r.assignee else "",
            r.targets_count,  # type: ignore[attr-defined]
            EventKind(action).label if action in EventKind.values else (action or ""),
            last_at,
        )
    ]


def _lines(rows: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    zone = timezone.get_default_timezone()
    yield writer.writerow(COLUMNS)
    for r in rows.iterator(chunk_size=2000):
        yield writer.writerow(_row(r, zone))


@require_GET
@staff_required()
def queue_export(request: HttpRequest) -> HttpResponse:
    found = QueueFilter(request.GET, queryset=selectors.request_list_all())
    if not found.is_valid():
        return HttpResponse("The filter is not valid: nothing exported.", status=400)
    rows = selectors.request_list_for_export(found.qs)
    query = request.GET.urlencode()
    services.queue_export_record(by=request.user, query=query, rows=rows.count())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lerq-requests-{stamp}.csv"'
    return response


@require_POST
@staff_required()
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    try:
        saved = services.saved_filter_save(
            owner=request.user,
            name=request.POST.get("name", "")[:1000],
            query=request.POST.get("query", "")[:5000],
        )
    except services.InvalidInput as refused:
        messages.error(request, str(refused))
        return redirect("triage:queue")
    messages.success(request, f"Filter “{saved.name}” saved.")
    return redirect(f"{reverse('triage:queue')}?{saved.query}")


@require_POST
@staff_required()
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.saved_filter_delete(owner=request.user, pk=pk)
    except services.InvalidInput as refused:
        messages.error(request, str(refused))
    return redirect("triage:queue")
