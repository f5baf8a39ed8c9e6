"""The timers of Regulation (EU) 2023/1543: an EPOC is produced within 10 days of receipt, or
8 hours in an emergency (Article 10); where the enforcing authority was notified, its window is
10 days (suspending) or 96 hours (not suspending, in an emergency); an EPOC-PR is preserved 60
days, extended once by 30 (Article 11, Annex VI), and kept once Annex V confirms production."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import open_request
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
from triage.models import DeadlineKind, EventKind, Kind, Status
from triage.services import TransitionRefused
from triage.services.eu_orders import eu_preservation_extend, eu_production_confirm

pytestmark = pytest.mark.django_db

# 00:30 in Paris on the night the clocks go back (03:00 CEST becomes 02:00 CET).
BEFORE_THE_CLOCKS_GO_BACK = paris(2026, 10, 25, 0, 30)
# 10:00 in Paris nine days before the clocks go forward (29 March 2026).
BEFORE_SPRING = paris(2026, 3, 20, 10, 0)


def later(moment: datetime, **elapsed: float) -> datetime:
    """``moment`` plus elapsed time (not wall-clock time: Python adds that to a zoned one)."""
    return moment.astimezone(UTC) + timedelta(**elapsed)


def epoc(moment, **fields):
    fields.setdefault("response_due_date", None)
    fields.setdefault("badge", "")
    fields.setdefault("eu_data_categories", ["subscriber"])
    with at(moment):
        return open_request(
            Kind.EU_PRODUCTION_ORDER,
            received_at=moment,
            eu_issuing_state="FR",
            eu_issuing_authority="Parquet de Paris",
            **fields,
        )


def test_an_emergency_epoc_is_due_eight_hours_after_receipt_across_midnight_and_the_dst_change(
    reviewer, mailoutbox
):
    r = epoc(BEFORE_THE_CLOCKS_GO_BACK, eu_emergency=True)

    due = the_timer(r, DeadlineKind.RESPONSE_DUE)
    # Eight hours elapse: 00:30 CEST is 07:30 CET on the wall clock, seven hours later.
    assert due.due_at == later(BEFORE_THE_CLOCKS_GO_BACK, hours=8)
    assert due.due_at == paris(2026, 10, 25, 7, 30)
    assert due.basis["article"] == "Regulation (EU) 2023/1543, Article 10(4)"
    assert due.basis["minutes"] == 480
    # The 8-hour lane is an emergency: acknowledged and escalated like one.
    assert the_timer(r, DeadlineKind.EMERGENCY_ACK).due_at == later(
        BEFORE_THE_CLOCKS_GO_BACK, hours=1
    )
    assert the_timer(r, DeadlineKind.EMERGENCY_ESCALATION)

    since = last_seq()
    sweep_at(paris(2026, 10, 25, 7, 31))
    overdue = events_since(since, EventKind.OVERDUE)
    assert [e.request_id for e in overdue] == [r.pk]
    assert "Response overdue" in " ".join(subjects(mailoutbox))


def test_an_epoc_is_due_ten_days_after_receipt_at_the_same_wall_clock_time():
    r = epoc(BEFORE_SPRING)

    due = the_timer(r, DeadlineKind.RESPONSE_DUE)
    # Across the change to summer time: 10:00 on 30 March, nine days and 23 hours later.
    assert due.due_at == paris(2026, 3, 30, 10, 0)
    assert due.due_at - BEFORE_SPRING == timedelta(days=10) - timedelta(hours=1)
    assert due.basis["days"] == 10
    assert due.basis["article"] == "Regulation (EU) 2023/1543, Article 10(2), (3)"
    assert timers(r, DeadlineKind.EMERGENCY_ACK) == []
    assert timers(r, DeadlineKind.EU_ENFORCING_WINDOW_END) == []


def test_a_notified_epoc_is_produced_at_the_end_of_the_enforcing_authoritys_ten_days():
    r = epoc(BEFORE_SPRING, eu_enforcing_notified=True, eu_data_categories=["content"])

    window = the_timer(r, DeadlineKind.EU_ENFORCING_WINDOW_END)
    assert window.due_at == paris(2026, 3, 30, 10, 0)
    assert window.basis["article"] == "Regulation (EU) 2023/1543, Articles 8(4), 10(2)"
    assert the_timer(r, DeadlineKind.RESPONSE_DUE).due_at == window.due_at

    since = last_seq()
    sweep_at(paris(2026, 3, 30, 10, 1))
    assert [e.data["kind"] for e in events_since(since, EventKind.TIMER)] == [
        DeadlineKind.EU_ENFORCING_WINDOW_END
    ]


def test_a_notified_emergency_epoc_gives_the_enforcing_authority_96_hours_but_is_due_in_8():
    r = epoc(BEFORE_THE_CLOCKS_GO_BACK, eu_emergency=True, eu_enforcing_notified=True)

    window = the_timer(r, DeadlineKind.EU_ENFORCING_WINDOW_END)
    assert window.due_at == later(BEFORE_THE_CLOCKS_GO_BACK, hours=96)
    assert window.basis["article"] == "Regulation (EU) 2023/1543, Articles 8(4), 10(4)"
    # Article 8(4): the notification does not suspend an emergency.
    assert the_timer(r, DeadlineKind.RESPONSE_DUE).due_at == later(
        BEFORE_THE_CLOCKS_GO_BACK, hours=8
    )


def epoc_pr(moment):
    with at(moment):
        r = open_request(
            Kind.EU_PRESERVATION_ORDER,
            received_at=moment,
            response_due_date=None,
            badge="",
            eu_issuing_state="DE",
            eu_issuing_authority="Staatsanwaltschaft Berlin",
            eu_data_categories=["traffic"],
        )
        r = services.request_validate(request=r, by=None)
        services.hold_place(request=fresh(r), by=None)
    return fresh(r)


RECEIVED_PR = paris(2026, 1, 12, 9, 0)


def test_an_epoc_pr_is_preserved_sixty_days_from_receipt_and_expires_then(reviewer):
    r = epoc_pr(RECEIVED_PR)

    assert r.status == Status.PRESERVED
    end = paris(2026, 3, 13, 9, 0)
    assert r.hold.ends_at == end
    hold_end = the_timer(r, DeadlineKind.HOLD_END)
    assert hold_end.due_at == end
    assert hold_end.basis["article"] == "Regulation (EU) 2023/1543, Article 11(1)"

    sweep_at(end - timedelta(minutes=1))
    assert fresh(r).status == Status.PRESERVED
    sweep_at(end + timedelta(minutes=1))
    assert fresh(r).status == Status.EXPIRED


def test_annex_vi_extends_the_preservation_once_by_thirty_days(reviewer):
    r = epoc_pr(RECEIVED_PR)

    with at(paris(2026, 3, 1, 12, 0)):
        hold = eu_preservation_extend(request=r, by=reviewer, note="Annex VI received")
    # 60 + 30 days, at the same wall-clock time across the change to summer time.
    assert hold.ends_at == paris(2026, 4, 12, 9, 0)
    r = fresh(r)
    assert r.status == Status.EXTENDED
    end = the_timer(r, DeadlineKind.EXTENSION_END)
    assert end.due_at == paris(2026, 4, 12, 9, 0)
    assert end.basis["article"] == "Regulation (EU) 2023/1543, Article 11(1), Annex VI"
    assert timers(r, DeadlineKind.HOLD_END) == []

    with at(paris(2026, 3, 2, 12, 0)), pytest.raises(TransitionRefused):
        eu_preservation_extend(request=r, by=reviewer)

    sweep_at(paris(2026, 4, 12, 9, 1))
    assert fresh(r).status == Status.EXPIRED


def test_annex_v_keeps_the_data_until_the_production_arrives(reviewer):
    r = epoc_pr(RECEIVED_PR)

    since = last_seq()
    with at(paris(2026, 2, 20, 12, 0)):
        confirmed = eu_production_confirm(request=r, by=reviewer, note="Annex V received")
    assert confirmed.eu_production_confirmed_at == paris(2026, 2, 20, 12, 0)
    event = events_since(since)[-1]
    assert event.action == EventKind.EU_PRODUCTION_CONFIRMED
    assert event.data["article"] == "Regulation (EU) 2023/1543, Article 11(2), Annex V"
    assert timers(r, DeadlineKind.HOLD_END) == []

    sweep_at(paris(2026, 3, 14, 9, 0))
    assert fresh(r).status == Status.PRESERVED
    with at(paris(2026, 3, 14, 9, 0)), pytest.raises(TransitionRefused):
        services.hold_expire(request=fresh(r), by=None)
    with at(paris(2026, 3, 14, 9, 0)), pytest.raises(TransitionRefused):
        eu_preservation_extend(request=fresh(r), by=reviewer)
