"""The daily digest: after LERQ_DIGEST_HOUR in the team's zone, each person with something
overdue or due within a week gets one digest, once a day though the job runs every hour."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import UserFactory, open_request
from tests.triage.timers.helpers import at, paris, sweep_at
from triage import services
from triage.models import OutboundMail
from triage.timers import digest_send

pytestmark = pytest.mark.django_db

OPENED = paris(2026, 5, 4, 10, 0)  # Monday


@pytest.fixture
def due_soon(clerk, reviewer, approver):
    """Due Friday 8 May: one request assigned to the clerk, one for the team (unassigned)."""
    with at(OPENED):
        assigned = open_request(response_due_date=date(2026, 5, 8))
        services.request_assign(request=assigned, by=None, assignee=clerk)
        unassigned = open_request(response_due_date=date(2026, 5, 8))
    return assigned, unassigned


def digest_at(moment) -> int:
    with at(moment):
        return digest_send()


def digests(outbox) -> list:
    return [m for m in outbox if m.subject.startswith("lerq: ")]


def test_after_the_digest_hour_each_person_with_something_due_gets_one_digest(
    due_soon, clerk, reviewer, approver, mailoutbox
):
    assigned, unassigned = due_soon

    assert digest_at(paris(2026, 5, 5, 7, 0)) == 3

    by_person = {tuple(m.to): m for m in digests(mailoutbox)}
    assert set(by_person) == {(clerk.email,), (reviewer.email,), (approver.email,)}
    # The clerk sees what is theirs; a lawyer also sees what nobody has taken.
    mine = by_person[(clerk.email,)]
    assert mine.subject == "lerq: 0 overdue, 2 due in the next 7 days"
    assert assigned.reference in mine.body
    assert unassigned.reference not in mine.body
    # Each deadline says how its date was counted, as the request page does.
    assert "(the date the agency asked for: until the end of Fri 8 May 2026)" in mine.body
    assert "(2 days before the response's due date on Fri 8 May 2026)" in mine.body
    assert "start:" not in mine.body
    lawyers = by_person[(reviewer.email,)]
    assert unassigned.reference in lawyers.body
    assert assigned.reference not in lawyers.body
    assert "Good morning reviewer" in lawyers.body


def test_the_digest_goes_out_once_a_day_though_it_runs_every_hour(due_soon, mailoutbox):
    for hour in range(7, 24):
        digest_at(paris(2026, 5, 5, hour, 5))
    assert len(digests(mailoutbox)) == 3
    assert OutboundMail.objects.filter(template="digest").count() == 3

    for hour in range(0, 24):
        digest_at(paris(2026, 5, 6, hour, 5))

    assert len(digests(mailoutbox)) == 6


def test_nothing_goes_out_before_the_digest_hour(due_soon, mailoutbox):
    for hour in range(0, 7):
        assert digest_at(paris(2026, 5, 5, hour, 59)) == 0

    assert digests(mailoutbox) == []


def test_the_digest_hour_is_on_the_team_clock_not_utc(due_soon, mailoutbox):
    seven_in_paris = paris(2026, 5, 5, 7, 0)
    assert seven_in_paris.astimezone(UTC).hour == 5

    assert digest_at(seven_in_paris - timedelta(seconds=1)) == 0
    assert digest_at(seven_in_paris) == 3


def test_a_team_in_new_york_gets_its_digest_at_seven_in_new_york(settings, due_soon, mailoutbox):
    settings.TIME_ZONE = "America/New_York"
    seven_in_new_york = datetime(2026, 5, 5, 7, 0, tzinfo=ZoneInfo("America/New_York"))

    assert digest_at(seven_in_new_york - timedelta(minutes=1)) == 0  # 12:59 in Paris
    assert digest_at(seven_in_new_york) == 3


def test_a_digest_hour_missed_is_caught_up_later_that_day(due_soon, mailoutbox):
    assert digest_at(paris(2026, 5, 5, 15, 5)) == 3


def test_a_later_digest_hour_is_respected(settings, due_soon, mailoutbox):
    settings.LERQ_DIGEST_HOUR = 9

    assert digest_at(paris(2026, 5, 5, 8, 59)) == 0
    assert digest_at(paris(2026, 5, 5, 9, 0)) == 3


def test_no_digest_when_it_is_turned_off(settings, due_soon, mailoutbox):
    settings.LERQ_DIGEST_ENABLED = False

    for hour in (7, 12, 23):
        assert digest_at(paris(2026, 5, 5, hour, 5)) == 0

    assert digests(mailoutbox) == []
    assert not OutboundMail.objects.filter(template="digest").exists()


def test_a_person_with_nothing_due_gets_no_digest(clerk, reviewer, mailoutbox):
    UserFactory(username="nobody", password=None)  # no role: not on the team
    with at(OPENED):
        open_request(response_due_date=date(2026, 5, 8))  # unassigned: the lawyers' only

    digest_at(paris(2026, 5, 5, 7, 0))

    assert [m.to for m in digests(mailoutbox)] == [[reviewer.email]]


def test_nobody_gets_a_digest_when_nothing_is_due_within_a_week(clerk, reviewer, mailoutbox):
    with at(OPENED):
        open_request(response_due_date=date(2026, 6, 30))

    assert digest_at(paris(2026, 5, 5, 7, 0)) == 0
    assert digests(mailoutbox) == []


def test_the_digest_lists_what_is_overdue(reviewer, mailoutbox):
    with at(OPENED):
        late = open_request(response_due_date=date(2026, 5, 6))
    sweep_at(paris(2026, 5, 7, 0, 0))  # overdue since the end of Wednesday
    mailoutbox[:] = []

    digest_at(paris(2026, 5, 7, 7, 0))

    (digest,) = digests(mailoutbox)
    assert digest.subject == "lerq: 1 overdue, 0 due in the next 7 days"
    assert f"Overdue:\n  - {late.reference}: Response due, was due Wed 6 May 23:59" in digest.body
