"""The dashboard: overdue, due this week, holds ending, emergencies open, load per person."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage.views.access import staff_required


@staff_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/dashboard.html", {})
