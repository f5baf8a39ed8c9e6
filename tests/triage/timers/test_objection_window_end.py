"""The user's objection window: 7 calendar days after the notice was sent, the team is told
that disclosure may proceed; a request decided in the meantime gets nothing."""

from datetime import timedelta

import pytest

from tests.factories import notice_send, request_in
from tests.triage.services.helpers import walk_reviewer
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind

pytestmark = pytest.mark.django_db

# Sent on Wednesday 25 March 2026 at 10:00 (winter time): the window ends Wednesday 1 April at
# 10:00 (summer time), across the change of 29 March.
SENT = paris(2026, 3, 25, 10, 0)
WINDOW_ENDS = paris(2026, 4, 1, 10, 0)
TITLE = "Objection window over"


def notified():
    with at(SENT):
        r = request_in("in_review", response_due_date=None)
        return fresh(notice_send(request=r, by=walk_reviewer()))


def team_mail(outbox):
    """What the team got (the user notice itself goes to the user's address)."""
    return [m for m in outbox if "target@example.com" not in m.to]


def test_sending_the_notice_opens_a_7_day_window_kept_on_the_request_and_as_a_timer():
    r = notified()

    assert r.objection_window_ends_at == WINDOW_ENDS
    end = the_timer(r, DeadlineKind.OBJECTION_WINDOW_END)
    assert end.due_at == WINDOW_ENDS
    assert (end.basis["days"], end.basis["unit"]) == (7, "calendar days")


def test_when_the_window_is_over_the_team_is_told(reviewer, mailoutbox):
    r = notified()
    sweep_at(WINDOW_ENDS - timedelta(minutes=1))
    assert team_mail(mailoutbox) == []
    since = last_seq()

    sweep_at(WINDOW_ENDS)

    assert subjects(team_mail(mailoutbox)) == [f"[{r.reference}] {TITLE}"]
    assert "disclosure may proceed" in team_mail(mailoutbox)[0].body
    (event,) = events_since(since)
    assert event.action == EventKind.TIMER
    assert event.data["kind"] == DeadlineKind.OBJECTION_WINDOW_END
    assert Deadline.objects.get(request=r).outcome == Deadline.Outcome.ACTED


def test_a_request_rejected_during_the_window_gets_no_message(reviewer, mailoutbox):
    r = notified()
    with at(SENT + timedelta(days=2)):
        services.request_reject(request=r, by=reviewer, reasons=["overbroad"])

    sweep_at(WINDOW_ENDS + timedelta(days=1))

    assert team_mail(mailoutbox) == []
    assert timers(r, DeadlineKind.OBJECTION_WINDOW_END) == []


def test_the_objection_window_is_a_setting(settings):
    settings.LERQ_OBJECTION_WINDOW_DAYS = 10

    r = notified()

    assert the_timer(r, DeadlineKind.OBJECTION_WINDOW_END).due_at == paris(2026, 4, 4, 10, 0)


def test_an_unresolved_objection_is_named_when_the_window_ends(reviewer, mailoutbox):
    r = notified()
    with at(SENT + timedelta(days=1)):
        services.objection_record(
            request=r, by=reviewer, text="I object.", received_at=SENT + timedelta(days=1)
        )
    since = last_seq()

    sweep_at(WINDOW_ENDS)

    (mail,) = team_mail(mailoutbox)
    assert "1 objection(s) are unresolved" in mail.body
    assert "disclosure may proceed" not in mail.body
    (event,) = events_since(since)
    assert event.data["objections"] == 1
