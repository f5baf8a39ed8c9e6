"""What the request page shows of letters and productions (STYLE.md rule 1: reads here)."""

from django.db.models import QuerySet

from triage.models import Letter, Production, Request


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
