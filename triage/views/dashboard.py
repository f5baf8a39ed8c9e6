"""The dashboard: overdue, due this week, holds ending, emergencies open, load per person."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from triage import selectors
from triage.views.access import staff_required


@staff_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_for_team(now=timezone.now())
    return render(request, "triage/dashboard.html", {"board": board})
