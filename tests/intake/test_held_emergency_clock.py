"""An emergency never waits in a side list (issue 16): a held message that claims a danger of
death or serious injury, whatever its subject line, gets the emergency clock (acknowledge
within the hour, escalate every 30 minutes) until a person decides on it, and is first in the
held list."""

from datetime import UTC, datetime, timedelta

import pytest

from intake import held
from intake.held_clock import LABEL, held_sweep
from intake.models import HeldDeadline, InboundMessage, Outcome
from tests.intake.held_emergency import TRUSTED, child_in_danger_eml, ingested, note_eml
from tests.triage.timers.helpers import at, events_since, last_seq
from triage.models import EventKind, Kind, Request

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)  # the mail reaches our MX
NOT_ACKNOWLEDGED = "EMERGENCY not acknowledged"
UNDECIDED = "EMERGENCY still undecided"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    settings.LERQ_EMERGENCY_ACK_MINUTES = 60
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 30
    settings.LERQ_TEAM_EMAIL = []
    settings.LERQ_BASE_URL = "https://lerq.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def arrived() -> InboundMessage:
    with at(minutes(1)):
        return ingested(child_in_danger_eml(T0))


def sweep_at(moment: datetime):
    with at(moment):
        return held_sweep()


def open_timers(message: InboundMessage) -> list[tuple[str, datetime]]:
    rows = HeldDeadline.objects.filter(message=message, done_at__isnull=True)
    return sorted((r.kind, r.due_at) for r in rows)


def titled(outbox, title: str) -> list:
    return [m for m in outbox if title in m.subject]


def test_an_emergency_without_the_subject_line_is_held_with_its_clock():
    message = arrived()

    assert message.outcome == Outcome.HELD
    assert not Request.objects.exists()
    assert open_timers(message) == [
        ("emergency_ack", minutes(60)),
        ("emergency_escalation", minutes(30)),
    ]
    assert "claims a danger of death or serious injury" in message.reasons[0]


def test_one_held_before_it_is_read_gets_the_clock_too():
    """Held because its subject names a reference that is not ours: the same detector reads
    its text."""
    raw = child_in_danger_eml(T0).replace(b"Subject: Urgent", b"Subject: LER-2026-999999 Urgent")
    with at(minutes(1)):
        message = ingested(raw)

    assert message.outcome == Outcome.HELD
    assert any("LER-2026-999999, which is no request of ours" in r for r in message.reasons)
    assert [kind for kind, _ in open_timers(message)] == ["emergency_ack", "emergency_escalation"]


def test_a_held_message_that_claims_no_danger_has_no_clock():
    with at(minutes(1)):
        note = ingested(note_eml(T0))

    assert note.outcome == Outcome.HELD
    assert open_timers(note) == []


def test_ingesting_the_same_mail_again_starts_no_second_clock():
    message = arrived()
    with at(minutes(2)):
        again = ingested(child_in_danger_eml(T0))

    assert again.pk == message.pk
    assert HeldDeadline.objects.count() == 2


def test_it_is_first_in_the_held_list_before_newer_mail():
    message = arrived()
    with at(minutes(20)):
        newer = ingested(note_eml(minutes(19)))

    assert [m.pk for m in held.held_list()] == [message.pk, newer.pk]


def test_the_team_is_mailed_at_30_and_60_minutes_and_every_30_until_decided(
    reviewer, approver, mailoutbox
):
    message = arrived()
    since = last_seq()

    sweep_at(minutes(29))
    assert mailoutbox == []
    sweep_at(minutes(30))
    (first,) = mailoutbox
    assert first.subject == f"[{LABEL.format(pk=message.pk)}] {UNDECIDED}"
    assert first.to == sorted([reviewer.email, approver.email])
    assert "claims a danger of death or serious injury" in first.body
    assert f"/intake/routing/#held-{message.pk}" in first.body

    sweep_at(minutes(60))
    assert len(titled(mailoutbox, NOT_ACKNOWLEDGED)) == 1
    assert len(titled(mailoutbox, UNDECIDED)) == 2
    sweep_at(minutes(90))
    assert len(titled(mailoutbox, UNDECIDED)) == 3

    escalated = events_since(since, EventKind.ESCALATED)
    assert [e.at for e in escalated] == [minutes(30), minutes(60), minutes(60), minutes(90)]
    assert {e.data["held_message"] for e in escalated} == {message.pk}
    assert open_timers(message) == [("emergency_escalation", minutes(120))]


def test_sweeping_twice_at_the_same_minute_mails_once(reviewer, mailoutbox):
    arrived()

    sweep_at(minutes(30))
    sweep_at(minutes(30))

    assert len(mailoutbox) == 1


def test_after_lerq_was_down_one_of_each_mail_goes_and_the_rhythm_resumes(reviewer, mailoutbox):
    message = arrived()

    sweep_at(minutes(185))

    assert sorted(m.subject.split("] ")[1] for m in mailoutbox) == [
        f"{NOT_ACKNOWLEDGED} (2 hours late)",
        f"{UNDECIDED} (2 hours late)",
    ]
    assert open_timers(message) == [("emergency_escalation", minutes(210))]


def test_dismissing_it_stops_the_escalations(clerk, reviewer, mailoutbox):
    message = arrived()
    sweep_at(minutes(30))
    with at(minutes(40)):
        held.held_dismiss(message=message, by=clerk, reason="A test message from the agency.")

    for n in (60, 90, 120):
        sweep_at(minutes(n))

    assert len(mailoutbox) == 1
    assert open_timers(message) == []
    assert HeldDeadline.objects.filter(outcome=HeldDeadline.Outcome.CANCELLED).count() == 2


def test_opening_it_makes_an_emergency_request_and_its_clock_takes_over(
    clerk, reviewer, mailoutbox
):
    message = arrived()
    with at(minutes(10)):
        done = held.held_open(message=message, by=clerk)  # no kind chosen: it claims a danger

    assert done.request.kind == Kind.EMERGENCY
    assert open_timers(message) == []
    sweep_at(minutes(30))
    assert [m.subject for m in mailoutbox if LABEL.format(pk=message.pk) in m.subject] == []


def test_attaching_it_stops_the_clock(clerk, reviewer, mailoutbox):
    from tests.factories import request_in

    req = request_in("validated", agent_email="dana.whitfield@fbi.gov")
    message = arrived()
    with at(minutes(10)):
        held.held_attach(message=message, by=clerk, reference=req.reference)

    sweep_at(minutes(60))

    assert mailoutbox == []
    assert open_timers(message) == []


def test_a_message_routed_before_its_clock_was_stopped_sends_nothing(reviewer, mailoutbox):
    """Were lerq to stop between the decision and the clock's stop, the sweep finds the
    message no longer held and sends nothing."""
    message = arrived()
    InboundMessage.objects.filter(pk=message.pk).update(outcome=Outcome.DISMISSED)

    report = sweep_at(minutes(60))

    assert mailoutbox == []
    assert (report.acted, report.skipped) == (0, 2)


def test_the_beat_runs_the_held_sweep_every_minute(reviewer, mailoutbox):
    from config.celery import app
    from intake.tasks import held_sweep as task

    entry = app.conf.beat_schedule["held-sweep"]
    assert (entry["task"], entry["schedule"]) == (task.name, 60.0)
    arrived()
    with at(minutes(30)):
        assert task() == 1  # what the worker runs: the sweep, its mail sent
    assert len(mailoutbox) == 1
