"""`manage.py sweep`: one sweep now, the same service as the beat task, saying what it did."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import open_request
from tests.triage.timers.helpers import at, fresh, paris, preservation_placed, sweep_at
from triage import tasks
from triage.models import Deadline, Status

pytestmark = pytest.mark.django_db


def sweep() -> str:
    out = StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_the_sweep_command_acts_on_what_is_due_and_says_what_it_did(reviewer, mailoutbox):
    with at(paris(2026, 5, 4, 10, 0)):
        r = open_request(response_due_date=date(2026, 6, 15))
    # A preservation that gave a response date, whose hold expired on Sunday 31 May: placing
    # the hold answered the agency, so its response timers were cancelled then.
    expired = preservation_placed(paris(2026, 3, 2, 10, 0), response_due_date=date(2026, 6, 15))
    sweep_at(paris(2026, 6, 1, 9, 0))
    assert fresh(expired).status == Status.EXPIRED
    mailoutbox[:] = []

    with at(paris(2026, 6, 16, 9, 0)):
        said = sweep()

    assert said == "swept: 3 acted, 0 skipped, 0 failed, 3 mails sent\n"
    assert [m.subject.split("]")[0] for m in mailoutbox] == [f"[{r.reference}"] * 3
    assert not Deadline.objects.filter(done_at__isnull=True).exists()
    assert {
        d.outcome for d in Deadline.objects.filter(request=expired, kind__startswith="res")
    } == {Deadline.Outcome.CANCELLED}


def test_the_sweep_command_with_nothing_due_says_it_did_nothing(reviewer, mailoutbox):
    with at(paris(2026, 5, 4, 10, 0)):
        open_request(response_due_date=date(2026, 6, 15))

    with at(paris(2026, 5, 4, 10, 1)):
        said = sweep()

    assert said == "swept: 0 acted, 0 skipped, 0 failed, 0 mails sent\n"
    assert mailoutbox == []


def test_running_the_sweep_command_twice_acts_once(reviewer, mailoutbox):
    with at(paris(2026, 5, 4, 10, 0)):
        open_request(response_due_date=date(2026, 6, 15))

    with at(paris(2026, 6, 16, 9, 0)):
        first, second = sweep(), sweep()

    assert first == "swept: 3 acted, 0 skipped, 0 failed, 3 mails sent\n"
    assert second == "swept: 0 acted, 0 skipped, 0 failed, 0 mails sent\n"
    assert len(mailoutbox) == 3


def test_the_beat_task_runs_the_same_sweep_and_leaves_mail_to_its_own_task(
    reviewer, mailoutbox, monkeypatch
):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # run send_mail in-process
    with at(paris(2026, 5, 4, 10, 0)):
        open_request(response_due_date=date(2026, 6, 15))

    with at(paris(2026, 6, 16, 9, 0)):
        done = tasks.sweep()
        said = sweep()

    assert done == 3
    assert said == "swept: 0 acted, 0 skipped, 0 failed, 0 mails sent\n"
    assert len(mailoutbox) == 3
