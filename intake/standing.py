"""Who may move a request by mail (issue 15 point 6): the stage after the thread match.

References are sequential and printed in every subject line, so naming one proves nothing:
a DMARC-valid mail from an unrelated ``.gov`` domain with ``Re: [LER-…]`` answered another
agency's deficiency notice, and a forged "I object" from a notified user's address was taken
as the user's. A reply moves a request (the agency's answer to a deficiency notice:
``request_answer``; a user's objection: ``objection_record_from_reply``) only when it is shown
to come from whom the request concerns:

- the agency: a verified government sender (``intake.senders``) on the registrable domain of
  the request's original sender or of its ``agent_email``; or a verified government sender
  answering in the thread of mail lerq sent to the agency (In-Reply-To/References naming a
  letter's, final notice's or message's Message-ID of that request: random, never published);
- a notified user: mail authenticated for the user's own domain by the trusted
  Authentication-Results, or In-Reply-To/References naming the Message-ID of the notice lerq
  sent to that very address.

Anything else is attached "unverified" with the sentence saying why, and changes nothing: a
person reads it and acts on the request page as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from intake import govdomains
from intake.models import InboundMessage
from intake.parsing import ParsedMessage
from intake.senders import HeaderSource, SenderCheck, parse_from, user_authentication
from triage.models import NoticeRecipient, OutboundMail, Request

# Mail lerq sends to the agency (triage/notices/letters.py, triage/notices/agency_message.py): a
# reply in its thread is the agency's.
AGENCY_TEMPLATES = ("letter", "final_notice", "agency_message")
USER_TEMPLATES = ("user_notice",)
MAX_IDS = 50  # Message-IDs of a thread looked up (as intake/user_replies.py)

VERIFIED_DOMAIN = "{address} is on {domain}, the domain of the agency that sent {reference}."
VERIFIED_THREAD = "{address} answers our mail {message_id} to the agency about {reference}."
UNVERIFIED_AGENCY = (
    "Attached unverified: {address} is not on the domain of the agency that sent {reference} "
    "({known}) and answers no mail of ours to it; nothing on the request was changed."
)
VERIFIED_USER_AUTHENTICATED = "{address}, a notified user, is authenticated: {how}"
VERIFIED_USER_THREAD = "{address}, a notified user, answers the notice {message_id}."
UNVERIFIED_USER = (
    "Attached unverified: the mail from {address} is not authenticated for its domain ({how}) "
    "and answers no notice of ours to it; no objection was recorded."
)
NO_KNOWN_DOMAIN = "no agency domain on record"


@dataclass(frozen=True)
class Standing:
    verified: bool
    sentence: str  # why it may move the request, or why it was attached unverified


def thread_ids(parsed: ParsedMessage, message: InboundMessage) -> list[str]:
    """The Message-IDs the message answers (In-Reply-To, then References), its own left out."""
    found = [i for i in (*parsed.in_reply_to, *parsed.references) if i != message.message_id]
    return list(dict.fromkeys(found))[:MAX_IDS]


def agency_domains(request: Request) -> Iterator[str]:
    """The registrable domains that speak for the request's agency: its agent_email's, then
    its original sender's (the message that opened it, verified when it did). Lazily: the
    agent_email nearly always decides, and then no query is made."""
    if request.agent_email and (domain := _registrable(request.agent_email)):
        yield domain
    if request.source_sha256:
        opened = InboundMessage.objects.filter(sha256=request.source_sha256)
        sender = opened.values_list("sender", flat=True).first()
        if sender and (domain := _registrable(_address_of(sender) or "")):
            yield domain


def agency_standing(*, request: Request, check: SenderCheck, ids: Iterable[str]) -> Standing:
    """May this verified government sender's message answer ``request``?"""
    address = check.address or ""
    own = _registrable(address)
    known = []
    for domain in agency_domains(request):
        if own and domain == own:
            sentence = VERIFIED_DOMAIN.format(
                address=address, domain=own, reference=request.reference
            )
            return Standing(True, sentence)
        known.append(domain)
    ours = (
        OutboundMail.objects.filter(
            request=request, template__in=AGENCY_TEMPLATES, message_id__in=list(ids)[:MAX_IDS]
        )
        .values_list("message_id", flat=True)
        .first()
    )
    if ours is not None:
        sentence = VERIFIED_THREAD.format(
            address=address, message_id=ours, reference=request.reference
        )
        return Standing(True, sentence)
    return Standing(
        False,
        UNVERIFIED_AGENCY.format(
            address=address,
            reference=request.reference,
            known=", ".join(dict.fromkeys(known)) or NO_KNOWN_DOMAIN,
        ),
    )


def user_standing(
    *, request: Request, check: SenderCheck, headers: HeaderSource, ids: Iterable[str]
) -> Standing:
    """May this notified user's message object to ``request``? ``check``: the sender check
    that found the address not a government's (so it holds the address and its domain)."""
    address = (check.address or "").strip().lower()
    authenticated = user_authentication(
        headers=headers,
        domain=check.domain or "",
        trusted_authserv_ids=settings.LERQ_TRUSTED_AUTHSERV_IDS,
    )
    if authenticated.ok:
        how = authenticated.sentence
        return Standing(True, VERIFIED_USER_AUTHENTICATED.format(address=address, how=how))
    notice = _notice_answered(request, address, list(ids)[:MAX_IDS])
    if notice is not None:
        return Standing(True, VERIFIED_USER_THREAD.format(address=address, message_id=notice))
    return Standing(False, UNVERIFIED_USER.format(address=address, how=authenticated.sentence))


def _notice_answered(request: Request, address: str, ids: list[str]) -> str | None:
    """The Message-ID of a notice of ``request`` sent to ``address`` that ``ids`` name."""
    if not ids or not address:
        return None
    recipient = (
        NoticeRecipient.objects.filter(
            request=request, email__iexact=address, notice_message_id__in=ids
        )
        .values_list("notice_message_id", flat=True)
        .first()
    )
    if recipient:
        return recipient
    mails = OutboundMail.objects.filter(
        request=request, template__in=USER_TEMPLATES, message_id__in=ids
    )
    for mail in mails[:MAX_IDS]:
        if address in {str(to).strip().lower() for to in mail.to}:
            return mail.message_id
    return None


def _address_of(sender: str) -> str | None:
    try:
        return parse_from(sender).address
    except Exception:  # a From that intake cannot read strictly speaks for nobody
        return None


def _registrable(address: str) -> str | None:
    domain = govdomains.normalise_domain(address.rpartition("@")[2]) if "@" in address else None
    return govdomains.organisational_domain(domain) if domain else None
