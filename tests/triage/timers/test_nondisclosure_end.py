"""The end of a non-disclosure order (REQUIREMENTS.md "When that duration ends, the user is
notified"): lerq does not tell the user itself (issue 16). It drafts the notice, the notice
stays delayed and owed, and whoever holds the request is told the draft is ready to review;
with no address, to add one first. A reviewer sends it. A decision on the request does not
stop it, a notice forbidden or a later order does."""

from datetime import date, timedelta

import pytest

from tests.factories import notice_send, request_in
from tests.triage.services.helpers import package_prepare
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
from triage.models import Deadline, DeadlineKind, EventKind, Letter, LetterStatus, Notice, Status
from triage.notices import mail_send_pending
from triage.selectors import dashboard_for_team
from triage.timers import NOTICE_NO_ADDRESS, NOTICE_READY

pytestmark = pytest.mark.django_db

DELAYED_ON = paris(2026, 5, 4, 10, 0)
UNTIL = date(2026, 8, 3)
ORDER_ENDS = paris(2026, 8, 3, 0, 0)  # the start of the day the order names
TITLE = NOTICE_NO_ADDRESS


def delayed(**fields):
    fields.setdefault("response_due_date", None)
    with at(DELAYED_ON):
        r = request_in("in_review", **fields)
        return fresh(
            services.notice_delay(request=r, by=None, until=UNTIL, basis="18 U.S.C. 2705(b)")
        )


def test_delaying_the_notice_sets_a_timer_at_the_start_of_the_order_end_date():
    r = delayed()

    end = the_timer(r, DeadlineKind.NONDISCLOSURE_END)
    assert end.due_at == ORDER_ENDS
    assert end.basis["date"] == "2026-08-03"


def test_when_the_order_ends_lerq_drafts_the_notice_and_tells_the_team_it_is_owed(
    reviewer, mailoutbox
):
    r = delayed()
    sweep_at(ORDER_ENDS - timedelta(minutes=1))
    assert mailoutbox == []
    since = last_seq()

    sweep_at(ORDER_ENDS)

    # Nothing reaches the user: the team is told the draft is ready to review.
    (team,) = mailoutbox
    assert team.subject == f"[{r.reference}] {NOTICE_READY}"
    assert team.to == [reviewer.email]
    r = fresh(r)
    assert (r.notice, r.notice_sent_at) == (Notice.DELAYED, None)
    draft = Letter.objects.get(request=r, kind="user_notice")
    assert draft.status == LetterStatus.DRAFT and draft.extra["email"] == "target@example.com"
    drafted, timer = events_since(since)
    assert (drafted.action, drafted.actor, drafted.data["letter"]) == (
        EventKind.NOTICE_DRAFTED,
        None,
        draft.pk,
    )
    assert timer.action == EventKind.TIMER
    assert (timer.data["kind"], timer.data["sent"]) == (DeadlineKind.NONDISCLOSURE_END, False)
    assert timers(r, DeadlineKind.OBJECTION_WINDOW_END) == []
    # The notice is owed: the dashboard lists it until a reviewer sends it.
    with at(ORDER_ENDS + timedelta(hours=9)):
        owed = dashboard_for_team(now=ORDER_ENDS + timedelta(hours=9)).notices_owed
    assert [x.pk for x in owed.rows] == [r.pk]


def test_the_reviewer_sends_the_drafted_notice_and_only_then_is_the_user_told(reviewer, mailoutbox):
    r = delayed()
    sweep_at(ORDER_ENDS)
    mailoutbox[:] = []
    draft = Letter.objects.get(request=r, kind="user_notice")
    sent_at = ORDER_ENDS + timedelta(hours=10)

    with at(sent_at):
        services.letter_paragraph_save(letter=draft, by=reviewer, paragraph="Our words.")
        notice_send(request=fresh(r), by=reviewer)
        mail_send_pending()

    (notice,) = mailoutbox
    assert notice.to == ["target@example.com"] and "Our words." in notice.body
    r = fresh(r)
    assert (r.notice, r.notice_sent_at) == (Notice.SENT, sent_at)
    assert r.objection_window_ends_at == sent_at + timedelta(days=7)
    letter = Letter.objects.get(pk=draft.pk)
    assert (letter.status, letter.released_by, letter.paragraph) == (
        LetterStatus.QUEUED,
        reviewer,
        "Our words.",
    )
    with at(sent_at):
        assert dashboard_for_team(now=sent_at).notices_owed.count == 0


def test_with_no_address_for_the_user_the_team_is_told_to_add_one(reviewer, mailoutbox):
    r = delayed(targets=[{"type": "user", "user_id": "u-881"}])
    since = last_seq()

    sweep_at(ORDER_ENDS)

    assert subjects(mailoutbox) == [f"[{r.reference}] {TITLE}"]
    assert "add one, then read the drafted user notice" in mailoutbox[0].body
    drafted, event = events_since(since)
    assert drafted.action == EventKind.NOTICE_DRAFTED
    assert (event.action, event.data["sent"], event.data["addressed"]) == (
        EventKind.TIMER,
        False,
        False,
    )
    assert fresh(r).notice == Notice.DELAYED


def test_the_notice_is_still_owed_after_the_request_was_disclosed(reviewer, approver, mailoutbox):
    r = delayed()
    with at(DELAYED_ON + timedelta(days=1)):
        r = package_prepare(r)
        r = services.request_submit_for_approval(request=r, by=reviewer)
        # These requests carry no response date (no response timers in the sweep): the rules
        # find it missing, and the approver goes ahead on the record.
        r = services.request_approve(
            request=r, by=approver, override="The order's own deadline governs."
        )
        r = services.request_disclose(request=r, by=reviewer)
        services.request_close(request=r, by=reviewer)
    assert fresh(r).status == Status.CLOSED

    sweep_at(ORDER_ENDS)
    assert subjects(mailoutbox)[-1] == f"[{r.reference}] {NOTICE_READY}"
    mailoutbox[:] = []
    with at(ORDER_ENDS + timedelta(hours=9)):
        notice_send(request=fresh(r), by=reviewer)
        mail_send_pending()

    assert "a court order prevented it until now" in mailoutbox[0].body
    r = fresh(r)
    assert (r.notice, r.objection_window_ends_at) == (Notice.SENT, None)
    assert timers(r, DeadlineKind.OBJECTION_WINDOW_END) == []


def test_an_order_moved_later_moves_the_notice(reviewer, mailoutbox):
    r = delayed()
    with at(DELAYED_ON + timedelta(days=30)):
        services.nondisclosure_record(
            request=r,
            by=reviewer,
            basis="Renewed order under 18 U.S.C. § 2705(b)",
            until=date(2026, 11, 1),
            circumstances="The investigation continues; notice would alert co-conspirators.",
        )

    report = sweep_at(ORDER_ENDS + timedelta(days=1))

    assert (report.acted, mailoutbox) == (0, [])
    assert fresh(r).notice == Notice.DELAYED
    assert the_timer(r, DeadlineKind.NONDISCLOSURE_END).due_at == paris(2026, 11, 1, 0, 0)


def test_nothing_is_sent_when_the_notice_was_forbidden_in_the_meantime(reviewer, mailoutbox):
    r = delayed()
    with at(DELAYED_ON + timedelta(days=10)):
        services.notice_forbid(request=r, by=reviewer, basis="The order was made indefinite.")
    since = last_seq()

    report = sweep_at(ORDER_ENDS + timedelta(days=1))

    assert mailoutbox == []
    assert events_since(since) == []
    assert report.acted == 0
    assert timers(r, DeadlineKind.NONDISCLOSURE_END) == []
    assert Deadline.objects.get(request=r).outcome == Deadline.Outcome.CANCELLED
