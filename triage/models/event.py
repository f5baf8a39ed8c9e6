"""The append-only record: who did what, when, from which state to which, and why.

Each event carries ``hash = SHA-256(prev_hash || content_hash)`` where ``content_hash`` is the
SHA-256 of its canonical content in the form ``version`` names (triage/audit.py), and ``mac``,
an HMAC of ``hash`` under a key kept outside the database, so `manage.py verify_audit` proves
that no event was changed, removed, reordered or added by anyone but lerq. Rows are written
only by ``triage.audit.event_append``; on PostgreSQL the app's role may only INSERT and SELECT
them (`manage.py db_roles_grant`).
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from triage.models.choices import EventKind
from triage.models.request import Request


class AppendOnlyError(Exception):
    """Events are never updated or deleted."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only: they cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("events are append-only: they cannot be deleted")


class Event(models.Model):
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    # No database constraint: a request purged at the end of its retention keeps its record.
    request = models.ForeignKey(
        Request,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    reference = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, help_text="'system' for lerq itself")
    at = models.DateTimeField()
    action = models.CharField(max_length=32, choices=EventKind.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    # The canonical form content_hash was computed in (1: before MACs; see triage/audit.py).
    version = models.PositiveSmallIntegerField(editable=False)
    # HMAC-SHA256(audit key, hash); empty in version 1.
    mac = models.CharField(max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["request", "seq"], name="event_request_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.reference} {self.action} by {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("events are append-only: they cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only: they cannot be deleted")
