"""The queue: open requests, most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage import selectors
from triage.views.access import staff_required


@staff_required()
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "triage/queue.html", {"requests": selectors.request_list_for_queue()[:200]}
    )


@staff_required()
def my_work(request: HttpRequest) -> HttpResponse:
    rows = selectors.request_list_for_queue().filter(assignee=request.user)
    return render(request, "triage/queue.html", {"requests": rows[:200]})
