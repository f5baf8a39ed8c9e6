"""A person's calendar feed: a secret URL their calendar program polls for their deadlines."""

import hashlib

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """One link per person. The URL is ``/calendar/<key>/<secret>.ics``: ``key`` finds the row
    (it is not secret), the secret is kept only as its SHA-256 and compared in constant time.
    Making a new link replaces both, so the old URL stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    # When a calendar program last fetched the feed: shown to the owner (a link polled from
    # somewhere unexpected shows here) and the bound on how often it may be fetched.
    polled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


def secret_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
