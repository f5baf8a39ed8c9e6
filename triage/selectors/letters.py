"""What the request page shows of letters and productions (STYLE.md rule 1: reads here)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from triage.letters.context import letter_context
from triage.letters.errors import LetterRenderError
from triage.models import Letter, LetterStatus, Production, Request

# A letter queued or rendered longer than this and still not sent is shown as undelivered.
UNDELIVERED_AFTER = timedelta(minutes=10)


def letter_list_for_request(*, request: Request) -> QuerySet[Letter]:
    """The request's letters, oldest first, with their mail (sent or waiting) in one query.
    Each row has kind, sequence, status, error, sha256, size, file (a storage name: serve it
    through a staff_required view, never from MEDIA_URL), rendered_at, message_id, sent_at."""
    return (
        Letter.objects.filter(request=request)
        .select_related("mail", "created_by")
        .order_by("created_at", "pk")
    )


def production_list_for_request(*, request: Request) -> QuerySet[Production]:
    """The request's productions with their records (prefetched), newest first."""
    return (
        Production.objects.filter(request=request)
        .prefetch_related("files")
        .order_by("-created_at", "-pk")
    )


def letter_list_undelivered(*, now: datetime) -> QuerySet[Letter]:
    """Letters that should have left and have not: failed (retried on a clock until the last
    attempt), or queued or rendered for longer than UNDELIVERED_AFTER. Disclosures first."""
    stale = now - UNDELIVERED_AFTER
    return (
        Letter.objects.filter(
            Q(status=LetterStatus.FAILED)
            | Q(status__in=[LetterStatus.QUEUED, LetterStatus.RENDERED], released_at__lt=stale)
        )
        .select_related("request", "mail")
        .order_by("released_at", "pk")
    )


@dataclass(frozen=True)
class DraftView:
    """A draft letter as the person who sends it sees it: the fields its template uses (the
    preview shows the letter itself), or why it cannot be made now."""

    letter: Letter
    fields: list[tuple[str, str]]
    error: str


# Context entries that are not about this request (the company, the signatory …).
_NOT_FIELDS = frozenset({"reply_to", "kind"})


def letter_draft_list_for_request(*, request: Request, letters: list[Letter]) -> list[DraftView]:
    """The request's drafts waiting to be sent, oldest first, from its ``letters`` (as
    letter_list_for_request read them: no query more for a request without drafts)."""
    views = []
    for letter in letters:
        if letter.status != LetterStatus.DRAFT:
            continue
        letter.request = request  # the page's own, already read
        try:
            context = letter_context(letter)
        except LetterRenderError as exc:
            views.append(DraftView(letter, [], str(exc)))
            continue
        fields = [
            (k.replace("_", " "), _shown(v)) for k, v in context.items() if k not in _NOT_FIELDS
        ]
        views.append(DraftView(letter, fields, ""))
    return views


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(_shown(v) for v in value.values() if v)
    if isinstance(value, list | tuple):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z")
    return "" if value is None else str(value)


def letter_list_drafts() -> QuerySet[Letter]:
    """Every draft that waits for a person to send it, oldest first (a draft never sent
    must not be silent: the dashboard lists them)."""
    return (
        Letter.objects.filter(status=LetterStatus.DRAFT)
        .select_related("request")
        .order_by("created_at", "pk")
    )
