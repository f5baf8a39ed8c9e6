"""Manual intake: a request that came by post or fax, entered with its PDF."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage.views.access import staff_required


@staff_required("triage.intake_request")
def manual_intake(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/manual.html", {})
