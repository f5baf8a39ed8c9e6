"""Intake pages: the "needs routing" queue, manual intake, and a request's original messages
and attachments (loaded into the request page by htmx, so that triage never imports intake).

Views are thin: the work is in intake/held.py (the queue), intake/manual.py (post and fax)
and intake/display.py (what a stored message shows)."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from intake import held, held_clock, manual, unlisted
from intake.display import message_body
from intake.forms import (
    AttachForm,
    DismissForm,
    GovernmentSenderForm,
    ManualIntakeForm,
    OpenForm,
    RefuseSenderForm,
    bounded_upload,
)
from intake.models import Attachment, InboundMessage
from triage.models import Request
from triage.services import ServiceError
from triage.views.access import staff_required

QUEUE_PAGE = 25


def _base(request: HttpRequest) -> str:
    """A fragment for htmx; the whole page when opened directly."""
    return "intake/_fragment.html" if getattr(request, "htmx", False) else "base.html"


@staff_required("triage.view_request")
def request_messages(request: HttpRequest, reference: str) -> HttpResponse:
    req = get_object_or_404(Request, reference=reference)
    found = (
        InboundMessage.objects.filter(request=req)
        .order_by("received_at", "pk")
        .prefetch_related("attachments")
    )
    shown = [{"message": m, "body": message_body(bytes(m.raw))} for m in found]
    return render(
        request,
        "intake/request_messages.html",
        {"base": _base(request), "req": req, "shown": shown},
    )


@never_cache
@xframe_options_sameorigin
@staff_required("triage.view_request")
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored bytes, as a download; inline only for an accepted PDF or image, sandboxed."""
    found = get_object_or_404(Attachment.objects.select_related("message"), pk=pk)
    if not found.file:
        raise Http404("This attachment was not stored.")
    inline = request.GET.get("inline") == "1" and found.inline_allowed
    accepted = found.status == Attachment.Status.ACCEPTED and found.sniffed_type
    content_type = found.sniffed_type if accepted else "application/octet-stream"
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=not inline,
        filename=found.filename,
        content_type=content_type,
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the "needs routing" queue ------------------------------------------------------------------


@staff_required("triage.intake_request")
def needs_routing(request: HttpRequest) -> HttpResponse:
    page = Paginator(held.held_list(), QUEUE_PAGE).get_page(request.GET.get("page"))
    rows = held.held_rows(list(page.object_list))
    return render(
        request,
        "intake/needs_routing.html",
        {"page": page, "rows": rows, "kinds": OpenForm().fields["kind"].choices},
    )


@staff_required("triage.view_request")
def held_emergencies(request: HttpRequest) -> HttpResponse:
    """Held messages that claim a danger, for the top of the dashboard's emergencies and the
    queue (loaded by htmx: triage never imports intake)."""
    found = held_clock.held_emergencies()
    if request.GET.get("part") == "count":  # the line under the dashboard's tile
        return render(request, "intake/held_emergencies_count.html", {"count": found.count()})
    rows = [
        {"message": m, "clock": next(iter(m.held_deadlines.all()), None)}
        for m in found[:QUEUE_PAGE]
    ]
    return render(request, "intake/held_emergencies.html", {"rows": rows})


def _held_action(request: HttpRequest, pk: int, form_class, action) -> HttpResponse:
    message = get_object_or_404(InboundMessage, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                flash.error(request, error)
        return redirect("intake:needs_routing")
    try:
        done = action(message=message, by=request.user, **form.cleaned_data)
    except PermissionDenied:
        raise
    except (held.NotHeld, ServiceError) as error:
        flash.error(request, str(error))
        return redirect("intake:needs_routing")
    flash.success(request, done.sentence)
    if done.request is not None:
        return redirect("triage:request_detail", done.request.reference)
    return redirect("intake:needs_routing")


@require_POST
@staff_required("triage.intake_request")
def held_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _held_action(request, pk, AttachForm, held.held_attach)


@require_POST
@staff_required("triage.intake_request")
def held_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _held_action(request, pk, OpenForm, held.held_open)


@require_POST
@staff_required("triage.intake_request")
def held_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _held_action(request, pk, DismissForm, held.held_dismiss)


@require_POST
@staff_required("triage.intake_request")
def held_government(request: HttpRequest, pk: int) -> HttpResponse:
    return _held_action(request, pk, GovernmentSenderForm, unlisted.unlisted_government)


@require_POST
@staff_required("triage.intake_request")
def held_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _held_action(request, pk, RefuseSenderForm, unlisted.unlisted_refuse)


# --- manual intake ------------------------------------------------------------------------------


@csrf_exempt  # the upload is bounded before the body is read; CSRF is checked just below
@staff_required("triage.intake_request")
def manual_intake(request: HttpRequest) -> HttpResponse:
    """A request that came by post or fax, entered with its PDF: read and checked like mail."""
    limit = bounded_upload(request)
    return _manual_intake(request, limit)


@csrf_protect
def _manual_intake(request: HttpRequest, limit) -> HttpResponse:
    if request.method != "POST":
        return render(request, "intake/manual.html", {"form": ManualIntakeForm()})
    form = ManualIntakeForm(request.POST, request.FILES, upload_too_large=limit.too_large)
    if form.is_valid():
        try:
            done = manual.manual_intake(by=request.user, **form.intake_arguments())
        except manual.ManualIntakeError as error:
            form.add_error("document", str(error))
        else:
            flash.success(request, done.sentence)
            return redirect("triage:request_detail", done.request.reference)
    return render(request, "intake/manual.html", {"form": form}, status=400)
