"""Outgoing mail, written in the transaction of the change that causes it (an outbox).

A reminder is recorded with its deadline's Event and sent after the commit; a worker killed in
between leaves the row unsent, and the next run of the sender sends it. Each mail has its
Message-ID from the start, so a mail sent twice after a crash is the same message twice, which
mail systems and the file backend (triage/mailbackend.py) treat as one.
"""

from django.db import models
from django.db.models import Q

from triage.models.request import Request


class OutboundMail(models.Model):
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    template = models.CharField(max_length=64, help_text="templates/emails/<template>-*.txt")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    # Threading headers (In-Reply-To, References) and files in default storage to attach
    # ([{"name", "path", "content_type"}]): a letter's email carries its signed PDF.
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # After a failed attempt the next one waits (backing off), so a mail server that is down
    # for an hour does not use up every attempt in a minute.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["id"], name="mail_unsent_idx", condition=Q(sent_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.subject
