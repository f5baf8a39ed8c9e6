"""Emergencies: acknowledged within the hour (starting the review acknowledges it; if nobody
does, the team is told), and escalated every 30 minutes until decided. After lerq was down, one
escalation goes out, not one per missed slot, and the rhythm resumes after now."""

from datetime import UTC, timedelta

import pytest

from tests.factories import arrival_alerts_sent, open_request
from tests.triage.services.helpers import package_prepare
from tests.triage.timers.helpers import (
    PARIS,
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, Kind, Status

pytestmark = pytest.mark.django_db

T0 = paris(2026, 5, 4, 10, 0)  # the emergency arrives
MINUTE = timedelta(minutes=1)
NOT_ACKNOWLEDGED = "EMERGENCY not acknowledged"
UNDECIDED = "EMERGENCY still undecided"


def minutes(n: int):
    return T0 + timedelta(minutes=n)


def emergency():
    with at(T0):
        r = open_request(Kind.EMERGENCY, received_at=T0, response_due_date=None)
        arrival_alerts_sent()
        return r


def started(r, reviewer, moment):
    with at(moment):
        return fresh(services.request_start_review(request=r, by=reviewer))


def titled(outbox, title):
    return [m for m in outbox if title in m.subject]


def test_an_emergency_is_to_be_acknowledged_in_the_hour_and_escalated_at_30_minutes():
    r = emergency()

    assert the_timer(r, DeadlineKind.EMERGENCY_ACK).due_at == minutes(60)
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(30)


def test_starting_the_review_within_the_hour_acknowledges_it(reviewer, mailoutbox):
    r = started(emergency(), reviewer, minutes(20))

    for n in (30, 60, 61):
        sweep_at(minutes(n))

    assert titled(mailoutbox, NOT_ACKNOWLEDGED) == []
    ack = Deadline.objects.get(request=r, kind=DeadlineKind.EMERGENCY_ACK)
    assert (ack.done_at, ack.outcome) == (minutes(20), Deadline.Outcome.CANCELLED)


def test_an_emergency_nobody_acknowledges_in_the_hour_is_escalated_to_the_team(
    reviewer, approver, mailoutbox
):
    r = emergency()
    sweep_at(minutes(30))
    sweep_at(minutes(60) - MINUTE)
    assert titled(mailoutbox, NOT_ACKNOWLEDGED) == []
    since = last_seq()

    sweep_at(minutes(60))

    (mail,) = titled(mailoutbox, NOT_ACKNOWLEDGED)
    assert mail.subject == f"[{r.reference}] {NOT_ACKNOWLEDGED}"
    assert mail.to == sorted([approver.email, reviewer.email])
    assert "danger of death or serious injury" in mail.body
    kinds = [e.data["kind"] for e in events_since(since, EventKind.ESCALATED)]
    assert DeadlineKind.EMERGENCY_ACK in kinds


def test_it_is_escalated_every_30_minutes_until_approved(reviewer, approver, mailoutbox):
    r = started(emergency(), reviewer, minutes(5))
    for n in range(1, 181):  # the beat task, every minute, for three hours
        sweep_at(minutes(n))
    assert len(titled(mailoutbox, UNDECIDED)) == 6  # at 30, 60, …, 180 minutes
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(210)

    with at(minutes(185)):
        r = package_prepare(r)
        r = services.request_submit_for_approval(request=r, by=reviewer)
        services.request_approve(request=r, by=approver)
    for n in range(186, 300):
        sweep_at(minutes(n))

    assert fresh(r).status == Status.APPROVED
    assert len(titled(mailoutbox, UNDECIDED)) == 6
    assert timers(r, DeadlineKind.EMERGENCY_ESCALATION) == []
    last = Deadline.objects.filter(request=r, kind=DeadlineKind.EMERGENCY_ESCALATION).last()
    assert (last.due_at, last.outcome) == (minutes(210), Deadline.Outcome.CANCELLED)


def test_each_escalation_is_recorded_as_an_event(reviewer, mailoutbox):
    r = started(emergency(), reviewer, minutes(5))
    since = last_seq()

    for n in (30, 60, 90):
        sweep_at(minutes(n))

    events = events_since(since, EventKind.ESCALATED)
    assert [e.at for e in events] == [minutes(30), minutes(60), minutes(90)]
    assert {e.reference for e in events} == {r.reference}
    assert len(titled(mailoutbox, UNDECIDED)) == 3


def test_rejecting_the_emergency_stops_the_escalations(reviewer, mailoutbox):
    r = started(emergency(), reviewer, minutes(5))
    sweep_at(minutes(30))
    with at(minutes(40)):
        services.request_reject(
            request=r, by=reviewer, reasons=["no_legal_basis"], explanation="No danger shown."
        )

    for n in (60, 90, 120):
        sweep_at(minutes(n))

    assert len(titled(mailoutbox, UNDECIDED)) == 1
    assert timers(r, DeadlineKind.EMERGENCY_ESCALATION) == []


def test_after_three_hours_down_one_escalation_goes_out_and_the_next_is_on_the_rhythm(
    reviewer, mailoutbox
):
    r = started(emergency(), reviewer, minutes(10))
    since = last_seq()

    report = sweep_at(minutes(185))  # lerq was down since before the first escalation

    (mail,) = mailoutbox
    assert mail.subject == f"[{r.reference}] {UNDECIDED} (2 hours late)"
    assert len(events_since(since, EventKind.ESCALATED)) == 1
    assert report.acted == 1
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(210)

    sweep_at(minutes(209))
    assert len(mailoutbox) == 1
    sweep_at(minutes(210))
    assert len(mailoutbox) == 2
    assert mailoutbox[-1].subject == f"[{r.reference}] {UNDECIDED}"
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(240)


def test_unacknowledged_and_down_for_three_hours_one_of_each_mail_goes_out(reviewer, mailoutbox):
    r = emergency()

    sweep_at(minutes(185))

    assert sorted(m.subject for m in mailoutbox) == sorted(
        [
            f"[{r.reference}] {NOT_ACKNOWLEDGED} (2 hours late)",
            f"[{r.reference}] {UNDECIDED} (2 hours late)",
        ]
    )
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(210)
    assert timers(r, DeadlineKind.EMERGENCY_ACK) == []


def test_the_hour_to_acknowledge_is_an_hour_of_real_time_in_the_night_the_clocks_go_back(
    reviewer, mailoutbox
):
    # 02:30 summer time on Sunday 25 October 2026; an hour later the clocks say 02:30 again.
    arrived = paris(2026, 10, 25, 2, 30, fold=0).astimezone(UTC)  # count in elapsed time
    assert f"{arrived.astimezone(PARIS):%H:%M %Z}" == "02:30 CEST"
    assert f"{(arrived + timedelta(hours=1)).astimezone(PARIS):%H:%M %Z}" == "02:30 CET"
    with at(arrived):
        r = open_request(Kind.EMERGENCY, received_at=arrived, response_due_date=None)
    ack = the_timer(r, DeadlineKind.EMERGENCY_ACK)
    assert ack.due_at - arrived == timedelta(hours=1)

    sweep_at(arrived + timedelta(minutes=59))
    assert titled(mailoutbox, NOT_ACKNOWLEDGED) == []
    sweep_at(arrived + timedelta(minutes=60))

    assert len(titled(mailoutbox, NOT_ACKNOWLEDGED)) == 1
    assert len(titled(mailoutbox, UNDECIDED)) == 2  # at 30 and 60 minutes


def test_the_acknowledgement_and_escalation_periods_are_settings(settings, reviewer, mailoutbox):
    settings.LERQ_EMERGENCY_ACK_MINUTES = 15
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 10
    r = emergency()

    assert the_timer(r, DeadlineKind.EMERGENCY_ACK).due_at == minutes(15)
    for n in range(1, 31):
        sweep_at(minutes(n))

    assert len(titled(mailoutbox, NOT_ACKNOWLEDGED)) == 1
    assert len(titled(mailoutbox, UNDECIDED)) == 3  # at 10, 20 and 30 minutes
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION).due_at == minutes(40)
