"""Fixtures of the timer tests: a known configuration, and the legal team without passwords."""

from typing import Any

import pytest

from tests.factories import UserFactory
from triage import roles


@pytest.fixture(autouse=True)
def _timer_settings(settings: Any) -> None:
    # The defaults of config/settings.py, stated so a deployment's environment cannot move them.
    settings.TIME_ZONE = "Europe/Paris"
    settings.LERQ_HOLIDAY_COUNTRY = "FR"
    settings.LERQ_HOLIDAY_SUBDIVISION = None
    settings.LERQ_TEAM_EMAIL = []
    settings.LERQ_HOLD_DAYS = 90
    settings.LERQ_EXTENSION_DAYS = 90
    settings.LERQ_HOLD_REMINDER_DAYS = [14, 3]
    settings.LERQ_RESPONSE_REMINDER_DAYS = [7, 2]
    settings.LERQ_NEEDS_INFO_DAYS = 30
    settings.LERQ_OBJECTION_WINDOW_DAYS = 7
    settings.LERQ_EMERGENCY_ACK_MINUTES = 60
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 30
    settings.LERQ_RETENTION_YEARS = 7
    settings.LERQ_DIGEST_ENABLED = True
    settings.LERQ_DIGEST_HOUR = 7
    settings.LERQ_SWEEP_BATCH = 200
    settings.LERQ_MAIL_MAX_ATTEMPTS = 10
    settings.LERQ_BASE_URL = "https://lerq.example"
    # Sent mail lands in django.core.mail.outbox (the mailoutbox fixture) unless a test says.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _member(username: str, *groups: str) -> Any:
    # No usable password: nobody signs in here, and hashing one costs a quarter of a second.
    return UserFactory(username=username, password=None, groups=groups)


@pytest.fixture
def clerk(db: Any) -> Any:
    return _member("clerk", roles.INTAKE_CLERK)


@pytest.fixture
def reviewer(db: Any) -> Any:
    return _member("reviewer", roles.REVIEWER)


@pytest.fixture
def approver(db: Any) -> Any:
    return _member("approver", roles.APPROVER)
