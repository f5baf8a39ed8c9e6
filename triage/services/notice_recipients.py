"""Who is told: the addresses the team entered for the user notice, else those the agency
named on the targets; each one line and valid, since it goes in a header. Drafting
(notice_drafts.py) and sending (notice_sending.py) both ask here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, NoticeRecipient, Request, TargetType
from triage.models.conditions import REVIEW
from triage.services._core import InvalidInput, lock, now, require_perm

ERR_BAD_ADDRESS = "“{address}” is not an email address the user notice can be sent to."
ERR_RECIPIENT_TWICE = "{address} is already a recipient of the user notice on {reference}."
ERR_NO_RECIPIENT = (
    "{reference}: no address to send the user notice to. Add the affected user's email address "
    "(lerq does not look users up in the product's database)."
)


_UNSAFE = set("\r\n\t\v\f\x00")


def _address(address: str) -> str:
    """An address a header can carry: one line, valid; anything else is refused."""
    cleaned = (address or "").strip()
    if not cleaned or _UNSAFE & set(address or "") or "," in cleaned:
        raise InvalidInput(ERR_BAD_ADDRESS.format(address=cleaned[:100]))
    try:
        validate_email(cleaned)
    except ValidationError as exc:
        raise InvalidInput(ERR_BAD_ADDRESS.format(address=cleaned[:100])) from exc
    return cleaned


def _target_addresses(request: Request) -> list[tuple[str, Any]]:
    """The addresses the agency named on the targets (a meeting's host), with their target."""
    found = []
    for target in request.targets.all():
        address = target.host_email if target.type == TargetType.MEETING else target.email
        if address:
            found.append((address, target))
    return found


def notice_recipients(request: Request) -> list[str]:
    """Where the user notice goes: the addresses the team entered, else those of the targets.
    Only addresses that pass the header checks are returned."""
    entered = list(request.notice_recipients.values_list("email", flat=True))
    candidates = entered or [address for address, _ in _target_addresses(request)]
    valid = []
    for address in candidates:
        try:
            valid.append(_address(address))
        except InvalidInput:
            continue
    return sorted(set(valid), key=valid.index)


@transaction.atomic(durable=True)
def notice_recipient_add(
    *, request: Request, by: Any, email: str, name: str = "", target: Any = None
) -> NoticeRecipient:
    """The team enters the affected user's address (from the product's records, by hand)."""
    require_perm(by, REVIEW, "add a user notice recipient", request.reference)
    address = _address(email)
    locked = lock(request)
    if locked.notice_recipients.filter(email__iexact=address).exists():
        raise InvalidInput(ERR_RECIPIENT_TWICE.format(address=address, reference=locked.reference))
    recipient = NoticeRecipient.objects.create(
        request=locked,
        email=address,
        name=" ".join(name.split())[:200],
        target=target,
        added_by=by,
        added_at=now(),
    )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.NOTICE_RECIPIENT,
        at=recipient.added_at,
        data={"email": address, "target": target.pk if target else None},
    )
    return recipient


def recipients_for_sending(request: Request) -> list[NoticeRecipient]:
    """The recipient rows the notice goes to; addresses taken from targets become rows, so the
    record says exactly who was told."""
    existing = {row.email: row for row in request.notice_recipients.all()}
    targets = dict(_target_addresses(request))
    rows = []
    for address in notice_recipients(request):
        row = existing.get(address)
        if row is None:
            row = NoticeRecipient.objects.create(
                request=request, email=address, target=targets.get(address), added_at=now()
            )
        rows.append(row)
    return rows
