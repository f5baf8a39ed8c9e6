"""Each day's signed checkpoint lines go once to the compliance address, a witness of its own."""

from datetime import UTC, datetime

import pytest

from tests.factories import request_in
from tests.triage.audit_support import record, signing_key
from triage.checkpoints import checkpoint_create, checkpoint_mail_daily
from triage.models import OutboundMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_days(reviewer, settings, time_machine):
    settings.LERQ_AUDIT_COMPLIANCE_EMAIL = ["compliance@example.com"]
    signing_key()
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    record(reviewer)
    first = checkpoint_create()
    time_machine.move_to(datetime(2026, 3, 2, 23, 55, tzinfo=UTC), tick=False)
    request_in("received")
    second = checkpoint_create()
    time_machine.move_to(datetime(2026, 3, 3, 0, 5, tzinfo=UTC), tick=False)
    request_in("received")
    checkpoint_create()
    return first, second


def test_yesterdays_lines_are_mailed_once(two_days):
    first, second = two_days
    now = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)

    assert checkpoint_mail_daily(now=now) == 1
    assert checkpoint_mail_daily(now=now) == 0

    mail = OutboundMail.objects.get()
    assert mail.to == ["compliance@example.com"]
    assert mail.subject == f"lerq audit checkpoints of 2026-03-02: 2, up to {second.size} events"
    assert f"{first.line}\n{second.line}\n" in mail.body_text


def test_a_missed_day_is_still_mailed_later(two_days):
    assert checkpoint_mail_daily(now=datetime(2026, 3, 5, 9, 0, tzinfo=UTC)) == 2


def test_nothing_is_mailed_without_a_compliance_address(two_days, settings):
    settings.LERQ_AUDIT_COMPLIANCE_EMAIL = []
    assert checkpoint_mail_daily(now=datetime(2026, 3, 3, 1, 0, tzinfo=UTC)) == 0
    assert not OutboundMail.objects.exists()
