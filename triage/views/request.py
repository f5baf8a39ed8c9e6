"""The request page and the actions taken on it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from triage.models import Request
from triage.views.access import staff_required


@staff_required()
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    req = get_object_or_404(Request, reference=reference)
    return render(request, "triage/request.html", {"req": req})


@require_POST
@staff_required()
def request_act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    raise NotImplementedError  # built by the web-interface work (#8)
