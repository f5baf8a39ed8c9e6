"""The request page's Notes section (issue #18): the team's internal notes, and the form that
adds one (``note_add``, which calls triage/services/notes.py and nothing else).

Each form carries a key made when the page was drawn: sent twice (a double click, a reload
that posts again), it adds one note. Anyone who may see the request may write one.
"""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from triage.models import Request
from triage.selectors.notes import note_list_for_request
from triage.services import InvalidInput
from triage.services.notes import KEY_MAX, NOTE_MAX, SEE, request_note_add
from triage.views.access import staff_required

ADDED = "Note added to the record."
TOLD = "Mailed a link to: {names}."
NOT_MENTIONED = "Not mentioned (nobody of the team by that name): {names}."


class NoteAddForm(forms.Form):
    text = forms.CharField(
        label="Note for the team",
        max_length=NOTE_MAX,
        strip=False,  # the service strips; counting here what it counts
        widget=forms.Textarea(
            attrs={"rows": 3, "aria-describedby": "notes-hint", "maxlength": NOTE_MAX}
        ),
    )
    key = forms.CharField(max_length=KEY_MAX, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_note_%s")
        kwargs.setdefault("initial", {"key": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)


def notes_context(req: Request, user: Any, bound: dict[str, forms.Form]) -> dict[str, Any]:
    """The notes, and the form for a person who may write one (the request page's context)."""
    return {
        "notes": note_list_for_request(request=req),
        "note_form": (bound.get("note") or NoteAddForm()) if user.has_perm(SEE) else None,
    }


@require_POST
@staff_required(SEE)
def note_add(request: HttpRequest, reference: str) -> HttpResponse:
    # The request page draws this module's section: imported here, where it is not circular.
    from triage.views.request import _page as request_page

    try:
        req = Request.objects.get(reference=reference)
    except Request.DoesNotExist as exc:
        raise Http404 from exc
    form = NoteAddForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            done = request_note_add(
                request=req,
                by=request.user,
                text=form.cleaned_data["text"],
                key=form.cleaned_data["key"],
            )
        except InvalidInput as exc:
            error = str(exc)
    else:
        error = "Check the note: " + " ".join(
            f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
    if error:
        return request_page(request, reference, error=error, bound={"note": form}, status=400)
    messages.success(request, ADDED)
    if done.mentioned:
        messages.info(request, TOLD.format(names=", ".join(done.mentioned)))
    if done.not_mentioned:
        messages.warning(request, NOT_MENTIONED.format(names=", ".join(done.not_mentioned)))
    return redirect(req.get_absolute_url() + "#notes")
