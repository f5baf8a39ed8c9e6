"""A held message whose sender authenticated for its own domain, which is not on the government
list (``InboundMessage.unlisted_domain``; issue 16: a European police force's domain carries no
government marker). A clerk decides on the needs-routing page:

- ``unlisted_government``: the domain joins the government list (a ``GovernmentDomain`` row,
  an Event and an admin log entry, in one transaction), then the message is routed as any
  government mail is (routing's own path: a reply is attached, a request opened, or it is held
  again for routing);
- ``unlisted_refuse``: refused as the router refuses (a security-log row, the content deleted).

A double click finds the message claimed or no longer waiting (intake/held.py's claim). A crash
after the domain was added and before the message was routed is finished by "government" again:
the row is found, not added twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from intake import govdomains, held, routing
from intake.models import GovernmentDomain, InboundMessage
from intake.parsing import parse_message
from intake.refusal import refuse
from intake.senders import check_sender
from triage.audit import event_append
from triage.models import EventKind

ERR_NOT_UNLISTED = "This message is not waiting for a decision about its sender."
ERR_SWITCHED_OFF = (
    "An administrator switched off {domain} as a government domain: only an administrator "
    "can switch it back on."
)
ERR_NOT_A_DOMAIN = "{domain} cannot join the government list: {why}"
DONE_GOVERNMENT = "{domain} is now a government domain; the message was routed: {outcome}."
DONE_REFUSED = "The message from {domain} was refused and its content deleted."
NOTE_GOVERNMENT = "{domain} accepted as a government's by {user} from the needs-routing queue."
NOTE_REFUSED = "Refused by {user} from the needs-routing queue{why}"
CODE_REFUSED = "refused_by_clerk"


def _waiting(message: InboundMessage, by: Any) -> str:
    """Claim the message for this decision; the domain it waits on."""
    if not by.has_perm(held.INTAKE):
        raise PermissionDenied
    held.claim(message)
    if not message.unlisted_domain:
        held.release(message)
        raise held.NotHeld(ERR_NOT_UNLISTED)
    return message.unlisted_domain


def unlisted_government(*, message: InboundMessage, by: Any, note: str = "") -> held.Done:
    """The sender's domain is a government's: on the list and on the record, then routed."""
    domain = _waiting(message, by)
    try:
        _domain_accept(message=message, domain=domain, by=by, note=note)
    except BaseException:
        held.release(message)
        raise
    raw = bytes(message.raw)
    try:
        routing.route(message, raw, parse_message(raw))
    except BaseException:
        # The domain stays accepted; the message stays held, now as government mail that a
        # clerk can attach or open by hand.
        held.release(message)
        raise
    message.refresh_from_db()
    return held.Done(
        DONE_GOVERNMENT.format(domain=domain, outcome=message.get_outcome_display().lower()),
        message.request,
    )


@transaction.atomic(durable=True)
def _domain_accept(*, message: InboundMessage, domain: str, by: Any, note: str) -> None:
    try:
        name = govdomains.validate_rule(domain, suffix=False)
    except ValueError as error:
        raise held.NotHeld(ERR_NOT_A_DOMAIN.format(domain=domain, why=error)) from None
    row = GovernmentDomain.objects.filter(domain=name, kind=GovernmentDomain.RuleKind.EXACT).first()
    if row is not None and not row.active:
        raise held.NotHeld(ERR_SWITCHED_OFF.format(domain=name))
    why = NOTE_GOVERNMENT.format(domain=name, user=by.get_username())
    if row is None:
        evidence = " ".join(note.split())
        row = GovernmentDomain.objects.create(
            domain=name,
            kind=GovernmentDomain.RuleKind.EXACT,
            note=f"{why} Message {message.message_id or message.sha256}. {evidence}".strip(),
            source=GovernmentDomain.Source.CLERK,
            added_by=by,
        )
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[row],
            action_flag=ADDITION,
            change_message=why,
            single_object=True,
        )
        event_append(
            request=None,
            actor=by,
            action=EventKind.GOVERNMENT_DOMAIN_ADDED,
            at=timezone.now(),
            reason=why,
            data={
                "domain": name,
                "rule": row.pk,
                "message_sha256": message.sha256,
                "message_id": message.message_id,
                "note": evidence,
            },
        )
    InboundMessage.objects.filter(pk=message.pk).update(unlisted_domain="")
    message.unlisted_domain = ""


def unlisted_refuse(*, message: InboundMessage, by: Any, reason: str = "") -> held.Done:
    """Not a government's: refused as the router refuses, the content deleted at once."""
    domain = _waiting(message, by)
    raw = bytes(message.raw)
    parsed = parse_message(raw)
    try:
        check = check_sender(
            headers=parsed.header_map(),
            raw=raw,
            trusted_authserv_ids=settings.LERQ_TRUSTED_AUTHSERV_IDS,
            government_rules=govdomains.current_rules(),
            dns_txt=lambda name, timeout=5: None,  # only the recorded check is wanted
        )
        why = " ".join(reason.split())
        note = NOTE_REFUSED.format(user=by.get_username(), why=f": {why}" if why else ".")
        refuse(
            message,
            raw,
            parsed,
            check,
            [CODE_REFUSED],
            [CODE_REFUSED, note, *message.reasons],
        )
        InboundMessage.objects.filter(pk=message.pk).update(unlisted_domain="")
    except BaseException:
        held.release(message)
        raise
    return held.Done(DONE_REFUSED.format(domain=domain))
