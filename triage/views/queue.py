"""The queue: requests not yet closed, most urgent first, filtered and searched in every
state; and "my work". A search that is exactly a request's reference goes to that request.

A filter change or a search typed in the page asks for the results only (htmx) and swaps
them in; without JavaScript the same form reloads the whole page. Both are the same URL, so
the address bar always names what is shown.
"""

from datetime import timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from triage import selectors
from triage.filters import SEARCH_MAX, QueueFilter
from triage.selectors.my_work import (
    agency_message_list_to_send,
    deadline_count_mine_this_week,
    deadline_list_mine_this_week,
    request_list_awaiting_my_approval,
)
from triage.views.access import staff_required

# My work shows the longest-waiting disclosures and the earliest deadlines first, with their
# totals; ``?all=1`` shows every line (up to LIST_ALL). A page of hundreds of lines is read by
# nobody and costs every visit (issue 18, "my approvals" p95).
AWAITING_SHOWN = 25
DEADLINES_SHOWN = 50
LIST_ALL = 1000


@staff_required()
def queue(request: HttpRequest) -> HttpResponse:
    reference = selectors.request_reference_exact(request.GET.get("q", "")[: SEARCH_MAX + 1])
    if reference is not None:
        return _jump(request, reverse("triage:request_detail", args=[reference]))
    return _page(request, QueueFilter(request.GET, queryset=selectors.request_list_all()))


def _jump(request: HttpRequest, url: str) -> HttpResponse:
    """Go to ``url``: a redirect, or for htmx (typing in the box) the header that makes it
    load the whole page there."""
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@staff_required()
def my_work(request: HttpRequest) -> HttpResponse:
    """Three sections: assigned to me (the queue's list, filtered and searched like it), the
    disclosures awaiting my approval, and my deadlines this week."""
    mine = selectors.request_list_all().filter(assignee=request.user)
    now = timezone.now()
    every = request.GET.get("all") == "1"
    awaiting = request_list_awaiting_my_approval(user=request.user)
    shown = list(awaiting[: LIST_ALL if every else AWAITING_SHOWN + 1])
    deadlines = deadline_list_mine_this_week(
        user=request.user, now=now, limit=LIST_ALL if every else DEADLINES_SHOWN + 1
    )
    to_send = list(agency_message_list_to_send(user=request.user)[:LIST_ALL])
    waiting = {
        "to_send": to_send,
        "awaiting_approval": shown[: LIST_ALL if every else AWAITING_SHOWN],
        # Counted only when the list was cut: most people's lists are short.
        "awaiting_total": awaiting.count() if len(shown) > AWAITING_SHOWN and not every else None,
        "my_deadlines": deadlines[: LIST_ALL if every else DEADLINES_SHOWN],
        "deadlines_total": (
            deadline_count_mine_this_week(user=request.user, now=now)
            if len(deadlines) > DEADLINES_SHOWN and not every
            else None
        ),
    }
    return _page(
        request,
        QueueFilter(request.GET, queryset=mine, assignee_choices=False),
        mine=True,
        extra=waiting,
    )


def _page(
    request: HttpRequest,
    found: QueueFilter,
    *,
    mine: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    now = timezone.now()
    rows = found.qs if found.is_valid() else found.queryset.none()
    paginator = Paginator(selectors.request_list_with_timers(rows), selectors.QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for row in page.object_list:
        row.timing = selectors.row_timing(row, now=now)
        row.target_summary = _targets(row.queue_targets)
        if row.timing.next_deadline is not None:
            left = row.timing.next_deadline.due_at - now
            row.countdown_overdue = left < timedelta(0)
            row.countdown_text = _countdown(left)
            row.countdown_due = row.timing.next_deadline.due_at.isoformat()  # UTC, for the script
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "filter": found,
        "page": page,
        "query": query.urlencode(),
        "mine": mine,
        "now": now,
        **(extra or {}),
        "saved_filters": selectors.saved_filter_list(owner=request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "triage/_queue_results.html" if partial else "triage/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _countdown(left: timedelta) -> str:
    """What the count-down shows before its script runs (and without JavaScript)."""
    seconds = int(abs(left.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    text = f"{days}d {hours}h {minutes:02d}m" if days else f"{hours}:{minutes:02d}:{rest % 60:02d}"
    return f"overdue by {text}" if left < timedelta(0) else f"{text} left"


def _targets(targets: list[Any]) -> str:
    """The first target's identifiers, and how many more targets there are."""
    if not targets:
        return ""
    first = targets[0]
    found = [getattr(first, name) for name in first.IDENTIFIERS.get(first.type, ())]
    text = ", ".join(str(value) for value in found if value)
    return f"{text} +{len(targets) - 1}" if len(targets) > 1 else text
