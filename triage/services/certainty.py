"""A person confirms what lerq was not sure it read (issue 17).

Intake keeps on the request how sure it was of each field (``Request.reading_confidence``, by
the Request's field names plus ``kind`` and ``targets``); the page highlights those below
LERQ_CONFIRM_BELOW. A person confirms one, or all the highlighted ones at once: the Event says
who confirmed what, at what confidence, and the highlight goes. Correcting a field (fields.py,
corrections.py) confirms it too (``confirmed_mark``). Who may confirm is who may correct: the
same rule (triage/services/readings.py), a reviewer once a lawyer has the kind and targets.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, Request
from triage.models.conditions import INTAKE
from triage.services._core import InvalidInput, lock_as_seen, now, require_perm
from triage.services.readings import require_corrector

ERR_FINISHED = "{reference} is {state}: what was read off it can no longer be confirmed."
ERR_NOT_READ = "{name} is not a field lerq read on {reference}."
ERR_NOTHING = "{reference}: nothing is waiting to be confirmed."
# The legal basis: confirmed by whoever may correct it (a reviewer once in review).
BASIS = frozenset({"kind", "targets"})


def confirmable(request: Request) -> dict[str, float]:
    """The fields read less sure than LERQ_CONFIRM_BELOW that no person confirmed yet."""
    below = settings.LERQ_CONFIRM_BELOW
    done = set(request.reading_confirmed or [])
    return {
        name: value
        for name, value in (request.reading_confidence or {}).items()
        if name not in done and isinstance(value, int | float) and value < below
    }


def confirmed_mark(request: Request, names: Iterable[str]) -> list[str]:
    """Mark ``names`` confirmed on the locked ``request`` (a correction is a confirmation);
    returns the update_fields to save (none when nothing was new)."""
    read = request.reading_confidence or {}
    done = list(request.reading_confirmed or [])
    new = [n for n in dict.fromkeys(names) if n in read and n not in done]
    if not new:
        return []
    request.reading_confirmed = [*done, *new]
    return ["reading_confirmed"]


@transaction.atomic(durable=True)
def request_reading_confirm(
    *, request: Request, by: Any, seen_status: str, name: str = ""
) -> Request:
    """``by`` confirms that lerq read ``name`` right (empty: every field still highlighted);
    the Event records each field confirmed with the confidence it was read at."""
    require_perm(by, INTAKE, "confirm the reading of", request.reference)
    locked = lock_as_seen(request, seen_status, ERR_FINISHED)
    waiting = confirmable(locked)
    if name:
        if name not in (locked.reading_confidence or {}):
            raise InvalidInput(ERR_NOT_READ.format(name=name, reference=locked.reference))
        chosen = {name: locked.reading_confidence[name]}
    else:
        chosen = waiting
    if not chosen:
        raise InvalidInput(ERR_NOTHING.format(reference=locked.reference))
    if BASIS & set(chosen):  # the details: an intake clerk until finished, as fields.py
        require_corrector(by=by, request=locked, what="the kind of legal process or targets")
    saved = confirmed_mark(locked, chosen)
    if not saved:
        return locked
    locked.save(update_fields=saved)
    event_append(
        request=locked,
        actor=by,
        action=EventKind.READING_CONFIRMED,
        at=now(),
        data={"confirmed": chosen},
    )
    return locked
