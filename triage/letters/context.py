"""What each letter says about one request: its context, built from stored data only.

A letter is rendered by a worker some time after the step that issued it, so what that step
knew and might change later (the hold's dates, the missing items) is kept on the Letter
(`extra`) when it is issued, and everything else is read from the request.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from triage import rules
from triage.letters.errors import LetterRenderError
from triage.letters.eu_letters import eu_context, eu_letter_kind
from triage.models import Deadline, DeadlineKind, Letter, LetterKind


class NoProduction(LetterRenderError):
    """A disclosure letter waits for its production: it is tried again when one is built."""


NO_PRODUCTION = (
    "{reference} has no built production to list in the disclosure letter: the letter is "
    "rendered when one is built."
)


def agency_addressee(request: Any) -> dict[str, str]:
    return {
        "name": request.agent_name,
        "organisation": request.agency,
        "address": request.postal_address,
        "email": request.agent_email,
    }


def legal_process(request: Any) -> str:
    """How the letters name the request's legal process ("In response to your subpoena"):
    its kind as corrected now (the request page previews it beside the package)."""
    return str(request.get_kind_display()).lower()


def _targets(request: Any) -> list[str]:
    return [str(t) for t in request.targets.all()]


def render_kind(letter: Letter) -> str:
    """The template a letter is rendered with: its kind, or the EU order's own version of it
    (triage/letters/eu_letters.py). Every renderer of a stored letter asks here."""
    return eu_letter_kind(letter.request.kind, letter.kind)


def letter_context(letter: Letter) -> dict[str, Any]:
    request, extra = letter.request, letter.extra or {}
    context: dict[str, Any] = {
        "reference": request.reference,
        "their_reference": request.case_number,
        # A draft is dated the day a person sends it.
        "date": letter.released_at or letter.created_at,
        "addressee": agency_addressee(request),
        "received_at": request.received_at,
        "reply_to": settings.LERQ_MAILBOX_ADDRESS,
    }
    builder = _BUILDERS[letter.kind]
    context.update(builder(letter, request, extra))
    context.update(eu_context(render_kind(letter), request, extra, context["date"]))
    # The sender's own paragraph (letter_drafts.py); a disclosure letter never has one.
    if letter.paragraph and letter.kind != LetterKind.DISCLOSURE:
        context["paragraph"] = letter.paragraph
    return context


def _acknowledgement(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "request_kind": request.get_kind_display(),
        "targets": _targets(request),
        "response_due": request.response_due_date,
    }


def _deficiency(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    # The sentence intake proposed for an item (it names the address, the date …), else the
    # rules' own.
    sentences = extra.get("sentences") or {}
    items = [
        sentences.get(name) or rules.SENTENCES.get(name, name) for name in extra.get("missing", [])
    ]
    if extra.get("explanation"):
        items.append(extra["explanation"])
    expiry = (
        Deadline.objects.filter(request=request, kind=DeadlineKind.NEEDS_INFO_EXPIRY)
        .order_by("-created_at")
        .values_list("due_at", flat=True)
        .first()
    )
    answer_by = expiry or letter.created_at + timedelta(days=settings.LERQ_NEEDS_INFO_DAYS)
    return {
        "deficiencies": items,
        "answer_by": answer_by,
        "preserved": hasattr(request, "hold"),
    }


def _when(value: str) -> datetime:
    """A moment kept in `extra` as ISO 8601 (JSON has no dates)."""
    return datetime.fromisoformat(value)


def _preservation(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "hold_start": _when(extra["hold_start"]),
        "hold_end": _when(extra["hold_end"]),
        "targets": _targets(request),
    }


def _extension(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    original = request.original
    return {
        "original_reference": original.reference if original else "",
        "previous_end": _when(extra["previous_end"]),
        "new_end": _when(extra["new_end"]),
        "targets": _targets(original or request),
    }


def _rejection(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {"reasons": request.rejection_reasons, "explanation": request.rejection_explanation}


def _disclosure(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    production = letter.production
    process = legal_process(request)
    if production is None and extra.get("no_data"):
        # The approved package said there is nothing to produce: the letter says so.
        return {"legal_process": process, "records": [], "no_data": True}
    if production is None:
        raise NoProduction(NO_PRODUCTION.format(reference=request.reference))
    return {"legal_process": process, "records": production.manifest}


def _user_notice(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    target = request.targets.first()
    email = extra.get("email") or (target.email if target else "")
    ends = request.objection_window_ends_at or letter.created_at + timedelta(
        days=settings.LERQ_OBJECTION_WINDOW_DAYS
    )
    return {
        "addressee": extra.get("addressee") or {"name": "Account holder", "email": email},
        "agency": request.agency,
        "account": extra.get("account") or (str(target) if target else ""),
        "requested": extra.get("requested")
        or request.summary
        or request.subject
        or "Data about your account, as described in the legal process.",
        "legal_process": legal_process(request),
        "objection_ends": ends,
        "object_to": settings.LERQ_MAILBOX_ADDRESS,
    }


def _nondisclosure(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {"order": request.notice_basis, "order_end": request.nondisclosure_until}


def _eu_annex_iii(letter: Letter, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
    """The Annex III answer (Regulation (EU) 2023/1543): each reason, the data concerned, the
    explanation; to the issuing authority, in the certificate's language where we can."""
    production = request.kind == "eu_production_order"
    return {
        "reasons": request.rejection_reasons,
        "explanation": request.rejection_explanation,
        "order_name": "EPOC" if production else "EPOC-PR",
        "issuing_authority": request.eu_issuing_authority,
        "issuing_state": request.eu_issuing_state,
        # Codes: the renderer names them in the letter's language.
        "data_categories": list(request.eu_data_categories),
        "targets": _targets(request),
        "preserved": hasattr(request, "hold") and request.hold.released_at is None,
        "language": request.language,
    }


_BUILDERS = {
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement,
    LetterKind.DEFICIENCY: _deficiency,
    LetterKind.PRESERVATION: _preservation,
    LetterKind.EXTENSION: _extension,
    LetterKind.REJECTION: _rejection,
    LetterKind.DISCLOSURE: _disclosure,
    LetterKind.USER_NOTICE: _user_notice,
    LetterKind.NONDISCLOSURE: _nondisclosure,
    LetterKind.EU_ANNEX_III: _eu_annex_iii,
}
