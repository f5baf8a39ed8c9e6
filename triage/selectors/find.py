"""Finding requests in every state (issue 18): status groups, the exact-reference jump, the
CSV export's rows, and each person's saved filters.

The queue's default list is the requests not yet closed; a search, or a status filter, reads
every request. "Open" means what the legal team means: the agency is still owed an answer
(not disclosed, rejected, released, expired or closed); "finished" is the rest.
"""

import re
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from triage.models import Event, Request, SavedFilter, Status, Target
from triage.models.choices import FINISHED_STATUSES

# Status filter values that name a group of states; none of them is a state's own value.
STATUS_OPEN = "open"
STATUS_FINISHED = "finished"
STATUS_ANY = "any"
_FINISHED_LIST = ", ".join(str(Status(s).label).lower() for s in sorted(FINISHED_STATUSES))
STATUS_CHOICES = [
    (STATUS_OPEN, "Open (an answer is owed)"),
    (STATUS_FINISHED, f"Finished ({_FINISHED_LIST})"),
    (STATUS_ANY, "Any state"),
    *((s.value, s.label) for s in Status),
]

# LER-YYYY-NNNNNN, with or without the prefix, any case, spaces around ignored.
_REFERENCE = re.compile(r"(?:LER-)?(\d{4})-(\d{6})", re.IGNORECASE)


def request_status_filter(requests: QuerySet[Request], value: str) -> QuerySet[Request]:
    """Narrow ``requests`` to one status filter value (a group or a single state)."""
    if value == STATUS_OPEN:
        return requests.exclude(status__in=FINISHED_STATUSES)
    if value == STATUS_FINISHED:
        return requests.filter(status__in=FINISHED_STATUSES)
    if value == STATUS_ANY or not value:
        return requests
    return requests.filter(status=value)


def request_reference_exact(text: str) -> str | None:
    """The reference a search names exactly (``ler-2026-000042`` or ``2026-000042``), if a
    request has it, in any state; None otherwise."""
    found = _REFERENCE.fullmatch(text.strip())
    if found is None:
        return None
    reference = f"LER-{found[1]}-{found[2]}"
    return reference if Request.objects.filter(reference=reference).exists() else None


def request_list_for_export(requests: QuerySet[Request]) -> QuerySet[Request]:
    """The queue's rows with what a spreadsheet line needs: the number of targets and the
    last event (action and time), as correlated subqueries read by the event index."""
    targets = (
        Target.objects.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Event.objects.filter(request=OuterRef("pk")).order_by("-seq")
    return requests.annotate(
        targets_count=Coalesce(Subquery(targets, output_field=IntegerField()), 0),
        last_event_action=Subquery(last.values("action")[:1]),
        last_event_at=Subquery(last.values("at")[:1]),
    )


def saved_filter_list(*, owner: Any) -> QuerySet[SavedFilter]:
    """A person's own saved filters, by name; nobody sees another's."""
    return SavedFilter.objects.filter(owner=owner).order_by("name", "pk")
