"""What the agency's answer gave, proposed beside the current values; a person accepts it
(issue 16: "an answer fills the gaps").

Intake reads the answer to a deficiency notice with the same reader as a new request and
calls ``proposal_record`` with what it found; nothing on the request changes until a person
calls ``proposal_accept``, which applies the values through ``request_update_fields`` so that
the destination rules and the approval re-check hold as for a hand correction.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from triage.audit import event_append
from triage.models import EventKind, FieldProposal, ProposedField, Request, Target
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import INTAKE, REVIEW
from triage.services._core import (
    ERR_CHANGED,
    InvalidInput,
    RequestChanged,
    TransitionRefused,
    now,
    require_perm,
)
from triage.services.approval import approval_recheck
from triage.services.fields import ERR_FINISHED, request_update_fields

ERR_NOTHING_PENDING = "{reference}: nothing proposed is waiting to be accepted."
ERR_NOT_PENDING = "{reference}: this proposal is not waiting any more (it was decided already)."
ERR_DECLINE_REASON = "Say why the proposed detail is declined."
DECLINE_REASON_MAX = 2000
TARGETS = ProposedField.TARGETS.value
# The identifiers that make a target the same target (meeting_time is a detail of a meeting).
TARGET_KEYS = (
    "type",
    "user_id",
    "email",
    "ip",
    "account_number",
    "meeting_id",
    "host_email",
    "url",
)
_LIMITS = {
    name: Request._meta.get_field(name).max_length
    for name in ProposedField.values
    if name not in (TARGETS, "response_due_date")
}


def _target_key(row: dict[str, Any] | Target) -> tuple[str, ...]:
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k, None))
    return tuple(str(get(k) or "").strip().lower() for k in TARGET_KEYS)


def _normal(name: str, value: Any) -> Any:
    """The value as it would be stored on the request (text trimmed to the column, a date as
    YYYY-MM-DD), or None when there is nothing to propose."""
    if value is None:
        return None
    if name == TARGETS:
        keys = (*TARGET_KEYS, "meeting_time")
        rows = [
            {k: v for k, v in row.items() if k in keys and v}
            for row in value
            if isinstance(row, dict)
        ]
        return [row for row in rows if row.get("type")] or None
    if name == "response_due_date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return None
    text = str(value).strip()
    if name != "postal_address":
        text = " ".join(text.split())
    limit = _LIMITS.get(name)
    return text[:limit] if limit else text or None


def _current(request: Request, name: str) -> Any:
    value = getattr(request, name)
    return value.isoformat() if isinstance(value, date) else (value or "")


@transaction.atomic(durable=True)
def proposal_record(
    *, request: Request, found: dict[str, Any], message_id: str, sha256: str
) -> list[FieldProposal]:
    """Routing read the agency's verified answer (``sha256``, ``message_id``) and ``found``
    these values (request field name → value; ``targets`` a list of Target rows). Each that
    differs from the request's current value is proposed, once per message and field; an
    older undecided proposal for the same field is superseded. Returns the new proposals."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if locked.status in FINISHED_STATUSES:
        return []
    # One read for both: what this message proposed already (a re-run), and what waits.
    known = FieldProposal.objects.filter(request=locked).filter(
        Q(source_sha256=sha256) | Q(decided_at=None)
    )
    known_rows = list(known.values_list("pk", "field", "source_sha256"))
    seen = {field for _pk, field, source in known_rows if source == sha256}
    at = now()
    new = []
    for name in ProposedField.values:  # at most one per field: bounded whatever the message
        value = _normal(name, found.get(name))
        if value in (None, "") or name in seen:
            continue
        if name == TARGETS:
            have = {_target_key(t) for t in locked.targets.all()}
            value = [row for row in value if _target_key(row) not in have]
            if not value:
                continue
        elif value == _current(locked, name):
            continue
        new.append(
            FieldProposal(
                request=locked,
                field=name,
                value=value,
                source_message_id=message_id[:998],
                source_sha256=sha256,
                found_at=at,
            )
        )
    if not new:
        return []
    fields = {p.field for p in new}
    older = [pk for pk, field, source in known_rows if field in fields and source != sha256]
    if older:
        FieldProposal.objects.filter(pk__in=older, decided_at=None).update(
            decided_at=at, accepted=False
        )
    FieldProposal.objects.bulk_create(new)
    event_append(
        request=locked,
        actor=None,
        action=EventKind.FIELDS_PROPOSED,
        at=at,
        reason=f"Read from the agency's answer {message_id or sha256[:12]}"[:300],
        data={
            "message_id": message_id,
            "sha256": sha256,
            "proposed": {p.field: p.value for p in new},
            "superseded": older,
        },
    )
    return new


def proposal_accept(
    *,
    request: Request,
    by: Any,
    seen_status: str,
    proposal: int | None = None,
    destination_reason: str = "",
) -> Request:
    """A person accepts one proposal (``proposal``) or every undecided one (None).

    Not one durable transaction, on purpose: the values go through ``request_update_fields``
    (a durable transaction of its own, with the destination rules and the approval re-check),
    then the proposals are marked decided in a second one. A crash between the two leaves
    them undecided; accepting again applies nothing twice (an unchanged field records
    nothing) and marks them. Accepting what is already decided changes nothing."""
    require_perm(by, INTAKE, "accept proposed details of", request.reference)
    pending = FieldProposal.objects.filter(request=request, decided_at=None)
    if proposal is not None:
        pending = pending.filter(pk=proposal)
    chosen = list(pending)
    if not chosen:
        raise InvalidInput(ERR_NOTHING_PENDING.format(reference=request.reference))
    changes: dict[str, Any] = {}
    for p in chosen:
        if p.field == TARGETS:
            continue
        value = p.value
        changes[p.field] = date.fromisoformat(value) if p.field == "response_due_date" else value
    if changes:
        request_update_fields(
            request=request,
            by=by,
            changes=changes,
            seen_status=seen_status,
            destination_reason=destination_reason,
        )
    return _accepted(request=request, by=by, ids=[p.pk for p in chosen], seen_status=seen_status)


@transaction.atomic(durable=True)
def _accepted(*, request: Request, by: Any, ids: list[int], seen_status: str) -> Request:
    """The proposals are decided, on the record; targets proposed are added here (no other
    service adds targets to an open request)."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if locked.status != seen_status:
        raise RequestChanged(
            ERR_CHANGED.format(reference=locked.reference, now=locked.get_status_display())
        )
    if locked.status in FINISHED_STATUSES:
        state = locked.get_status_display().lower()
        raise TransitionRefused(ERR_FINISHED.format(reference=locked.reference, state=state))
    # Under the request's lock: of two people accepting at once, the second finds none left.
    chosen = list(FieldProposal.objects.filter(request=locked, decided_at=None, pk__in=ids))
    if not chosen:
        return locked
    at = now()
    added = _targets_add(locked, [p for p in chosen if p.field == TARGETS])
    FieldProposal.objects.filter(pk__in=[p.pk for p in chosen]).update(
        decided_at=at, decided_by=by, accepted=True
    )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.PROPOSALS_ACCEPTED,
        at=at,
        reason=", ".join(ProposedField(p.field).label for p in chosen)[:300],
        data={
            "accepted": {p.field: p.value for p in chosen},
            "proposals": [p.pk for p in chosen],
            "sha256": sorted({p.source_sha256 for p in chosen}),
            "targets_added": added,
        },
    )
    if added:
        approval_recheck(request=locked, by=by, cause="targets were added from the agency's answer")
    return locked


def _targets_add(request: Request, proposals: list[FieldProposal]) -> int:
    have = {_target_key(t) for t in request.targets.all()}
    rows = []
    for p in proposals:
        for row in p.value:
            if _target_key(row) in have:
                continue
            have.add(_target_key(row))
            rows.append(Target(request=request, **row))
    Target.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic(durable=True)
def proposal_decline(*, request: Request, by: Any, proposal: int, reason: str) -> FieldProposal:
    """A person declines one proposal (the agency's answer was misread, or the current value
    is right): it is decided, not accepted, and the field stays as it is, on the record."""
    require_perm(by, REVIEW, "decline a proposed detail of", request.reference)
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput(ERR_DECLINE_REASON)
    if len(text) > DECLINE_REASON_MAX:
        raise InvalidInput(f"The reason is longer than {DECLINE_REASON_MAX} characters.")
    locked = Request.objects.select_for_update().get(pk=request.pk)
    found = FieldProposal.objects.filter(request=locked, pk=proposal, decided_at=None).first()
    if found is None:
        raise InvalidInput(ERR_NOT_PENDING.format(reference=locked.reference))
    found.decided_at, found.decided_by, found.accepted = now(), by, False
    found.save(update_fields=["decided_at", "decided_by", "accepted"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.PROPOSAL_DECLINED,
        at=found.decided_at,
        reason=text,
        data={
            "proposal": found.pk,
            "field": found.field,
            "value": found.value,
            "sha256": found.source_sha256,
        },
    )
    return found
