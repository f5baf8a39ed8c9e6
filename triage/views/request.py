"""The request page and the actions taken on it.

The buttons are exactly the transitions the state machines allow the person now
(``get_available_user_status_transitions`` and ``..._notice_transitions``), each posting to
``request_act`` with the state the page showed; ``request_act`` calls the one service behind
the action. ActionNotPermitted is a 403; a refusal or bad input shows the page again with why.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as dj_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from triage import forms, services
from triage.models import Request
from triage.selectors.request import (
    days_until,
    event_list_for_request,
    header_deadlines,
    request_field_rows,
    request_get_for_page,
    request_is_editable,
    request_list_linked,
    required_on_document,
    target_rows,
)
from triage.services import InvalidInput, RequestChanged, TransitionRefused
from triage.services._core import ERR_CHANGED
from triage.views.access import staff_required

Run = Callable[[Request, Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    form: type[dj_forms.Form]
    run: Run
    done: str  # the success message


def _note(d: dict[str, Any]) -> str:
    return d.get("note", "")


ACTIONS: dict[str, Action] = {
    "validate": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_validate(request=r, by=u, note=_note(d)),
        "Validated.",
    ),
    "ask_info": Action(
        forms.AskInfoForm,
        lambda r, u, d: services.request_ask_info(
            request=r, by=u, missing=d["missing"], explanation=d["explanation"]
        ),
        "The agency is asked for what is missing.",
    ),
    "answer": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_answer(request=r, by=u, note=_note(d)),
        "The agency's answer is recorded; the request is checked again.",
    ),
    "lapse": Action(
        forms.ReasonForm,
        lambda r, u, d: services.request_lapse(request=r, by=u, reason=d["reason"]),
        "Closed: the agency never answered.",
    ),
    "start_review": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_start_review(request=r, by=u, note=_note(d)),
        "Review started.",
    ),
    "preserve": Action(
        forms.NoteForm,
        lambda r, u, d: services.hold_place(request=r, by=u, note=_note(d)),
        "Hold placed.",
    ),
    "extend": Action(
        forms.ExtendForm,
        lambda r, u, d: services.hold_extend(
            extension=d["extension"], original=r, by=u, note=_note(d)
        ),
        "Hold extended.",
    ),
    "release": Action(
        forms.ReasonForm,
        lambda r, u, d: services.hold_release(request=r, by=u, reason=d["reason"]),
        "Hold released.",
    ),
    "expire": Action(
        forms.NoteForm,
        lambda r, u, d: services.hold_expire(request=r, by=u),
        "Hold expired.",
    ),
    "submit_for_approval": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_submit_for_approval(request=r, by=u, note=_note(d)),
        "Approval asked for.",
    ),
    "approve": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_approve(request=r, by=u, note=_note(d)),
        "Disclosure approved.",
    ),
    "withdraw_approval": Action(
        forms.ReasonForm,
        lambda r, u, d: services.request_withdraw_approval(request=r, by=u, reason=d["reason"]),
        "Approval withdrawn.",
    ),
    "disclose": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_disclose(request=r, by=u, note=_note(d)),
        "Disclosed.",
    ),
    "reject": Action(
        forms.RejectForm,
        lambda r, u, d: services.request_reject(
            request=r, by=u, reasons=d["reasons"], explanation=d["explanation"]
        ),
        "Rejected.",
    ),
    "close": Action(
        forms.NoteForm,
        lambda r, u, d: services.request_close(request=r, by=u, note=_note(d)),
        "Closed.",
    ),
    "notice_send": Action(
        forms.NoteForm,
        lambda r, u, d: services.notice_send(request=r, by=u, note=_note(d)),
        "User notice sent.",
    ),
    "notice_delay": Action(
        forms.NoticeDelayForm,
        lambda r, u, d: services.notice_delay(request=r, by=u, until=d["until"], basis=d["basis"]),
        "User notice delayed.",
    ),
    "notice_forbid": Action(
        forms.BasisForm,
        lambda r, u, d: services.notice_forbid(request=r, by=u, basis=d["basis"]),
        "User notice recorded as not permitted.",
    ),
    "notice_waive": Action(
        forms.BasisForm,
        lambda r, u, d: services.notice_waive(request=r, by=u, basis=d["basis"]),
        "User notice recorded as not required.",
    ),
    # Not transitions: actions of the page that change the request and go on its record.
    "assign": Action(
        forms.AssignForm,
        lambda r, u, d: services.request_assign(request=r, by=u, assignee=d["assignee"]),
        "Assigned.",
    ),
    "callback": Action(
        forms.CallBackForm,
        lambda r, u, d: services.callback_record(
            request=r,
            by=u,
            called_at=d["called_at"],
            number_called=d["number_called"],
            number_source=d["number_source"],
            person_reached=d["person_reached"],
            confirmed=d["confirmed"],
        ),
        "Call-back recorded.",
    ),
    "fields": Action(
        forms.RequestFieldsForm,
        lambda r, u, d: services.request_update_fields(
            request=r, by=u, changes=d["changes"], seen_status=d["seen_status"]
        ),
        "Details saved.",
    ),
}
# Transitions with no button: fulfil is fired by hold_extend on the extension request.
NO_BUTTON = frozenset({"fulfil"})


@dataclass(frozen=True)
class Button:
    name: str
    label: str
    form: dj_forms.Form
    asks: bool  # the action asks for a reason or data before it is taken


def _buttons(
    req: Request, user: Any, bound: dict[str, dj_forms.Form], missing: list[str]
) -> list[Button]:
    available = [
        *req.get_available_user_status_transitions(user),
        *req.get_available_user_notice_transitions(user),
    ]
    buttons = []
    for t in available:
        if t.name in NO_BUTTON or t.name not in ACTIONS:
            continue
        form_class = ACTIONS[t.name].form
        # A deficiency notice starts from what the rules found missing.
        initial = {"missing": missing} if t.name == "ask_info" else {}
        form = bound.get(t.name) or form_class(req=req, initial=initial)
        asks = form_class is not forms.NoteForm
        buttons.append(Button(t.name, t.custom.get("label", t.name), form, asks))
    return buttons


def _page(
    request: HttpRequest,
    reference: str,
    *,
    error: str = "",
    bound: dict[str, dj_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        req = request_get_for_page(reference=reference)
    except Request.DoesNotExist as exc:
        raise Http404 from exc
    bound = bound or {}
    user = request.user
    rows, missing = request_field_rows(request=req)
    deadlines = list(req.deadlines.all())
    events = event_list_for_request(request=req)
    editable = request_is_editable(req) and user.has_perm("triage.intake_request")
    context = {
        "req": req,
        "error": error,
        "due_in": days_until(req.response_due_date),
        "field_rows": rows,
        "missing": [d.sentence for d in missing],
        "on_document": required_on_document(request=req),
        "targets": target_rows(req),
        "header_deadlines": header_deadlines(req, deadlines),
        "now": timezone.now(),
        "linked": list(request_list_linked(request=req)),
        "open_deadlines": [d for d in deadlines if d.done_at is None],
        "done_deadlines": [d for d in deadlines if d.done_at is not None],
        "events": events,
        "letter_events": [e for e in events if "letter" in e.data],
        "callbacks": list(req.callbacks.all()),
        "buttons": _buttons(req, user, bound, [d.name for d in missing]),
        "fields_form": bound.get("fields")
        or (forms.RequestFieldsForm(req=req) if editable else None),
        "assign_form": (
            bound.get("assign") or forms.AssignForm(req=req)
            if user.has_perm("triage.review_request")
            else None
        ),
        "callback_form": (
            bound.get("callback") or forms.CallBackForm(req=req)
            if req.is_emergency
            and request_is_editable(req)
            and user.has_perm("triage.review_request")
            else None
        ),
    }
    return render(request, "triage/request.html", context, status=status)


@staff_required()
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, reference)


def _as_seen(req: Request, form: dj_forms.Form) -> None:
    """The page was rendered in another state than the request is in now: say so."""
    seen = (form.cleaned_data["seen_status"], form.cleaned_data["seen_notice"])
    if seen != (req.status, req.notice):
        now = req.get_status_display()
        if req.notice != seen[1]:
            now = f"{now}, notice {req.get_notice_display().lower()}"
        raise RequestChanged(ERR_CHANGED.format(reference=req.reference, now=now))


def _refuse_early(req: Request, action: str, user: Any) -> None:
    """A person whose role cannot take this transition gets 403 before any form is read (the
    service would refuse too, but only once the form is valid)."""
    meta = getattr(getattr(req, action, None), "_django_fsm", None)
    if meta is None:
        return
    transition = meta.get_transition(getattr(req, meta.field.name))
    if transition is not None and not transition.has_perm(req, user):
        raise PermissionDenied


@require_POST
@staff_required()
def request_act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    try:
        req = Request.objects.select_related("approval_requested_by").get(reference=reference)
    except Request.DoesNotExist as exc:
        raise Http404 from exc
    _refuse_early(req, action, request.user)
    form = chosen.form(request.POST, req=req)
    if not form.is_valid():
        return _page(
            request,
            reference,
            error="Check the form: "
            + " ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()),
            bound={action: form},
            status=400,
        )
    data = dict(form.cleaned_data)
    if isinstance(form, forms.RequestFieldsForm):
        data["changes"] = form.changes()
    try:
        _as_seen(req, form)
        chosen.run(req, request.user, data)
    except RequestChanged as exc:
        return _page(request, reference, error=str(exc), status=409)
    except TransitionRefused as exc:
        return _page(request, reference, error=str(exc), status=409)
    except InvalidInput as exc:
        return _page(request, reference, error=str(exc), bound={action: form}, status=400)
    # ActionNotPermitted is a PermissionDenied: Django answers 403.
    messages.success(request, chosen.done)
    return redirect(req)
