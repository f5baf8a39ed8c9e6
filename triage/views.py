"""Thin views: parse input, call a selector or a service, render."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage import selectors


@login_required
@permission_required("triage.view_request", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "triage/queue.html", {"requests": selectors.request_list_for_queue()[:200]}
    )
