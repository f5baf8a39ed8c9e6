"""Saved queue filters and the record of a CSV export (issue 18).

A saved filter is a person's own shortcut, not part of any request's file: saving or deleting
one writes no Event. Exporting the queue takes the team's data out of lerq, so it is recorded:
who exported, with which filter, how many rows.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict

from triage.audit import event_append
from triage.models import EventKind, SavedFilter
from triage.models.saved_filter import (
    SAVED_FILTER_NAME_MAX,
    SAVED_FILTER_QUERY_MAX,
    SAVED_FILTERS_MAX,
)
from triage.services._core import InvalidInput, now, require_perm

# The queue's own filters (triage/filters.py QueueFilter); anything else in a query string
# (the page number, a stray parameter) is not part of what is saved.
FILTER_KEYS = ("q", "status", "kind", "agency", "country", "assignee", "overdue")
VIEW_PERM = "triage.view_request"

ERR_NAME = "Give the filter a name of at most {max} characters."
ERR_QUERY = "That filter is too long to save (at most {max} characters)."
ERR_EMPTY = "There is no filter to save: choose some filters first."
ERR_TOO_MANY = "You already keep {max} saved filters: delete one first."
ERR_NOT_FOUND = "No such saved filter."


def query_normalise(query: str) -> str:
    """``query`` with only the queue's filters, empty values dropped, in a fixed order."""
    given = QueryDict(query)
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = given.get(key, "").strip()
        if value:
            kept[key] = value
    return kept.urlencode()


@transaction.atomic(durable=True)
def saved_filter_save(*, owner: Any, name: str, query: str) -> SavedFilter:
    """Save ``query`` under ``name`` for ``owner``; a name already used is overwritten."""
    require_perm(owner, VIEW_PERM, "save a filter")
    name = " ".join(name.split())
    if not name or len(name) > SAVED_FILTER_NAME_MAX:
        raise InvalidInput(ERR_NAME.format(max=SAVED_FILTER_NAME_MAX))
    if len(query) > SAVED_FILTER_QUERY_MAX:  # before parsing: never parse a huge string
        raise InvalidInput(ERR_QUERY.format(max=SAVED_FILTER_QUERY_MAX))
    query = query_normalise(query)
    if not query:
        raise InvalidInput(ERR_EMPTY)
    if len(query) > SAVED_FILTER_QUERY_MAX:
        raise InvalidInput(ERR_QUERY.format(max=SAVED_FILTER_QUERY_MAX))
    # The person's row is the lock: two saves at once cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    mine = SavedFilter.objects.filter(owner=owner)
    existing = mine.filter(name=name).first()
    if existing is not None:
        existing.query = query
        existing.full_clean()
        existing.save(update_fields=["query"])
        return existing
    if mine.count() >= SAVED_FILTERS_MAX:
        raise InvalidInput(ERR_TOO_MANY.format(max=SAVED_FILTERS_MAX))
    saved = SavedFilter(owner=owner, name=name, query=query)
    saved.full_clean()
    saved.save()
    return saved


@transaction.atomic(durable=True)
def saved_filter_delete(*, owner: Any, pk: int) -> None:
    """Delete one of ``owner``'s saved filters; another person's is as if it did not exist."""
    deleted, _ = SavedFilter.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise InvalidInput(ERR_NOT_FOUND)


@transaction.atomic(durable=True)
def queue_export_record(*, by: Any, query: str, rows: int) -> None:
    """Record that ``by`` exported ``rows`` requests of the queue filtered by ``query``."""
    require_perm(by, VIEW_PERM, "export the queue")
    event_append(
        request=None,
        actor=by,
        action=EventKind.QUEUE_EXPORTED,
        at=now(),
        reason=f"{rows} request{'s' if rows != 1 else ''} exported to CSV",
        data={"filter": query_normalise(query), "rows": rows},
    )
