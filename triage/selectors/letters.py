"""What the request page shows of letters and productions (STYLE.md rule 1: reads here)."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

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
            | Q(status__in=[LetterStatus.QUEUED, LetterStatus.RENDERED], created_at__lt=stale)
        )
        .select_related("request", "mail")
        .order_by("created_at", "pk")
    )
