"""Signed tree heads of the Merkle tree over the events (triage/checkpoints.py).

Each row is also a line of the witness file outside the database, byte for byte (``line``), so
that either copy rolled back or edited shows against the other. ``frontier`` keeps the roots of
the perfect subtrees of the first ``size`` events: the next checkpoint hashes only new events.
"""

from django.db import models


class Checkpoint(models.Model):
    number = models.PositiveIntegerField(unique=True, editable=False)
    size = models.PositiveBigIntegerField(help_text="events covered: seq 1 to size")
    root = models.CharField(max_length=64, help_text="RFC 9162 tree head, hex")
    at = models.DateTimeField()
    # The chain hash of event #size: the next checkpoint starts from it, and refuses to when
    # that event is gone or changed.
    head = models.CharField(max_length=64)
    frontier = models.JSONField(default=list, help_text="perfect subtree roots, largest first")
    line = models.TextField(help_text="the signed witness line, exactly as in the file")
    line_hash = models.CharField(max_length=64, unique=True)
    # RFC 3161 token over SHA-256(line), base64 DER, when LERQ_AUDIT_TSA_URL is set.
    timestamp_token = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"checkpoint #{self.number} (size {self.size})"
