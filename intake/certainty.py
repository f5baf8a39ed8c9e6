"""What intake writes on a request it opens, and how sure it was of it.

``request_fields`` turns a reading (the extract contract, intake/extraction) into the Request's
fields: the values, the per-field confidence of the reading (by the Request's field names, plus
``kind`` and ``targets``) and the words the kind was decided by. ``deficiency_gate`` says
whether a deficiency notice may leave without a person (issue 16): only with
LERQ_AUTO_DEFICIENCY on and every field the list rests on (the missing ones and the kind) read
at least LERQ_AUTO_DEFICIENCY_CONFIDENCE sure; otherwise the list waits for a clerk, with the
fields lerq was not sure of kept on the request so its page says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from intake.extraction import Extraction
from intake.parsing import ParsedMessage
from intake.senders import SenderCheck
from triage import rules
from triage.models import Request
from triage.models.eu_order import IssuingAuthorityType
from triage.selectors.request import RULE_FIELDS

# The reading's field → the Request fields it fills (the extract contract's names on the left).
FILLS: Mapping[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "agency": ("agency",),
    "agent_name": ("agent_name",),
    "badge": ("badge",),
    "agent_email": ("agent_email",),
    "phone": ("agent_phone",),
    "address": ("postal_address",),
    "response_date": ("response_due_date",),
    "language": ("language",),
    "signed": ("signed",),
    "letterhead": ("letterhead",),
    "targets": ("targets",),
    "nondisclosure": ("nondisclosure_asked", "nondisclosure_days", "nondisclosure_asked_until"),
    "emergency": ("emergency_claimed", "person_at_risk", "imminence"),
}
# Bounds on what the kind's evidence keeps (it comes from mail: shown, so kept short).
EVIDENCE_ITEMS = 8
EVIDENCE_CHARS = 300
# Sure: given by a person, or by a rule of our own (the EMERGENCY subject line).
GIVEN = 1.0


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value).split())[:limit] if value else ""


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def request_fields(
    extraction: Extraction,
    parsed: ParsedMessage,
    message: Any,
    check: SenderCheck,
    *,
    given: Iterable[str] = (),
) -> dict[str, Any]:
    """The Request fields of a reading, for ``request_open``. ``given``: fields (the Request's
    names) that a person or our own rule set rather than the reader: read as sure."""
    fields = extraction.fields
    agent_email = fields.get("agent_email") or ""
    try:
        validate_email(agent_email)
    except ValidationError:
        agent_email = check.address or ""
    due = fields.get("response_date")
    try:
        due_date = date.fromisoformat(due) if due else None
    except (TypeError, ValueError):
        due_date = None
    return {
        "agency": _text(fields.get("agency"), 300),
        "agent_name": _text(fields.get("agent_name"), 200),
        "badge": _text(fields.get("badge"), 100),
        "agent_email": agent_email[:254],
        "agent_phone": _text(fields.get("phone"), 64),
        "postal_address": str(fields.get("address") or ""),
        "response_due_date": due_date,
        "language": _text(fields.get("language"), 8),
        **_readings(fields),
        **_eu_certificate(extraction.eu_certificate, fields),
        "subject": parsed.subject[:998],
        "source_message_id": message.message_id or "",
        "source_sha256": message.sha256,
        "reading_confidence": reading_confidence(extraction.confidence, given=given),
        "kind_evidence": kind_evidence(extraction.kind_evidence),
    }


def _readings(fields: dict[str, Any]) -> dict[str, Any]:
    """What the document itself says (the extract contract): signed, letterhead, a request not
    to tell the user, an emergency; stored so a person sees and can correct each reading."""
    nondisclosure = fields.get("nondisclosure") or {}
    emergency = fields.get("emergency") or {}
    days = nondisclosure.get("days")
    until = nondisclosure.get("until")
    try:
        until_date = date.fromisoformat(until) if isinstance(until, str) else None
    except ValueError:
        until_date = None
    return {
        "signed": _flag(fields.get("signed")),
        "letterhead": _flag(fields.get("letterhead")),
        "nondisclosure_asked": nondisclosure.get("present") is True,
        "nondisclosure_days": days if isinstance(days, int) and 0 < days < 100_000 else None,
        "nondisclosure_asked_until": until_date,
        "emergency_claimed": emergency.get("present") is True,
        "person_at_risk": _text(emergency.get("person_at_risk"), 300),
        "imminence": _text(emergency.get("imminence"), 300),
    }


def _eu_certificate(eu: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """What an EU certificate says (intake/extraction/eu_certificate.py), as the Request's
    eu_* fields and its file number as the case number; nothing on any other kind."""
    if not isinstance(eu, dict):
        return {}
    categories = eu.get("data_categories") or []
    kind = eu.get("issuing_authority_type")
    return {
        "eu_issuing_state": _text(eu.get("issuing_state"), 2),
        "eu_issuing_authority": _text(eu.get("issuing_authority") or fields.get("agency"), 300),
        "eu_issuing_authority_type": kind if kind in IssuingAuthorityType.values else "",
        "eu_validating_authority": _text(eu.get("validating_authority"), 300),
        "eu_data_categories": [c for c in categories if isinstance(c, str)][:4],
        "eu_emergency": eu.get("emergency") is True,
        "eu_enforcing_notified": eu.get("enforcing_notified") is True,
        "eu_offence": _text(eu.get("offence"), 500),
        "eu_legal_basis": _text(eu.get("legal_basis"), 500),
        "case_number": _text(eu.get("file_number"), 120),
    }


def reading_confidence(
    confidence: Mapping[str, Any], *, given: Iterable[str] = ()
) -> dict[str, float]:
    """The reader's confidence by the Request's field names, each bounded to 0..1."""
    out: dict[str, float] = {}
    for read, names in FILLS.items():
        value = confidence.get(read)
        if isinstance(value, int | float) and not isinstance(value, bool):
            for name in names:
                out[name] = round(min(1.0, max(0.0, float(value))), 2)
    for name in given:
        out[name] = GIVEN
    return out


def kind_evidence(found: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The words the kind was decided by and the part they stand in, bounded."""
    kept = []
    for item in list(found)[:EVIDENCE_ITEMS]:
        words = _text(item.get("words"), EVIDENCE_CHARS)
        if words:
            kept.append({"words": words, "part": _text(item.get("part"), EVIDENCE_CHARS)})
    return kept


def unsure_of(
    *, confidence: Mapping[str, Any], found: Iterable[rules.Deficiency], floor: float
) -> list[dict[str, Any]]:
    """The fields a deficiency list rests on (the kind and each missing item, by the rules'
    names) read less sure than ``floor``, with their confidence (None: not known)."""
    unsure = []
    for name in dict.fromkeys(["kind", *(d.name for d in found)]):
        value = confidence.get(RULE_FIELDS.get(name, name))
        if not isinstance(value, int | float) or value < floor:
            unsure.append({"name": name, "confidence": value})
    return unsure


def deficiency_gate(
    *, confidence: Mapping[str, Any], found: Iterable[rules.Deficiency]
) -> tuple[bool, list[dict[str, Any]]]:
    """(whether the notice may leave without a person, the fields lerq was not sure of).
    Off by default: LERQ_AUTO_DEFICIENCY off, nothing leaves alone and nothing is unsure."""
    if not settings.LERQ_AUTO_DEFICIENCY:
        return False, []
    floor = settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE
    unsure = unsure_of(confidence=confidence, found=found, floor=floor)
    return not unsure, unsure


def confidence_of(request: Request) -> dict[str, Any]:
    """The request's stored confidence, the fields a person confirmed since read as sure."""
    stored = dict(request.reading_confidence or {})
    return {**stored, **dict.fromkeys(request.reading_confirmed or [], GIVEN)}
