"""The call-back to the agency before an emergency disclosure (triage/models/callback.py)."""

from datetime import datetime
from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import CallBack, EventKind, Kind, Request
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import REVIEW
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    lock,
    now,
    require_perm,
)

ERR_PERSON_ONLY = "Only a person can record a call-back: lerq makes no telephone calls."
ERR_NOT_EMERGENCY = "{reference} is not an emergency: call-backs are recorded for emergencies."
ERR_FINISHED = "{reference} is {state}: a call-back can no longer be recorded."
ERR_BLANK = "Say {what}."
ERR_FUTURE = "The call cannot have been made in the future."

_SAY = {
    "number_called": "which number was called",
    "number_source": "where the agency published that number",
    "person_reached": "who was reached",
    "confirmed": "what was confirmed",
}


@transaction.atomic(durable=True)
def callback_record(
    *,
    request: Request,
    by: Any,
    called_at: datetime,
    number_called: str,
    number_source: str,
    person_reached: str,
    confirmed: str,
) -> CallBack:
    """Someone called the agency on a number it published and confirmed the emergency."""
    if by is None:
        raise InvalidInput(ERR_PERSON_ONLY)
    require_perm(by, REVIEW, "record a call-back", request.reference)
    given = {
        "number_called": number_called.strip(),
        "number_source": number_source.strip(),
        "person_reached": person_reached.strip(),
        "confirmed": confirmed.strip(),
    }
    for name, value in given.items():
        if not value:
            raise InvalidInput(ERR_BLANK.format(what=_SAY[name]))
    if called_at > now():
        raise InvalidInput(ERR_FUTURE)
    locked = lock(request)
    if locked.kind != Kind.EMERGENCY:
        raise InvalidInput(ERR_NOT_EMERGENCY.format(reference=locked.reference))
    if locked.status in FINISHED_STATUSES:
        raise TransitionRefused(
            ERR_FINISHED.format(
                reference=locked.reference, state=locked.get_status_display().lower()
            )
        )
    callback = CallBack(request=locked, recorded_by=by, called_at=called_at, **given)
    callback.full_clean()
    callback.save(force_insert=True)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.CALLBACK,
        at=now(),
        reason=given["confirmed"],
        data={"called_at": called_at.isoformat(), **given},
    )
    return callback
