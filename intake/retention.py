"""Retention of what refused mail leaves behind: the security log is kept
LERQ_SECURITY_LOG_MONTHS (12 by default), then deleted with the refused messages' stubs."""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake import history
from intake.models import InboundMessage, Outcome, SecurityLogEntry


@transaction.atomic(durable=True)
def security_log_purge(*, now: datetime | None = None) -> int:
    """Delete security-log rows, and the stubs of refused messages, older than the retention
    period. Returns how many log rows went. Running it twice deletes nothing more."""
    cutoff = (now or timezone.now()) - relativedelta(months=settings.LERQ_SECURITY_LOG_MONTHS)
    deleted, _ = SecurityLogEntry.objects.filter(at__lt=cutoff).delete()
    InboundMessage.objects.filter(outcome=Outcome.REFUSED, created_at__lt=cutoff).delete()
    history.sender_history_purge()
    return deleted
