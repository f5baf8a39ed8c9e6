"""After an emergency disclosure with the notice undecided, the team is reminded, once the
emergency has passed (LERQ_EMERGENCY_NOTICE_DAYS), to tell the user; a notice sent, delayed,
forbidden or waived before then stops the reminder, and a closed request still gets it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail as django_mail

from tests.factories import arrival_alerts_sent, notice_send
from tests.triage.services.helpers import (
    approved,
    called_back,
    fresh,
    open_deadlines,
    with_notice,
)
from triage import services
from triage.models import Deadline, DeadlineKind, Event, EventKind, Kind, Notice
from triage.timers import deadline_sweep

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LERQ_EMERGENCY_NOTICE_DAYS = 3
    settings.TIME_ZONE = "Europe/Paris"
    settings.LERQ_TEAM_EMAIL = ["legal-team@example.com"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def disclosed_emergency(reviewer, notice=Notice.NOT_DECIDED):
    r = with_notice(called_back(approved(Kind.EMERGENCY)), notice)
    arrival_alerts_sent()
    return fresh(services.request_disclose(request=r, by=reviewer))


def emergency_notice_timers(r, open_only=True):
    rows = Deadline.objects.filter(request_id=r.pk, kind=DeadlineKind.EMERGENCY_NOTICE)
    return list(rows.filter(done_at__isnull=True) if open_only else rows)


@pytest.mark.time_machine(NOW, tick=False)
def test_an_emergency_disclosed_before_notice_sets_the_reminder(reviewer):
    r = disclosed_emergency(reviewer)

    (timer,) = emergency_notice_timers(r)
    assert timer.due_at == NOW + timedelta(days=3)
    assert timer.basis["days"] == 3
    assert "LERQ_EMERGENCY_NOTICE_DAYS" in timer.basis["rule"]


def test_the_delay_is_a_setting(reviewer, settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.LERQ_EMERGENCY_NOTICE_DAYS = 10

    r = disclosed_emergency(reviewer)

    assert emergency_notice_timers(r)[0].due_at == NOW + timedelta(days=10)


def test_when_it_is_due_the_team_is_told_to_notify_the_user(reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = disclosed_emergency(reviewer)
    services.request_close(request=r, by=reviewer)  # closing does not drop the user's due
    time_machine.move_to(NOW + timedelta(days=3), tick=False)

    deadline_sweep()

    # (The team was also told when the walking approver was made an approver, and the asker
    # and the approvers about the approval.)
    (sent,) = [
        m
        for m in django_mail.outbox
        if m.subject.startswith(f"[{r.reference}]") and "approv" not in m.subject.lower()
    ]
    assert sent.subject == f"[{r.reference}] Emergency passed: tell the user"
    assert sent.to == ["legal-team@example.com"]
    event = Event.objects.filter(request_id=r.pk).order_by("-seq").first()
    assert (event.action, event.data["kind"]) == (EventKind.REMINDED, "emergency_notice")
    assert fresh(r).notice == Notice.NOT_DECIDED  # telling the user stays a person's act


@pytest.mark.parametrize("notice", [Notice.NOT_REQUIRED, Notice.NOT_PERMITTED])
def test_a_notice_decided_after_the_disclosure_stops_the_reminder(reviewer, notice):
    r = disclosed_emergency(reviewer)

    with_notice(r, notice)

    assert emergency_notice_timers(r) == []
    (timer,) = emergency_notice_timers(r, open_only=False)
    assert timer.outcome == Deadline.Outcome.CANCELLED


def test_a_notice_sent_after_the_disclosure_stops_the_reminder(reviewer):
    r = disclosed_emergency(reviewer)

    notice_send(request=r, by=reviewer)

    assert emergency_notice_timers(r) == []


def test_no_reminder_when_the_notice_was_decided_before_the_disclosure(reviewer):
    r = disclosed_emergency(reviewer, Notice.DELAYED)

    assert emergency_notice_timers(r) == []
    assert DeadlineKind.NONDISCLOSURE_END in [kind for kind, _ in open_deadlines(r)]


def test_no_reminder_after_an_ordinary_disclosure(reviewer):
    r = with_notice(approved(Kind.SUBPOENA), Notice.NOT_REQUIRED)

    services.request_disclose(request=r, by=reviewer)

    assert emergency_notice_timers(r) == []
