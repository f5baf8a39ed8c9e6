"""request_disclose: the production goes to the agency; approved → disclosed, once the user
notice rules allow it (REQUIREMENTS.md "Lifecycle")."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.triage.services.helpers import (
    approved,
    called_back,
    cancelled_kinds,
    conditions_unmet,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
    with_notice,
)
from triage import services
from triage.models import DeadlineKind, Kind, Notice, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted

ACTION = "disclose"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_discloses_an_approved_request_when_no_notice_is_required(request, role):
    user = request.getfixturevalue(role)
    r = with_notice(approved(), Notice.NOT_REQUIRED)
    since = last_seq()

    services.request_disclose(request=r, by=user, note="Production sent by SFTP.")

    assert fresh(r).status == Status.DISCLOSED
    assert said(the_one_event_since(since)) == (
        "disclose",
        "approved",
        "disclosed",
        user.get_username(),
        "Production sent by SFTP.",
    )


def test_nobody_discloses_while_the_user_notice_is_undecided(reviewer):
    r = approved()

    refused(
        lambda: services.request_disclose(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.notice_allows_disclosure),
    )


def test_nobody_discloses_while_the_users_objection_window_is_open(reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = with_notice(approved(), Notice.SENT)
    time_machine.move_to(NOW + timedelta(days=7) - timedelta(seconds=1), tick=False)

    refused(
        lambda: services.request_disclose(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.notice_allows_disclosure),
    )


def test_disclosure_is_allowed_once_the_objection_window_is_over(reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = with_notice(approved(), Notice.SENT)
    assert r.objection_window_ends_at == NOW + timedelta(days=7)
    time_machine.move_to(r.objection_window_ends_at, tick=False)

    services.request_disclose(request=r, by=reviewer)

    assert fresh(r).status == Status.DISCLOSED


@pytest.mark.parametrize("notice", [Notice.DELAYED, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED])
def test_disclosure_does_not_wait_for_a_notice_that_is_delayed_forbidden_or_not_required(
    reviewer, notice
):
    r = with_notice(approved(), notice)

    services.request_disclose(request=r, by=reviewer)

    r = fresh(r)
    assert (r.status, r.notice) == (Status.DISCLOSED, notice)


def test_an_emergency_is_disclosed_without_waiting_for_the_notice(reviewer):
    r = called_back(approved(Kind.EMERGENCY))
    assert r.notice == Notice.NOT_DECIDED

    services.request_disclose(request=r, by=reviewer)

    r = fresh(r)
    assert (r.status, r.notice) == (Status.DISCLOSED, Notice.NOT_DECIDED)


def test_an_emergency_is_disclosed_even_inside_an_objection_window(reviewer):
    r = with_notice(called_back(approved(Kind.EMERGENCY)), Notice.SENT)

    services.request_disclose(request=r, by=reviewer)

    assert fresh(r).status == Status.DISCLOSED


def test_disclosure_stops_the_response_timers_but_not_the_non_disclosure_timer(reviewer):
    r = with_notice(approved(), Notice.DELAYED)

    services.request_disclose(request=r, by=reviewer)

    assert DeadlineKind.RESPONSE_DUE in cancelled_kinds(r)
    assert [kind for kind, _ in open_deadlines(r)] == [DeadlineKind.NONDISCLOSURE_END]


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_discloses(request, role):
    user = request.getfixturevalue(role)
    r = with_notice(approved(), Notice.NOT_REQUIRED)

    refused(
        lambda: services.request_disclose(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(Status.APPROVED))
def test_nothing_is_disclosed_without_approval(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_disclose(request=r, by=reviewer),
        message=not_available(r, status_label(status)),
    )
