"""The conversation with the agency on the request page (issue 18): its messages and ours in
time order, the drafts waiting for a second person, and the form to write one. Loaded into the
request page by htmx (the whole page when opened directly, or when a draft needs correcting);
each action posts here, calls one service and goes back to the request page.

A draft's upload is bounded while it streams in (count and size), before anything reads the
body, so the view checks CSRF itself as request_act does.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import SkipFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from triage.models import AgencyMessage, Request
from triage.models.conditions import INTAKE, REVIEW
from triage.package import destination_verified
from triage.selectors.agency_messages import agency_thread_for_request
from triage.services import InvalidInput, ServiceError
from triage.services.agency_messages import (
    BODY_MAX,
    CANNED,
    FILE_MAX_BYTES,
    FILES_MAX,
    REASON_MAX,
    TITLE_MAX,
    Upload,
    agency_message_discard,
    agency_message_draft,
    agency_message_may_discard,
    agency_message_may_send,
    agency_message_send,
    canned_text,
)
from triage.uploads import BoundedUpload
from triage.views.access import staff_required

DRAFTED = "The message is drafted: a second person (a reviewer or above) reads it and sends it."
SENT = "The message to the agency is in the outbox: it leaves within the minute."
DISCARDED = "The draft is discarded: it will not be sent."
ERR_TOO_MANY = f"At most {FILES_MAX} files, each at most {FILE_MAX_BYTES // 2**20} MB."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class AgencyMessageForm(forms.Form):
    title = forms.CharField(label="About (a few words)", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": BODY_MAX}),
    )
    files = MultipleFileField(
        label=f"Files (at most {FILES_MAX}: PDF, DOCX, text or images, "
        f"{FILE_MAX_BYTES // 2**20} MB each)",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.txt,.png,.jpg,.jpeg,.gif,.tif"}),
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(label="Why the draft is discarded", max_length=REASON_MAX)


class CountedUpload(BoundedUpload):
    """BoundedUpload that also skips every file past the count a message may carry."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, FILE_MAX_BYTES)
        self.files = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.files += 1
        if self.files > FILES_MAX:
            self.too_large = True
            raise SkipFile
        super().new_file(*args, **kwargs)


def _context(req: Request, user: Any, form: AgencyMessageForm | None) -> dict[str, Any]:
    items, drafts = agency_thread_for_request(request=req)
    return {
        "req": req,
        "thread": items,
        "drafts": [
            (
                d,
                agency_message_may_send(d, user),
                agency_message_may_discard(d, user),
            )
            for d in drafts
        ],
        "compose": form if user.has_perm(INTAKE) else None,
        "canned": [(key, title) for key, (title, _) in CANNED.items()],
        "address": req.agent_email,
        # Whoever sends must see it when the address is not the verified agency's (a clerk
        # may have corrected it): the send is allowed, and recorded as unverified.
        "address_verified": destination_verified(req),
    }


def _request(reference: str) -> Request:
    return get_object_or_404(Request, reference=reference)


@staff_required()
def agency_messages(request: HttpRequest, reference: str) -> HttpResponse:
    """The section (for htmx) or a page; ``?start=<canned>`` fills the form from a text."""
    req = _request(reference)
    form = None
    if request.user.has_perm(INTAKE):
        start = request.GET.get("start", "")
        initial = {}
        if start in CANNED:
            title, body = canned_text(request=req, key=start)
            initial = {"title": title, "body": body}
        form = AgencyMessageForm(initial=initial)
    context = _context(req, request.user, form)
    if getattr(request, "htmx", False):
        return render(request, "triage/request/agency_messages.html", context)
    return render(request, "triage/agency_messages_page.html", context)


@csrf_exempt  # the upload is bounded before the body is read; _draft checks CSRF itself
@require_POST
@staff_required(INTAKE)
def agency_message_new(request: HttpRequest, reference: str) -> HttpResponse:
    upload = CountedUpload(request)
    request.upload_handlers.insert(0, upload)
    return _draft(request, reference, upload)


@csrf_protect
def _draft(request: HttpRequest, reference: str, upload: CountedUpload) -> HttpResponse:
    req = _request(reference)
    form = AgencyMessageForm(request.POST, request.FILES)
    error = ""
    if upload.too_large:
        error = ERR_TOO_MANY
    elif not form.is_valid():
        error = "Check the form: " + " ".join(
            f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
    else:
        data = form.cleaned_data
        files = [Upload(f.name, f) for f in data["files"]]
        try:
            agency_message_draft(
                request=req, by=request.user, title=data["title"], body=data["body"], files=files
            )
        except InvalidInput as exc:
            error = str(exc)
    if error:
        context = {**_context(req, request.user, form), "error": error}
        return render(request, "triage/agency_messages_page.html", context, status=400)
    messages.success(request, DRAFTED)
    return redirect(req.get_absolute_url() + "#agency")


def _message(req: Request, pk: int) -> AgencyMessage:
    return get_object_or_404(AgencyMessage.objects.select_related("request"), pk=pk, request=req)


@require_POST
@staff_required(REVIEW)
def agency_message_send_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    req = _request(reference)
    try:
        agency_message_send(message=_message(req, pk), by=request.user)
        messages.success(request, SENT)
    except ServiceError as exc:  # ActionNotPermitted too: the page says why, nothing left
        messages.error(request, str(exc))
    return redirect(req.get_absolute_url() + "#agency")


@require_POST
@staff_required(INTAKE)
def agency_message_discard_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    req = _request(reference)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the draft is discarded.")
        return redirect(req.get_absolute_url() + "#agency")
    try:
        agency_message_discard(
            message=_message(req, pk), by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, DISCARDED)
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(req.get_absolute_url() + "#agency")


@staff_required()
def agency_message_file(request: HttpRequest, reference: str, pk: int, index: int) -> HttpResponse:
    """A file of a message, as a download (the second person reads what they send)."""
    message = _message(_request(reference), pk)
    if not 0 <= index < len(message.attachments):
        raise Http404("No such file.")
    item = message.attachments[index]
    response = FileResponse(
        default_storage.open(item["path"], "rb"),
        as_attachment=True,
        filename=item["name"],
        content_type=item["content_type"],
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
