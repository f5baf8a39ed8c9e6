"""Refused mail leaves a security-log row for 12 months (a setting), then nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from intake.models import InboundMessage, SecurityLogEntry
from intake.retention import security_log_purge
from intake.routing import ingest

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"


def _refuse() -> None:
    result = ingest((DATA / "gmail_sender.eml").read_bytes(), source="test")
    assert result.outcome == "refused"


def test_the_security_log_is_kept_for_the_retention_period_then_purged(settings):
    settings.LERQ_SECURITY_LOG_MONTHS = 12
    refused_at = timezone.now()
    _refuse()
    assert SecurityLogEntry.objects.count() == 1

    with time_machine.travel(refused_at + timedelta(days=364), tick=False):
        assert security_log_purge() == 0
    assert SecurityLogEntry.objects.count() == 1

    with time_machine.travel(refused_at + timedelta(days=366), tick=False):
        assert security_log_purge() == 1
        assert security_log_purge() == 0  # twice changes nothing more

    assert not SecurityLogEntry.objects.exists()
    assert not InboundMessage.objects.filter(outcome="refused").exists()


def test_the_retention_period_is_a_setting(settings):
    settings.LERQ_SECURITY_LOG_MONTHS = 1
    refused_at = timezone.now()
    _refuse()
    with time_machine.travel(refused_at + timedelta(days=32), tick=False):
        assert security_log_purge() == 1


def test_the_daily_task_runs_the_purge(settings):
    from intake import tasks

    settings.LERQ_SECURITY_LOG_MONTHS = 1
    refused_at = timezone.now()
    _refuse()
    with time_machine.travel(refused_at + timedelta(days=40), tick=False):
        assert tasks.security_log_purge() == 1


def test_a_refused_senders_history_goes_with_its_security_log(settings):
    from intake.models import SenderHistory

    settings.LERQ_SECURITY_LOG_MONTHS = 12
    refused_at = timezone.now()
    _refuse()
    assert SenderHistory.objects.get().refusals == 1
    with time_machine.travel(refused_at + timedelta(days=366), tick=False):
        security_log_purge()
    assert not SenderHistory.objects.exists()
