"""The EU orders' own versions of two letters (Regulation (EU) 2023/1543): the confirmation of
preservation of an EPOC-PR (Article 11) and the production's cover letter of an EPOC
(Article 10, with Article 13's confidentiality).

The Letter row keeps its kind (preservation, disclosure): the step that issues it, its draft,
its sending and its record are the same as for any request. What differs is the template and
its words, chosen here from the request's kind, so that every place that renders a letter
(the worker, the draft's preview, the production's certificate) renders the same one.
"""

from datetime import datetime
from typing import Any

from triage.letters.eu_wording import RECORD_CATEGORIES
from triage.models import Kind, LetterKind, RecordCategory

EU_PRESERVATION = "eu_preservation"
EU_DISCLOSURE = "eu_disclosure"
_EU_KINDS = {
    (Kind.EU_PRESERVATION_ORDER, LetterKind.PRESERVATION): EU_PRESERVATION,
    (Kind.EU_PRODUCTION_ORDER, LetterKind.DISCLOSURE): EU_DISCLOSURE,
}


def eu_letter_kind(request_kind: str, letter_kind: str) -> str:
    """The letter to render: the EU one where the request is an EU order and the Regulation
    has its own words for this letter, else ``letter_kind`` itself."""
    return _EU_KINDS.get((request_kind, letter_kind), letter_kind)


def certificate_context(request: Any) -> dict[str, Any]:
    """What the certificate says that both EU letters repeat: whose order, from which State,
    for which data, and the language it is answered in (render.py picks the words)."""
    production = request.kind == Kind.EU_PRODUCTION_ORDER
    return {
        "order_name": "EPOC" if production else "EPOC-PR",
        "issuing_authority": request.eu_issuing_authority or request.agency,
        "validating_authority": request.eu_validating_authority,
        "issuing_state": request.eu_issuing_state,
        "data_categories": list(request.eu_data_categories or []),
        "emergency": bool(request.eu_emergency) and production,
        "language": request.language,
    }


def preservation_context(request: Any, extra: dict[str, Any], at: datetime) -> dict[str, Any]:
    """The EPOC-PR's preservation as it stood when the letter was issued (``at``): 60 days
    from the snapshot taken when the hold was placed; 30 more if Annex VI extended it before
    ``at``; no end once Annex V confirmed a subsequent request for production before ``at``.
    A letter sent again after either says so; the first one is never rewritten."""
    first_end = datetime.fromisoformat(extra["hold_end"])
    hold = getattr(request, "hold", None)
    extended = hold is not None and hold.extended_at is not None and hold.extended_at <= at
    confirmed = request.eu_production_confirmed_at
    confirmed_at = confirmed if confirmed is not None and confirmed <= at else None
    return {
        "hold_start": datetime.fromisoformat(extra["hold_start"]),
        "hold_end": hold.ends_at if extended else first_end,
        "first_end": first_end,
        "extended": extended,
        "confirmed_at": confirmed_at,
    }


def records_with_categories(records: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The manifest's records, each with the name of what it holds in ``language``."""
    labels = {**dict(RecordCategory.choices), **RECORD_CATEGORIES.get(language, {})}
    return [{**r, "category_label": labels.get(r.get("category", ""), "")} for r in records]


def eu_context(kind: str, request: Any, extra: dict[str, Any], at: datetime) -> dict[str, Any]:
    """What an EU letter of ``kind`` adds to the context of the letter it replaces; nothing
    for every other letter."""
    if kind == EU_PRESERVATION:
        return {**certificate_context(request), **preservation_context(request, extra, at)}
    if kind == EU_DISCLOSURE:
        return certificate_context(request)
    return {}
