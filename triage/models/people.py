"""When each person gained the right to approve a disclosure (issue 15 "People and roles").

Two-person approval is only as strong as the second person being a real, separate lawyer. An
administrator who creates an account, puts it in the Approver group and approves through it
defeats it; so a person who gained ``approve_request`` (by a group, directly, or as superuser)
less than ``LERQ_APPROVER_COOLING_HOURS`` ago cannot approve yet, and the team is told of every
grant in the meantime. A row exists while the person holds the permission; triage/people.py
writes it from the same signals that put the change on the record.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

# Cached on the user object for the length of one HTTP request: the queue asks for every row.
_CACHE = "_lerq_approver_since"
_UNSET = object()


class ApproverSince(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="approver_since",
    )
    since = models.DateTimeField(help_text="when the person gained the approve permission")

    class Meta:
        verbose_name = "approver since"
        verbose_name_plural = "approvers since"

    def __str__(self) -> str:
        return f"{self.user_id} approver since {self.since:%Y-%m-%d %H:%M}"


def approver_since(user: Any) -> datetime | None:
    cached = getattr(user, _CACHE, _UNSET)
    if cached is _UNSET:
        row = ApproverSince.objects.filter(user_id=user.pk).values_list("since", flat=True)
        cached = row.first()
        setattr(user, _CACHE, cached)
    return cached  # type: ignore[return-value]


def approver_cache_forget(user: Any) -> None:
    user.__dict__.pop(_CACHE, None)


def approver_cooling(user: Any) -> timedelta:
    return timedelta(hours=settings.LERQ_APPROVER_COOLING_HOURS)


def approver_may_approve_from(user: Any) -> datetime | None:
    """When ``user`` may approve: None if now (their grant is older than the cooling-off
    period), else the moment it ends. A person with no recorded grant (the permission came by a
    path nothing recorded) is treated as granted now: the cooling-off never lapses unseen."""
    since = approver_since(user)
    start = since if since is not None else timezone.now()
    until = start + approver_cooling(user)
    return None if until <= timezone.now() else until
