"""A non-disclosure order whose end passes while lerq is stopped: the first sweep after the gap
drafts the user notice and tells the team it is ready to review, late and saying so; a second
sweep drafts and sends nothing more. Only a reviewer sends the notice (issue 16)."""

from datetime import date, timedelta

import pytest

from tests.factories import request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    mails_about,
    paris,
    sweep_at,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, Letter, Notice

pytestmark = pytest.mark.django_db

DELAYED_ON = paris(2026, 5, 4, 10, 0)
ORDER_ENDS = paris(2026, 8, 3, 0, 0)
LAST_SWEEP = ORDER_ENDS - timedelta(hours=2)  # lerq stops before the order ends…
RESTARTED = ORDER_ENDS + timedelta(days=4, hours=9)  # …and comes back four days later


@pytest.fixture
def stopped_over_the_order_end(reviewer, mailoutbox):
    with at(DELAYED_ON):
        r = request_in("in_review", response_due_date=None)
        services.nondisclosure_record(
            request=r,
            by=reviewer,
            basis="Order under 18 U.S.C. § 2705(b), case 1:26-mj-0815",
            days=91,
            issued_on=date(2026, 5, 4),
            circumstances="Notice would let the suspect destroy evidence.",
        )
    sweep_at(LAST_SWEEP)
    assert mailoutbox == []
    return fresh(r)


def test_the_notice_is_drafted_late_after_the_gap(stopped_over_the_order_end, mailoutbox):
    r = stopped_over_the_order_end
    since = last_seq()

    report = sweep_at(RESTARTED)

    assert report.acted == 1
    (team,) = mailoutbox
    assert team.subject == (
        f"[{r.reference}] Non-disclosure order ended: the user notice is ready to review "
        "(4 days late)"
    )
    assert fresh(r).notice == Notice.DELAYED
    drafted = events_since(since, EventKind.NOTICE_DRAFTED)[0]
    assert drafted.data["late_seconds"] == int((RESTARTED - ORDER_ENDS).total_seconds())
    assert Letter.objects.filter(request=r, kind="user_notice").count() == 1


def test_a_second_sweep_drafts_nothing_more(stopped_over_the_order_end, mailoutbox):
    r = stopped_over_the_order_end
    sweep_at(RESTARTED)
    sent, queued, since = len(mailoutbox), len(mails_about(r)), last_seq()

    report = sweep_at(RESTARTED + timedelta(minutes=1))
    sweep_at(RESTARTED + timedelta(days=1))

    assert report.done == 0
    assert len(mailoutbox) == sent == 1
    assert len(mails_about(r)) == queued
    kinds = (EventKind.NOTICE_SEND, EventKind.NOTICE_DRAFTED, EventKind.TIMER)
    assert events_since(since, *kinds) == []
    assert Letter.objects.filter(request=r, kind="user_notice").count() == 1
    (end,) = timers(r, DeadlineKind.NONDISCLOSURE_END, open_only=False)
    assert end.outcome == Deadline.Outcome.ACTED
