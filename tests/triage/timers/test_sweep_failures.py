"""A handler that raises: its deadline stays due (and leaves nothing half done), the others in
the sweep are done, and the next sweep tries it again."""

from datetime import date

import pytest

from tests.factories import notice_send, open_request, request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    last_seq,
    mails_about,
    paris,
    sweep_at,
)
from triage import services, timers
from triage.audit import chain_verify
from triage.models import Deadline, DeadlineKind, EventKind, OutboundMail

pytestmark = pytest.mark.django_db

OPENED = paris(2026, 5, 4, 10, 0)
SWEPT = paris(2026, 6, 10, 9, 0)


class HandlerBroke(Exception):
    pass


@pytest.fixture
def three_due(reviewer, mailoutbox):
    """An objection window, an overdue response and a non-disclosure end, all due at SWEPT."""
    with at(OPENED):
        notified = request_in("in_review", response_due_date=None)
        overdue = open_request(response_due_date=date(2026, 6, 1))
        # No address for the user: the order's end drafts the notice and tells the team (two
        # Events, one mail).
        ordered = request_in(
            "in_review", response_due_date=None, targets=[{"type": "user", "user_id": "u-1"}]
        )
        services.notice_delay(request=ordered, by=None, until=date(2026, 6, 5), basis="order")
    sweep_at(paris(2026, 5, 31, 9, 0))  # the response reminders, out of the way
    with at(paris(2026, 6, 2, 10, 0)):
        notice_send(request=notified, by=reviewer)  # the window ends on 9 June
    mailoutbox[:] = []
    return notified, overdue, ordered


def breaking_after_it_wrote(monkeypatch, kind, *, fast_path=False):
    """Replace the handler of ``kind`` with the real one followed by an error: as if it broke
    after its Event and its outbox row were written. ``fast_path``: keep the mark that lets the
    batch collect its writes for one bulk insert."""
    real = timers.HANDLERS[kind]

    def handle(deadline, now):
        real(deadline, now)
        raise HandlerBroke("connection reset")

    if fast_path:
        handle.writes_only_event_and_mail = real.writes_only_event_and_mail
    monkeypatch.setitem(timers.HANDLERS, kind, handle)


@pytest.mark.parametrize("fast_path", [False, True], ids=["savepoint", "bulk"])
def test_what_a_failing_handler_wrote_is_dropped_and_the_chain_stays_whole(
    three_due, monkeypatch, mailoutbox, fast_path
):
    notified, overdue, ordered = three_due
    breaking_after_it_wrote(monkeypatch, DeadlineKind.RESPONSE_DUE, fast_path=fast_path)
    since, queued = last_seq(), len(mails_about(overdue))

    report = sweep_at(SWEPT)

    assert report.acted == 2 and len(report.failed) == 1
    assert [e.reference for e in events_since(since)] == [
        ordered.reference,  # the notice drafted
        ordered.reference,  # the team told
        notified.reference,
    ]
    assert len(mails_about(overdue)) == queued
    assert chain_verify().intact


def test_a_failing_handler_leaves_its_deadline_due_and_the_others_done(
    three_due, monkeypatch, mailoutbox
):
    notified, overdue, ordered = three_due
    breaking_after_it_wrote(monkeypatch, DeadlineKind.RESPONSE_DUE)
    failing = Deadline.objects.get(request=overdue, kind=DeadlineKind.RESPONSE_DUE)
    since, queued = last_seq(), len(mails_about(overdue))

    report = sweep_at(SWEPT)

    assert report.failed == [failing.pk]
    assert report.acted == 2
    failing.refresh_from_db()
    assert (failing.done_at, failing.outcome) == (None, "")
    for request, kind in (
        (notified, DeadlineKind.OBJECTION_WINDOW_END),
        (ordered, DeadlineKind.NONDISCLOSURE_END),
    ):
        done = Deadline.objects.get(request=request, kind=kind)
        assert done.outcome == Deadline.Outcome.ACTED
    # What the failed handler wrote before it raised was rolled back with it.
    assert [e.reference for e in events_since(since)] == [
        ordered.reference,  # the notice drafted
        ordered.reference,  # the team told
        notified.reference,
    ]
    assert len(mails_about(overdue)) == queued
    assert [m.subject for m in mailoutbox if overdue.reference in m.subject] == []
    # The rows after it chained their events to what is stored, not to the rolled-back one.
    assert chain_verify().intact


def test_the_next_sweep_retries_the_deadline_that_failed(three_due, monkeypatch, mailoutbox):
    _, overdue, _ = three_due
    breaking_after_it_wrote(monkeypatch, DeadlineKind.RESPONSE_DUE)
    sweep_at(SWEPT)
    monkeypatch.undo()
    since, sent = last_seq(), len(mailoutbox)

    report = sweep_at(SWEPT.replace(minute=1))

    assert (report.acted, report.failed) == (1, [])
    (event,) = events_since(since)
    assert (event.action, event.reference) == (EventKind.OVERDUE, overdue.reference)
    assert [m.subject for m in mailoutbox[sent:]] == [
        f"[{overdue.reference}] Response overdue (8 days late)"
    ]
    done = Deadline.objects.get(request=overdue, kind=DeadlineKind.RESPONSE_DUE)
    assert done.outcome == Deadline.Outcome.ACTED


def test_a_handler_that_keeps_failing_is_retried_on_every_sweep_without_repeating_the_others(
    three_due, monkeypatch, mailoutbox
):
    _, overdue, _ = three_due
    breaking_after_it_wrote(monkeypatch, DeadlineKind.RESPONSE_DUE)
    sweep_at(SWEPT)
    sent, queued = len(mailoutbox), OutboundMail.objects.count()

    reports = [sweep_at(SWEPT.replace(minute=n)) for n in (1, 2, 3)]

    failing = Deadline.objects.get(request=overdue, kind=DeadlineKind.RESPONSE_DUE)
    assert [r.failed for r in reports] == [[failing.pk]] * 3
    assert [r.acted for r in reports] == [0, 0, 0]
    assert len(mailoutbox) == sent
    assert OutboundMail.objects.count() == queued
