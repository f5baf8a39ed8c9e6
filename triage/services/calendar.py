"""A person's calendar feed link: made (revoking any older one) and revoked. The secret is
shown once, to its owner, and kept only as its SHA-256; the record says that a link was made
or revoked, never the link."""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from triage.audit import event_append
from triage.models import CalendarFeed, EventKind
from triage.models.calendar import secret_sha256
from triage.services._core import ActionNotPermitted, now

ERR_NOT_A_MEMBER = "{user} is not a member of the team: no calendar link."
FEED_PERM = "triage.view_request"


def _member(user: Any) -> None:
    if not (user.is_active and user.has_perm(FEED_PERM)):
        raise ActionNotPermitted(ERR_NOT_A_MEMBER.format(user=user))


@transaction.atomic(durable=True)
def calendar_feed_renew(*, user: Any) -> tuple[str, str]:
    """A new secret link for ``user`` (the old one stops working). Returns (key, secret)."""
    _member(user)
    key, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    at = now()
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"key": key, "secret_sha256": secret_sha256(secret), "created_at": at}
    )
    event_append(
        request=None,
        actor=user,
        action=EventKind.CALENDAR_LINK_MADE,
        at=at,
        data={"user": user.get_username()},
    )
    return key, secret


@transaction.atomic(durable=True)
def calendar_feed_revoke(*, user: Any) -> bool:
    """No link any more; False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        event_append(
            request=None,
            actor=user,
            action=EventKind.CALENDAR_LINK_REVOKED,
            at=now(),
            data={"user": user.get_username()},
        )
    return bool(deleted)


def calendar_feed_poll(*, key: str) -> int:
    """Record a fetch of the feed ``key``: 0 when it may be answered, else the seconds to wait.
    Calendar programs poll every 15 minutes or more; a link fetched more often than
    LERQ_CALENDAR_MIN_POLL_SECONDS is a script or a leak, and each fetch costs a query of every
    deadline. One conditional update decides, so web processes cannot both let one through."""
    at = now()
    gap = timedelta(seconds=settings.LERQ_CALENDAR_MIN_POLL_SECONDS)
    won = (
        CalendarFeed.objects.filter(key=key)
        .filter(Q(polled_at__isnull=True) | Q(polled_at__lte=at - gap))
        .update(polled_at=at)
    )
    if won:
        return 0
    last = CalendarFeed.objects.filter(key=key).values_list("polled_at", flat=True).first()
    if last is None:
        return 0  # revoked in between: the caller answers 404 anyway
    return max(1, int((last + gap - at).total_seconds()) + 1)
