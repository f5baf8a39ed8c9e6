"""The user notice draft on the request page (issue 16): the email as it will be sent (text
shown on the page, HTML in a frame that may load nothing) and the letter kept with it (the
letter draft's own preview), the fields they use, the reviewer's paragraph and Send."""

from typing import Any

from csp.decorators import csp
from django import forms as dj_forms
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from triage import forms
from triage.models import Notice, Request
from triage.models.conditions import REVIEW, notice_may_be_sent
from triage.selectors.letters import DraftView
from triage.services.notice_drafts import notice_draft_pending, notice_draft_preview
from triage.views.access import staff_required
from triage.views.records import DRAFT_CSP


def notice_draft_context(
    req: Request, user: Any, bound: dict[str, dj_forms.Form], drafts: list[DraftView]
) -> dict[str, Any]:
    """What the notice section shows of the draft, with the forms this person may use."""
    open_notice = req.notice in (Notice.NOT_DECIDED, Notice.DELAYED)
    reviews = user.has_perm(REVIEW)
    draft = next((d for d in drafts if d.letter.kind == "user_notice"), None)
    if not open_notice:
        return {"notice_draft": None}
    if draft is None:
        form = bound.get("notice_draft") or forms.NoticeDraftForm(req=req)
        return {"notice_draft": None, "notice_draft_form": form if reviews else None}
    letter = draft.letter
    send = None
    if reviews:
        send = bound.get("notice_send") or forms.NoticeSendForm(
            req=req,
            initial={
                "paragraph": letter.paragraph,
                "include_copy": letter.extra.get("include_copy", True),
            },
        )
    paragraph = None
    if reviews:
        paragraph = forms.LetterDraftForm(
            req=req, initial={"letter": letter.pk, "paragraph": letter.paragraph}
        )
    return {
        "notice_draft": draft,
        "notice_mail": notice_draft_preview(request=req, letter=letter),
        "notice_send_form": send,
        "notice_paragraph_form": paragraph,
        # The order has ended: the notice is owed now (the dashboard lists it too).
        "notice_owed": req.notice == Notice.DELAYED and notice_may_be_sent(req),
    }


@csp(DRAFT_CSP)
@xframe_options_sameorigin
@staff_required("triage.view_request")
def notice_mail_draft(request: HttpRequest, reference: str) -> HttpResponse:
    """The user notice email's HTML part as the draft would send it now."""
    req = Request.objects.filter(reference=reference).first()
    letter = notice_draft_pending(req) if req is not None else None
    if req is None or letter is None:
        raise Http404("No user notice draft on this request (it may have been sent).")
    preview = notice_draft_preview(request=req, letter=letter)
    response = HttpResponse(preview["html"])
    response["Cache-Control"] = "private, no-store"
    return response
