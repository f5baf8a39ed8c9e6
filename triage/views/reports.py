"""The transparency report page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage.views.access import staff_required


@staff_required()
def transparency_report(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/report.html", {})
