"""Intake pages: the "needs routing" queue, and a request's original messages and attachments
(loaded into the request page by htmx, so that triage never imports intake)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage.views.access import staff_required


@staff_required("triage.intake_request")
def needs_routing(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/needs_routing.html", {})


@staff_required("triage.intake_request")
def manual_intake(request: HttpRequest) -> HttpResponse:
    """A request that came by post or fax, entered with its PDF: read and checked like mail."""
    return render(request, "intake/manual.html", {})


@staff_required("triage.view_request")
def request_messages(request: HttpRequest, reference: str) -> HttpResponse:
    return render(request, "intake/request_messages.html", {"reference": reference})
