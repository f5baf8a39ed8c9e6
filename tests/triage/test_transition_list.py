"""triage/selectors/transitions.py offers exactly what the state machines allow each role (the
tables of test_state_machine.py), and lists as not available only the other transitions of the
request's current states, each with at least one reason."""

from datetime import UTC, datetime

import pytest

from tests.triage.services.helpers import fresh
from tests.triage.test_state_machine import (
    NOTICE_BUTTONS,
    STATUS_BUTTONS,
    _button_cases,
    _delayed,
)
from triage.models import Request
from triage.models import conditions as c
from triage.selectors.transitions import transition_list_for_person

CASES = [
    *(("status", *case.values) for case in _button_cases(STATUS_BUTTONS)),
    *(("notice", *case.values) for case in _button_cases(NOTICE_BUTTONS)),
]


@pytest.mark.parametrize(("machine", "state", "role"), CASES)
def test_it_offers_what_the_state_machine_allows_and_says_why_not_the_rest(
    db, request, time_machine, machine, state, role
):
    build, seen = (STATUS_BUTTONS if machine == "status" else NOTICE_BUTTONS)[state]
    r = fresh(build(request.getfixturevalue, time_machine))
    user = request.getfixturevalue(role)

    moves = transition_list_for_person(request=r, user=user)

    allowed = {
        t.name
        for t in [
            *r.get_available_user_status_transitions(user),
            *r.get_available_user_notice_transitions(user),
        ]
    }
    assert {t.name for t in moves.available} == allowed
    from_here = {
        t.name
        for name in ("status", "notice")
        for t in Request._meta.get_field(name).get_all_transitions(Request)
        if t.source == getattr(r, name)
    }
    assert {t.name for t in moves.available} & from_here >= seen[role]
    assert {b.name for b in moves.blocked} <= from_here - allowed
    assert all(b.reasons for b in moves.blocked)


def test_a_delayed_notice_says_when_the_order_ends(db, reviewer, time_machine):
    r = fresh(_delayed(None, time_machine, ended=False))

    blocked = {b.name: b for b in transition_list_for_person(request=r, user=reviewer).blocked}

    (reason,) = blocked["notice_send"].reasons
    assert reason.sentence == c.notice_may_be_sent.message
    assert reason.waits_for == "the non-disclosure order ending"
    assert reason.until == datetime(2026, 8, 29, 22, 0, tzinfo=UTC)  # 30 Aug 00:00 in Paris
    assert reason.until_text == "30 Aug 00:00"
