"""The out-of-band call-back before an emergency disclosure (issue #8 "Emergencies").

A mail from a hacked police mailbox looks exactly like a real one, so before disclosing on an
emergency someone calls the agency on a number it published (never one taken from the mail)
and records who they reached and what was confirmed. ``disclose`` on an emergency requires at
least one (triage/models/conditions.py ``callback_recorded``).
"""

from django.conf import settings
from django.db import models

from triage.models.request import Request


class CallBack(models.Model):
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="callbacks")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField()
    number_called = models.CharField(max_length=64)
    number_source = models.CharField("where the agency number was published", max_length=300)
    person_reached = models.CharField(max_length=200)
    confirmed = models.TextField("what was confirmed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["called_at", "pk"]

    def __str__(self) -> str:
        return f"Call-back for {self.request} at {self.called_at:%Y-%m-%d %H:%M}"
