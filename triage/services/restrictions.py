"""Access restrictions: what is restricted, limited to the jurisdiction of the authority
that ordered it."""

from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import AccessRestriction, EventKind, Kind, Request
from triage.models.conditions import REVIEW
from triage.services._core import InvalidInput, lock, now, require_perm

ERR_NOT_RESTRICTION = "{reference} is not an access restriction request."
ERR_JURISDICTION = "Name the jurisdiction as a two-letter country code (ISO 3166-1), e.g. DE."
ERR_OTHER_JURISDICTION = (
    "{reference} comes from an authority of {country}: a restriction is limited to that "
    "jurisdiction, not {jurisdiction}."
)
ERR_SCOPE_REQUIRED = "Say what is restricted (the content, account or feature)."


@transaction.atomic(durable=True)
def restriction_record(
    *, request: Request, by: Any, jurisdiction: str, scope: str
) -> AccessRestriction:
    """What an access restriction request restricts, limited to the jurisdiction of the
    authority that ordered it. The named users are told through the user notice."""
    require_perm(by, REVIEW, "record an access restriction", request.reference)
    if request.kind != Kind.ACCESS_RESTRICTION:
        raise InvalidInput(ERR_NOT_RESTRICTION.format(reference=request.reference))
    code = jurisdiction.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidInput(ERR_JURISDICTION)
    if request.country and code != request.country.upper():
        raise InvalidInput(
            ERR_OTHER_JURISDICTION.format(
                reference=request.reference, country=request.country.upper(), jurisdiction=code
            )
        )
    if not scope.strip():
        raise InvalidInput(ERR_SCOPE_REQUIRED)
    locked = lock(request)
    restriction, created = AccessRestriction.objects.update_or_create(
        request=locked,
        defaults={
            "jurisdiction": code,
            "scope": scope.strip(),
            "recorded_by": by,
            "recorded_at": now(),
        },
    )
    event_append(
        request=locked,
        actor=by,
        action=EventKind.ACCESS_RESTRICTION,
        at=restriction.recorded_at,
        reason=restriction.scope[:2000],
        data={"jurisdiction": code, "replaced": not created},
    )
    return restriction
