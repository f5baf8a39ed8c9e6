"""Two workers sweep the held emergency clocks at once (PostgreSQL): a row one of them holds is
left to it, never mailed twice, and not lost (issue 16; DESIGN.md "Time")."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction

from intake.held_clock import held_sweep
from intake.models import HeldDeadline
from tests.intake.held_emergency import TRUSTED, child_in_danger_eml, ingested
from tests.triage.timers.helpers import at

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the other worker must see committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SKIP LOCKED needs PostgreSQL (CI runs it)"
    ),
]

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    settings.LERQ_EMERGENCY_ACK_MINUTES = 60
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 30
    settings.LERQ_TEAM_EMAIL = ["legal-team@lerq.example"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_row_another_worker_holds_is_left_to_it_and_mailed_once(mailoutbox):
    with at(T0 + timedelta(minutes=1)):
        message = ingested(child_in_danger_eml(T0))
    with at(T0 + timedelta(minutes=30)):
        held_sweep()  # the first escalation
    ack = HeldDeadline.objects.get(message=message, kind=HeldDeadline.Kind.EMERGENCY_ACK)
    holding, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        """Holds the acknowledgement row's lock, as a worker in the middle of its batch."""
        try:
            with transaction.atomic():
                HeldDeadline.objects.select_for_update().get(pk=ack.pk)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(30)
        with at(T0 + timedelta(minutes=60)):
            first = held_sweep()
    finally:
        release.set()
        thread.join(30)

    assert (first.claimed, first.acted) == (1, 1)  # the second escalation; not the held row
    ack.refresh_from_db()
    assert ack.done_at is None
    with at(T0 + timedelta(minutes=61)):
        second = held_sweep()
    assert second.acted == 1
    subjects = sorted(m.subject.split("] ")[1] for m in mailoutbox)
    assert subjects == [
        "EMERGENCY not acknowledged",
        "EMERGENCY still undecided",
        "EMERGENCY still undecided",
    ]
