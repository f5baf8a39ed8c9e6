"""notice_send: the affected user is told, and may object within the window; not_decided (or
delayed, once the non-disclosure order has ended) → sent."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import notice_send
from tests.triage.services.helpers import (
    approved,
    called_back,
    cancelled_kinds,
    conditions_unmet,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    notice_label,
    open_deadlines,
    refused,
    said,
    the_one_event_since,
    walk_to,
    with_notice,
)
from triage import services
from triage.models import DeadlineKind, Kind, Notice, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput

ACTION = "send user notice"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_sends_the_user_notice_and_the_objection_window_opens(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)
    services.notice_draft(request=r, by=user)  # lerq drafts, the lawyer reads it
    since = last_seq()

    notice_send(request=r, by=user, note="Copy of the subpoena attached.")

    r = fresh(r)
    assert (r.notice, r.status) == (Notice.SENT, Status.IN_REVIEW)
    assert (r.notice_sent_at, r.objection_window_ends_at) == (NOW, NOW + timedelta(days=7))
    event = the_one_event_since(since)
    assert said(event) == (
        "notice_send",
        "not_decided",
        "sent",
        user.get_username(),
        "Copy of the subpoena attached.",
    )
    assert event.data["machine"] == "notice"
    assert (DeadlineKind.OBJECTION_WINDOW_END, NOW + timedelta(days=7)) in open_deadlines(r)


def test_the_notice_may_go_out_before_review_starts(reviewer):
    r = walk_to(Status.RECEIVED)

    notice_send(request=r, by=reviewer)

    assert fresh(r).notice == Notice.SENT


def test_a_delayed_notice_cannot_be_sent_before_the_order_ends(reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = walk_to(Status.IN_REVIEW)
    services.notice_delay(request=r, by=reviewer, until=date(2026, 9, 1), basis="2705(b)")
    r = fresh(r)
    time_machine.move_to(datetime(2026, 8, 31, 21, 59, tzinfo=UTC), tick=False)  # 23:59 Paris
    services.notice_draft(request=r, by=reviewer)  # read in advance: still not sent
    r = fresh(r)

    refused(
        lambda: notice_send(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.notice_may_be_sent),
    )


def test_a_delayed_notice_is_sent_once_the_order_ends(reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = walk_to(Status.IN_REVIEW)
    services.notice_delay(request=r, by=reviewer, until=date(2026, 9, 1), basis="2705(b)")
    r = fresh(r)
    time_machine.move_to(datetime(2026, 8, 31, 22, 0, tzinfo=UTC), tick=False)  # 1 Sept, Paris
    services.notice_draft(request=r, by=reviewer)
    since = last_seq()

    notice_send(request=r, by=reviewer)

    assert fresh(r).notice == Notice.SENT
    assert said(the_one_event_since(since))[:3] == ("notice_send", "delayed", "sent")
    assert cancelled_kinds(r) == [DeadlineKind.NONDISCLOSURE_END]
    assert DeadlineKind.OBJECTION_WINDOW_END in [kind for kind, _ in open_deadlines(r)]


def test_lerq_itself_never_sends_the_notice_even_when_the_order_has_ended(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = with_notice(walk_to(Status.IN_REVIEW), Notice.DELAYED)
    time_machine.move_to(NOW + timedelta(days=91), tick=False)
    since = last_seq()

    with pytest.raises(InvalidInput, match="sent by a person"):
        notice_send(request=r, by=None)

    assert fresh(r).notice == Notice.DELAYED and last_seq() == since


def test_the_notice_follows_an_emergency_disclosure_with_no_window_to_object_in(reviewer):
    r = services.request_disclose(request=called_back(approved(Kind.EMERGENCY)), by=reviewer)
    services.notice_draft(request=fresh(r), by=reviewer)
    since = last_seq()

    notice_send(request=fresh(r), by=reviewer)

    r = fresh(r)
    assert (r.status, r.notice, r.objection_window_ends_at) == (
        Status.DISCLOSED,
        Notice.SENT,
        None,
    )
    assert r.notice_sent_at is not None
    event = the_one_event_since(since)
    assert said(event)[:3] == ("notice_send", "not_decided", "sent")
    assert event.data["after_decision"] == "disclosed"
    assert DeadlineKind.OBJECTION_WINDOW_END not in [kind for kind, _ in open_deadlines(r)]


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_sends_the_user_notice(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: notice_send(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("notice", [Notice.SENT, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED])
def test_it_refuses_to_send_a_notice_already_sent_forbidden_or_not_required(reviewer, notice):
    r = with_notice(walk_to(Status.IN_REVIEW), notice)

    refused(
        lambda: notice_send(request=r, by=reviewer),
        message=not_available(r, notice_label(notice)),
    )


def test_a_notice_nobody_drafted_is_not_sent(reviewer):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_send(request=r, by=reviewer),
        error=InvalidInput,
        message=f"{r.reference}: draft the user notice and read it as it will be sent before "
        "sending it.",
    )
