"""The call-back to the agency before an emergency disclosure (triage/models/callback.py).

What makes a call-back worth anything (issue 15, "A real call-back"): it was made between the
request's receipt and now, to a number the agency published somewhere other than the request
itself (a hijacked police mailbox prints its own number, so a number in the request's mail,
attachments or requester details is refused, in any format), and it says how it ended. Only a
``confirmed`` latest call unlocks disclosure; ``not_confirmed`` puts the request at the top of
the queue with a warning and mails the team.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from triage import phones, sources
from triage.audit import event_append
from triage.models import AgencyNumber, CallBack, CallBackOutcome, EventKind, Kind, Request
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import REVIEW
from triage.notices.alerts import callback_unconfirmed_mail
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    after_commit,
    lock,
    now,
    require_perm,
)

ERR_PERSON_ONLY = "Only a person can record a call-back: lerq makes no telephone calls."
ERR_NOT_EMERGENCY = "{reference} is not an emergency: call-backs are recorded for emergencies."
ERR_FINISHED = "{reference} is {state}: a call-back can no longer be recorded."
ERR_BLANK = "Say {what}."
ERR_FUTURE = "The call cannot have been made in the future."
ERR_BEFORE_RECEIPT = (
    "The call cannot have been made before {reference} was received ({received}): "
    "a call-back confirms a request that had already arrived."
)
ERR_OUTCOME = "Say how the call ended: confirmed, not confirmed or no answer."
ERR_NUMBER_SHORT = "{number} is not a whole telephone number: give it with its area code."
ERR_NUMBER_FROM_REQUEST = (
    "{number} is printed in {reference}'s own mail, attachments or requester details: call the "
    "agency on a number it published elsewhere (a hijacked mailbox prints its own number)."
)

_SAY = {
    "number_called": "which number was called",
    "number_source": "where the agency published that number",
    "person_reached": "who was reached",
    "details": "what was said",
}
# With no answer there is nobody to name and nothing that was said.
_OPTIONAL_WITHOUT_ANSWER = frozenset({"person_reached", "details"})


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _given(**values: str) -> dict[str, str]:
    given = {name: value.strip() for name, value in values.items()}
    no_answer = given.get("outcome") == CallBackOutcome.NO_ANSWER
    if given["outcome"] not in CallBackOutcome.values:
        raise InvalidInput(ERR_OUTCOME)
    for name, what in _SAY.items():
        if not given[name] and not (no_answer and name in _OPTIONAL_WITHOUT_ANSWER):
            raise InvalidInput(ERR_BLANK.format(what=what))
    return given


def number_refusal(request: Request, number: str) -> str | None:
    """Why ``number`` cannot be the one the agency is called back on, or None. Reads every
    message of the request (intake's provider, triage/sources.py): call it outside locks."""
    if len(phones.national_number(number, request.country)) < phones.MIN_DIGITS:
        return ERR_NUMBER_SHORT.format(number=number)
    texts = [request.agent_phone]
    if phones.printed_in(number, texts, request.country) or phones.printed_in(
        number, sources.texts_of_request(request), request.country
    ):
        return ERR_NUMBER_FROM_REQUEST.format(number=number, reference=request.reference)
    return None


@transaction.atomic(durable=True)
def callback_record(
    *,
    request: Request,
    by: Any,
    called_at: datetime,
    number_called: str,
    number_source: str,
    person_reached: str,
    outcome: str,
    details: str,
    directory_entry: AgencyNumber | None = None,
) -> CallBack:
    """Someone called the agency on a number it published; record when, where and how it ended."""
    if by is None:
        raise InvalidInput(ERR_PERSON_ONLY)
    require_perm(by, REVIEW, "record a call-back", request.reference)
    given = _given(
        number_called=number_called,
        number_source=number_source,
        person_reached=person_reached,
        outcome=outcome,
        details=details,
    )
    if called_at > now():
        raise InvalidInput(ERR_FUTURE)
    if called_at < request.received_at:
        raise InvalidInput(
            ERR_BEFORE_RECEIPT.format(
                reference=request.reference, received=_local(request.received_at)
            )
        )
    if request.kind != Kind.EMERGENCY:
        raise InvalidInput(ERR_NOT_EMERGENCY.format(reference=request.reference))
    # Reading the mail (and its PDFs) may take seconds: before the row is locked.
    refusal = number_refusal(request, given["number_called"])
    if refusal:
        raise InvalidInput(refusal)
    locked = lock(request)
    if locked.status in FINISHED_STATUSES:
        raise TransitionRefused(
            ERR_FINISHED.format(
                reference=locked.reference, state=locked.get_status_display().lower()
            )
        )
    callback = CallBack(
        request=locked,
        recorded_by=by,
        called_at=called_at,
        directory_entry=directory_entry,
        **given,
    )
    callback.full_clean()
    callback.save(force_insert=True)
    _warn_if_unconfirmed(locked)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.CALLBACK,
        at=now(),
        reason=f"{callback.get_outcome_display()}. {given['details']}".strip(),
        data={
            "called_at": called_at.isoformat(),
            "directory_entry": directory_entry.pk if directory_entry else None,
            **given,
        },
    )
    if callback.outcome == CallBackOutcome.NOT_CONFIRMED:
        callback_unconfirmed_mail(callback=callback)
        from triage.tasks import send_mail

        after_commit(send_mail.delay)
    return callback


def _warn_if_unconfirmed(locked: Request) -> None:
    """The latest call (by when it was made, so a back-dated "confirmed" cannot cover a later
    "not confirmed") decides whether the request carries the queue's warning."""
    latest = locked.callbacks.order_by("-called_at", "-pk").first()
    unconfirmed = latest is not None and latest.outcome == CallBackOutcome.NOT_CONFIRMED
    if locked.callback_unconfirmed != unconfirmed:
        locked.callback_unconfirmed = unconfirmed
        locked.save(update_fields=["callback_unconfirmed"])


def agency_number_log(*, entry: AgencyNumber, by: Any, change: str) -> None:
    """Put an administrator's change to the directory on the record: a number added there is
    one a lawyer may call to confirm an emergency, so who vouched for it must be known.
    Not durable: Django admin calls it inside the transaction of its own save or delete."""
    event_append(
        request=None,
        actor=by,
        action=EventKind.AGENCY_NUMBER,
        at=now(),
        reason=f"{entry.agency}: {entry.number} {change}",
        data={
            "entry": entry.pk,
            "change": change,
            "agency": entry.agency,
            "number": entry.number,
            "source": entry.source,
            "notes": entry.notes,
        },
    )
