"""The timers of an EPOC once the enforcing authority answers (Regulation (EU) 2023/1543):
a refusal stops the execution, so nothing falls overdue and the emergency is no longer
escalated (Article 12(3)); an early "no ground" ends the window's hold at once and leaves the
production due by the end of the 10 days (Article 10(2))."""

import pytest

from tests.factories import open_request
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    sweep_at,
    the_timer,
    timers,
)
from triage.models import DeadlineKind, EventKind, Kind
from triage.models import eu_conditions as eu
from triage.services.eu_enforcing import eu_enforcing_no_grounds, eu_enforcing_refused

pytestmark = pytest.mark.django_db

RECEIVED = paris(2026, 11, 2, 9, 0)


def notified_epoc(**fields):
    with at(RECEIVED):
        return open_request(
            Kind.EU_PRODUCTION_ORDER,
            received_at=RECEIVED,
            response_due_date=None,
            badge="",
            eu_issuing_state="ES",
            eu_issuing_authority="Juzgado Central de Instrucción n.º 5",
            eu_data_categories=["traffic"],
            eu_enforcing_notified=True,
            **fields,
        )


def test_after_a_refusal_the_sweep_finds_nothing_overdue_and_escalates_nothing(reviewer):
    r = notified_epoc(eu_emergency=True)
    with at(paris(2026, 11, 2, 9, 20)):
        eu_enforcing_refused(request=r, by=reviewer, grounds=["ne_bis_in_idem"])

    since = last_seq()
    sweep_at(paris(2026, 11, 13, 9, 0))

    assert events_since(since, EventKind.OVERDUE, EventKind.ESCALATED, EventKind.TIMER) == []
    assert timers(r, DeadlineKind.RESPONSE_DUE) == []
    assert timers(r, DeadlineKind.EMERGENCY_ESCALATION) == []


def test_an_early_no_ground_lifts_the_window_on_the_day_and_keeps_the_tenth_day_due(reviewer):
    r = notified_epoc()
    due = the_timer(r, DeadlineKind.RESPONSE_DUE).due_at
    assert due == paris(2026, 11, 12, 9, 0)

    with at(paris(2026, 11, 4, 15, 0)):
        assert not eu.enforcing_window_over(fresh(r))
        eu_enforcing_no_grounds(request=r, by=reviewer, received_at=paris(2026, 11, 4, 14, 30))
        assert eu.enforcing_window_over(fresh(r))

    assert timers(r, DeadlineKind.EU_ENFORCING_WINDOW_END) == []
    assert the_timer(r, DeadlineKind.RESPONSE_DUE).due_at == due
    since = last_seq()
    sweep_at(paris(2026, 11, 12, 9, 1))
    assert [e.request_id for e in events_since(since, EventKind.OVERDUE)] == [r.pk]
