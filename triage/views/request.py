"""The request page and the actions taken on it.

The buttons are exactly the transitions the state machines allow the person now (what
``get_available_user_status_transitions`` and ``..._notice_transitions`` give, asked through
triage/selectors/transitions.py, which also says why the others of the state are not), each
posting to ``request_act`` with the state the page showed; ``request_act`` calls the one
service behind the action. ActionNotPermitted is a 403; a refusal or bad input shows the page
again with why.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as dj_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from triage import forms, services
from triage.eu_forms import EuNoGroundsForm, EuRefusedForm, EuWithdrawnForm
from triage.letters.context import legal_process
from triage.models import Kind, Notice, Production, Request, Status
from triage.models.conditions import INTAKE, REVIEW
from triage.package import eu_category_problems, package_changes, package_of, package_sha256
from triage.readings_forms import TargetForm
from triage.selectors.deadlines import deadline_rows, response_clock
from triage.selectors.letters import (
    DraftView,
    letter_draft_list_for_request,
    letter_list_for_request,
)
from triage.selectors.proposals import proposal_rows_for_request
from triage.selectors.record import event_sentences
from triage.selectors.request import (
    event_list_for_request,
    header_deadlines,
    request_field_rows,
    request_get_for_page,
    request_is_editable,
    request_list_linked,
    restriction_of,
    sender_review_for_request,
    target_rows,
)
from triage.selectors.transitions import FIELDS, transition_list_for_person
from triage.services import InvalidInput, RequestChanged, TransitionRefused, productions
from triage.services._core import ERR_CHANGED
from triage.services.eu_enforcing import (
    eu_enforcing_no_grounds,
    eu_enforcing_refused,
    eu_order_withdrawn,
)
from triage.services.eu_orders import eu_preservation_extend, eu_production_confirm
from triage.services.letter_drafts import sender_perm
from triage.uploads import BoundedUpload, bounded_upload
from triage.views.access import staff_required
from triage.views.certainty import certainty_context
from triage.views.notes import notes_context
from triage.views.notice_draft import notice_draft_context
from triage.views.readings import READING_ACTIONS, reading_forms

Run = Callable[[Request, Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    form: type[dj_forms.Form]
    run: Run
    done: str  # the success message
    # Checked before the form is read (a 403), for actions that are not transitions; the
    # service checks it again.
    perm: str | None = None


def _note(d: dict[str, Any]) -> str:
    return d.get("note", "")


NOTICE_DRAFTED = "The user notice is drafted: read it below as it will be sent, then send it."


def _notice_send(r: Request, u: Any, d: dict[str, Any]) -> str | None:
    sent = services.notice_send_or_draft(
        request=r, by=u, note=_note(d), include_copy=d["include_copy"], paragraph=d["paragraph"]
    )
    return None if sent else NOTICE_DRAFTED


ACTIONS: dict[str, Action] = {
    "validate": Action(
        forms.RulesNoteForm,
        lambda r, u, d: services.request_validate(
            request=r, by=u, note=_note(d), override=d["override"]
        ),
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
        forms.RulesNoteForm,
        lambda r, u, d: services.request_start_review(
            request=r, by=u, note=_note(d), override=d["override"]
        ),
        "Review started.",
    ),
    "preserve": Action(
        forms.NoteForm,
        lambda r, u, d: services.hold_place(request=r, by=u, note=_note(d)),
        "Hold placed.",
    ),
    "extend": Action(
        forms.ExtendForm,
        lambda r, u, d: (
            eu_preservation_extend(request=r, by=u, note=_note(d))
            if r.kind == Kind.EU_PRESERVATION_ORDER
            else services.hold_extend(extension=d["extension"], original=r, by=u, note=_note(d))
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
        forms.ApproveForm,
        lambda r, u, d: services.request_approve(
            request=r, by=u, note=_note(d), seen_package=d["package"], override=d["override"]
        ),
        "Disclosure approved: exactly the package shown.",
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
    "eu_withdrawn": Action(
        EuWithdrawnForm,
        lambda r, u, d: eu_order_withdrawn(
            request=r, by=u, note=d["note"], received_at=d.get("received_at")
        ),
        "Recorded: the issuing authority withdrew the order; the request is closed.",
    ),
    "notice_send": Action(forms.NoticeSendForm, _notice_send, "User notice sent."),
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
    "eu_confirm": Action(
        forms.NoteForm,
        lambda r, u, d: eu_production_confirm(request=r, by=u, note=_note(d)),
        "Recorded: the data are kept until the subsequent request for production is produced.",
        REVIEW,
    ),
    "eu_no_grounds": Action(
        EuNoGroundsForm,
        lambda r, u, d: eu_enforcing_no_grounds(
            request=r, by=u, note=_note(d), received_at=d.get("received_at")
        ),
        "Recorded: the enforcing authority raises no ground for refusal; the data may go out.",
        REVIEW,
    ),
    "eu_refused": Action(
        EuRefusedForm,
        lambda r, u, d: eu_enforcing_refused(request=r, by=u, grounds=d["grounds"], note=_note(d)),
        "Recorded: the enforcing authority refused; the data do not go out (Article 12(3)).",
        REVIEW,
    ),
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
            outcome=d["outcome"],
            details=d["details"],
            directory_entry=d.get("directory_entry"),
        ),
        "Call-back recorded.",
    ),
    "fields": Action(
        forms.RequestFieldsForm,
        lambda r, u, d: services.request_update_fields(
            request=r,
            by=u,
            changes=d["changes"],
            seen_status=d["seen_status"],
            destination_reason=d.get("destination_reason", ""),
        ),
        "Details saved.",
    ),
    "proposal_accept": Action(
        forms.ProposalAcceptForm,
        lambda r, u, d: services.proposal_accept(
            request=r,
            by=u,
            seen_status=d["seen_status"],
            proposal=d.get("proposal"),
            destination_reason=d.get("destination_reason", ""),
        ),
        "Accepted: the details are set from the agency's answer.",
    ),
    # The records sections: letters, productions, who is told, orders, objections, restriction.
    "letter_reissue": Action(
        forms.LetterReissueForm,
        lambda r, u, d: services.letter_reissue(letter=d["letter"], by=u, reason=d["reason"]),
        "The letter is issued again; it is sent once a worker has rendered and signed it.",
        REVIEW,
    ),
    "letter_send": Action(
        forms.LetterDraftForm,
        lambda r, u, d: services.letter_send(letter=d["letter"], by=u, paragraph=d["paragraph"]),
        "The letter is sent: a worker renders, signs and mails it.",
        INTAKE,  # a clerk sends a deficiency notice; the service asks a reviewer for the rest
    ),
    "letter_paragraph": Action(
        forms.LetterDraftForm,
        lambda r, u, d: services.letter_paragraph_save(
            letter=d["letter"], by=u, paragraph=d["paragraph"]
        ),
        "Paragraph saved in the draft: read it, then send.",
        INTAKE,
    ),
    "notice_draft": Action(
        forms.NoticeDraftForm,
        lambda r, u, d: services.notice_draft(request=r, by=u, include_copy=d["include_copy"]),
        "The user notice is drafted: read the email and the letter below, then send it.",
        REVIEW,
    ),
    "letter_discard": Action(
        forms.LetterDiscardForm,
        lambda r, u, d: services.letter_discard(letter=d["letter"], by=u, reason=d["reason"]),
        "The draft is discarded: it will not be sent.",
        REVIEW,
    ),
    "proposal_decline": Action(
        forms.ProposalDeclineForm,
        lambda r, u, d: services.proposal_decline(
            request=r, by=u, proposal=d["proposal"], reason=d["reason"]
        ),
        "Declined: the detail stays as it was.",
        REVIEW,
    ),
    "production_add": Action(
        forms.ProductionFileForm,
        lambda r, u, d: services.production_file_add(
            request=r,
            by=u,
            upload=d["record"],
            name=d["record"].name,
            description=d["description"],
            category=d["category"],
            confirmed_needed=d.get("confirmed_needed", False),
            eu_category=d.get("eu_category", ""),
        ),
        "Record added to the production.",
        REVIEW,
    ),
    "production_build": Action(
        forms.ProductionBuildForm,
        lambda r, u, d: services.production_build_request(production=d["production"], by=u),
        "The production is being built by a worker; reload the page in a moment.",
        REVIEW,
    ),
    "no_data": Action(
        forms.NoDataForm,
        lambda r, u, d: services.request_no_data_record(request=r, by=u, reason=d["reason"]),
        "Recorded: nothing to produce.",
        REVIEW,
    ),
    "destination": Action(
        forms.ReasonForm,
        lambda r, u, d: services.request_destination_confirm(request=r, by=u, reason=d["reason"]),
        "Destination decided.",
        REVIEW,
    ),
    "recipient_add": Action(
        forms.NoticeRecipientForm,
        lambda r, u, d: services.notice_recipient_add(
            request=r, by=u, email=d["email"], name=d["name"]
        ),
        "Recipient of the user notice added.",
        REVIEW,
    ),
    "nondisclosure": Action(
        forms.NondisclosureForm,
        lambda r, u, d: services.nondisclosure_record(
            request=r,
            by=u,
            basis=d["basis"],
            circumstances=d["circumstances"],
            days=d["days"],
            until=d["until"],
            issued_on=d["issued_on"],
            document_reference=d["document_reference"],
        ),
        "Non-disclosure order recorded.",
        REVIEW,
    ),
    "objection": Action(
        forms.ObjectionForm,
        lambda r, u, d: services.objection_record(
            request=r, by=u, text=d["text"], received_at=d["received_at"], objector=d["objector"]
        ),
        "Objection recorded: disclosure waits until it is resolved.",
        REVIEW,
    ),
    "objection_resolve": Action(
        forms.ObjectionResolveForm,
        lambda r, u, d: services.objection_resolve(
            objection=d["objection"], by=u, outcome=d["outcome"], resolution=d["resolution"]
        ),
        "Objection resolved.",
        REVIEW,
    ),
    "restriction": Action(
        forms.RestrictionForm,
        lambda r, u, d: services.restriction_record(
            request=r, by=u, jurisdiction=d["jurisdiction"], scope=d["scope"]
        ),
        "Restriction recorded.",
        REVIEW,
    ),
}
# Corrections of the kind and the targets (triage/views/readings.py).
ACTIONS.update({name: Action(*spec) for name, spec in READING_ACTIONS.items()})
# Transitions with no button: fulfil is fired by hold_extend on the extension request.
NO_BUTTON = frozenset({"fulfil"})
_TRANSITIONS = frozenset(
    t.name for name in FIELDS for t in Request._meta.get_field(name).get_all_transitions(Request)
)


@dataclass(frozen=True)
class Button:
    name: str
    label: str
    form: dj_forms.Form
    asks: bool  # the action asks for a reason or data before it is taken


def _buttons(
    req: Request, available: list[Any], bound: dict[str, dj_forms.Form], missing: list[str]
) -> list[Button]:
    buttons = []
    for t in available:
        form_class = ACTIONS[t.name].form
        # A deficiency notice starts from what the rules found missing.
        proposed = [p["name"] for p in req.proposed_deficiencies]
        initial = {"missing": proposed or missing} if t.name == "ask_info" else {}
        form = bound.get(t.name) or form_class(req=req, initial=initial)
        # validate and start_review ask only when the rules find something missing: then a
        # reviewer may give an override reason.
        asks = form_class is not forms.NoteForm and not (
            form_class is forms.RulesNoteForm and not missing
        )
        buttons.append(Button(t.name, t.custom.get("label", t.name), form, asks))
    return buttons


def _records(req: Request, user: Any, bound: dict[str, dj_forms.Form]) -> dict[str, Any]:
    """The letters, productions and notice sections, with the forms this person may use."""
    reviews = user.has_perm(REVIEW)

    def form(name: str, **initial: Any) -> dj_forms.Form | None:
        if not reviews:
            return None
        given = bound.get(name)
        if given is not None and all(
            str(given.data.get(k, "")) == str(v) for k, v in initial.items()
        ):
            return given
        return ACTIONS[name].form(req=req, initial=initial)

    rows_of_letters = list(letter_list_for_request(request=req))
    drafts = letter_draft_list_for_request(request=req, letters=rows_of_letters)
    letters = [(letter, form("letter_reissue", letter=letter.pk)
                if letter.status not in ("draft", "discarded") else None)
               for letter in rows_of_letters]  # fmt: skip
    produces = req.kind in productions.ALLOWED
    rows = list(req.productions.all()) if produces else []  # prefetched, newest first
    current = next((p for p in rows if p.status == Production.Status.BUILDING), None)
    open_for_records = produces and req.status in productions.OPEN_FOR_RECORDS
    notice_open = req.notice in (Notice.NOT_DECIDED, Notice.DELAYED)
    objections = list(req.objections.all())
    return {
        "letters": letters,
        # The user notice draft is read and sent in the notice section (notice_send).
        "drafts": _drafts(req, user, bound, [d for d in drafts if d.letter.kind != "user_notice"]),
        **notice_draft_context(req, user, bound, drafts),
        "produces": produces,
        "open_for_records": open_for_records,
        "current_production": current,
        "built_productions": [p for p in rows if p.status == Production.Status.BUILT],
        "production_form": form("production_add") if open_for_records else None,
        "build_form": (
            form("production_build", production=current.pk)
            if current is not None and current.files.all()
            else None
        ),
        "recipients": list(req.notice_recipients.all()),
        "recipient_form": form("recipient_add") if notice_open else None,
        "orders": list(req.nondisclosure_orders.all()),
        "order_form": form("nondisclosure") if notice_open else None,
        "objections": [
            (o, form("objection_resolve", objection=o.pk) if o.resolved_at is None else None)
            for o in objections
        ],
        "objection_form": form("objection") if req.notice == Notice.SENT else None,
        "restriction": restriction_of(req),
        "restriction_form": (form("restriction") if req.kind == Kind.ACCESS_RESTRICTION else None),
        "file_limit": settings.LERQ_PRODUCTION_FILE_MAX_BYTES,
        **_enforcing_forms(req, form),
        **_package(req, form),
    }


def _drafts(
    req: Request, user: Any, bound: dict[str, dj_forms.Form], views: list[DraftView]
) -> list[tuple[Any, Any, Any]]:
    """Each draft waiting to be sent, with the forms to send or discard it for a person who
    may."""
    given = bound.get("letter_send") or bound.get("letter_paragraph")
    drafts = []
    for draft in views:
        form = None
        if user.has_perm(sender_perm(draft.letter.kind)):
            pk = str(draft.letter.pk)
            form = (
                given
                if given is not None and str(given.data.get("letter", "")) == pk
                else forms.LetterDraftForm(
                    req=req, initial={"letter": pk, "paragraph": draft.letter.paragraph}
                )
            )
        discard = None
        if user.has_perm(REVIEW):
            discard = forms.LetterDiscardForm(req=req, initial={"letter": draft.letter.pk})
        drafts.append((draft, form, discard))
    return drafts


def _enforcing_forms(req: Request, form: Callable[..., Any]) -> dict[str, Any]:
    """An EPOC notified to the enforcing authority: its answer, recorded by a reviewer."""
    asks = (
        req.kind == Kind.EU_PRODUCTION_ORDER
        and req.eu_enforcing_notified
        and not req.eu_enforcing_answer
    )
    return {
        "eu_no_grounds_form": form("eu_no_grounds") if asks else None,
        "eu_refused_form": form("eu_refused") if asks else None,
    }


def _package(req: Request, form: Callable[..., Any]) -> dict[str, Any]:
    """The disclosure package as it is now, and as approved, for the approver to see."""
    if req.status not in (Status.IN_REVIEW, Status.APPROVED):
        return {"package": None}
    current = package_of(req)  # reads the productions the page prefetched
    digest = package_sha256(current)
    approved = req.approved_package_sha256
    changes = (
        package_changes(req.approved_package, current) if approved and approved != digest else []
    )
    no_built = current["production"] is None and not current["unbuilt"]
    return {
        "package": current,
        "letter_process": legal_process(req),
        "package_sha256": digest,
        "package_changes": changes,
        "eu_problems": eu_category_problems(req),
        "no_data_form": (form("no_data") if req.kind in productions.ALLOWED and no_built else None),
        "destination_form": form("destination") if not current["destination_verified"] else None,
    }


def _proposals(
    req: Request, editable: bool, bound: dict[str, dj_forms.Form], user: Any
) -> dict[str, Any]:
    """The details the agency's answer proposed, each with its accept form (and decline form
    for a reviewer), and one form for all."""
    rows = proposal_rows_for_request(request=req)
    given = bound.get("proposal_accept")

    def decline(pk: int) -> dj_forms.Form | None:
        if not (editable and user.has_perm(REVIEW)):
            return None
        return forms.ProposalDeclineForm(req=req, initial={"proposal": pk})

    def form(pk: int | None) -> dj_forms.Form | None:
        if not editable:
            return None
        if given is not None and str(given.data.get("proposal") or "") == str(pk or ""):
            return given
        return forms.ProposalAcceptForm(req=req, initial={"proposal": pk}, auto_id=False)

    return {
        "proposals": [(row, form(row.proposal.pk), decline(row.proposal.pk)) for row in rows],
        "proposals_all_form": form(None) if len(rows) > 1 else None,
    }


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
    targets = target_rows(req)
    deadlines = list(req.deadlines.all())
    events = event_sentences(event_list_for_request(request=req))
    # Only transitions that have a button are offered, or said to be waiting.
    hidden = {name for name in _TRANSITIONS if name in NO_BUTTON or name not in ACTIONS}
    moves = transition_list_for_person(request=req, user=user, hidden=hidden)
    editable = request_is_editable(req) and user.has_perm("triage.intake_request")
    context = {
        "req": req,
        "error": error,
        "clock": response_clock(request=req, deadlines=deadlines, now=timezone.now()),
        "field_rows": rows,
        **certainty_context(req, user, rows),
        "missing": [d.sentence for d in missing],
        "targets": targets,
        **reading_forms(req, user, bound, targets),
        "header_deadlines": deadline_rows(header_deadlines(req, deadlines)),
        "now": timezone.now(),
        "linked": list(request_list_linked(request=req)),
        "open_deadlines": deadline_rows([d for d in deadlines if d.done_at is None]),
        "done_deadlines": deadline_rows([d for d in deadlines if d.done_at is not None]),
        "events": events,
        **notes_context(req, user, bound),
        "overrides": [e for e in events if isinstance(e.data, dict) and e.data.get("override")],
        "sender_review": sender_review_for_request(request=req),
        "callbacks": list(req.callbacks.all()),
        **_records(req, user, bound),
        "buttons": _buttons(req, moves.available, bound, [d.name for d in missing]),
        "not_now": moves.blocked,
        **_proposals(req, editable, bound, user),
        "fields_form": bound.get("fields")
        or (forms.RequestFieldsForm(req=req) if editable else None),
        "assign_form": (
            bound.get("assign") or forms.AssignForm(req=req)
            if user.has_perm(INTAKE)  # what services.request_assign requires
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


ERR_RECORD_TOO_LARGE = "record: the file is larger than {limit} MB, the most a record may be."


@csrf_exempt  # a record upload is bounded before the body is read; _act checks CSRF itself
@require_POST
@staff_required()
def request_act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    upload = None
    if action == "production_add":
        upload = bounded_upload(request, settings.LERQ_PRODUCTION_FILE_MAX_BYTES)
    return _act(request, reference, action, upload)


@csrf_protect
def _act(
    request: HttpRequest, reference: str, action: str, upload: BoundedUpload | None
) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    try:
        req = Request.objects.select_related("approval_requested_by").get(reference=reference)
    except Request.DoesNotExist as exc:
        raise Http404 from exc
    _refuse_early(req, action, request.user)
    if chosen.perm is not None and not request.user.has_perm(chosen.perm):
        raise PermissionDenied
    form = chosen.form(request.POST, request.FILES, req=req)
    if upload is not None and upload.too_large:
        limit = settings.LERQ_PRODUCTION_FILE_MAX_BYTES // (1024 * 1024)
        error = ERR_RECORD_TOO_LARGE.format(limit=limit)
        return _page(request, reference, error=error, bound={action: form}, status=400)
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
    if isinstance(form, TargetForm):
        data["values"] = form.values()
    try:
        _as_seen(req, form)
        said = chosen.run(req, request.user, data)
    except RequestChanged as exc:
        return _page(request, reference, error=str(exc), status=409)
    except TransitionRefused as exc:
        return _page(request, reference, error=str(exc), status=409)
    except InvalidInput as exc:
        return _page(request, reference, error=str(exc), bound={action: form}, status=400)
    # ActionNotPermitted is a PermissionDenied: Django answers 403.
    # A run may say what it did instead (the user notice's first press drafts it).
    messages.success(request, said if isinstance(said, str) else chosen.done)
    return redirect(req)
