"""The out-of-band call-back before an emergency disclosure (issue #8 "Emergencies", issue 15).

A mail from a hacked police mailbox looks exactly like a real one, so before disclosing on an
emergency someone calls the agency on a number it published (never one taken from the mail)
and records who they reached and what came of it. Only a call whose outcome is ``confirmed``,
and only the latest call, unlocks ``disclose`` (triage/models/conditions.py
``callback_recorded``): a later "the agency denies sending this" outweighs an earlier yes.
"""

from django.conf import settings
from django.db import models

from triage.models.request import Request


class CallBackOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: the agency sent it and the emergency is real"
    NOT_CONFIRMED = "not_confirmed", "Not confirmed: the agency did not confirm it"
    NO_ANSWER = "no_answer", "No answer"


class CallBack(models.Model):
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="callbacks")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField()
    number_called = models.CharField(max_length=64)
    number_source = models.CharField("where the agency number was published", max_length=300)
    directory_entry = models.ForeignKey(
        "triage.AgencyNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
        help_text="The directory entry the number was taken from, if any",
    )
    person_reached = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=16, choices=CallBackOutcome.choices)
    details = models.TextField("what was said", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The last row is the latest call: the one callback_recorded reads.
        ordering = ["called_at", "pk"]

    def __str__(self) -> str:
        return f"Call-back for {self.request} at {self.called_at:%Y-%m-%d %H:%M}"


class AgencyNumber(models.Model):
    """A number an agency published, and where: the directory offered when recording a call.

    Kept by administrators in Django admin. An entry is a starting point, not a pass: a number
    from here is still refused if it appears in the request's own mail."""

    agency = models.CharField(max_length=300, help_text="As agencies write it in their requests")
    number = models.CharField(max_length=64)
    source = models.CharField(
        "where it is published", max_length=500, help_text="A URL or the document it is printed in"
    )
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "number"]
        verbose_name = "agency's published number"
        verbose_name_plural = "agencies' published numbers"

    def __str__(self) -> str:
        return f"{self.agency}: {self.number}"
