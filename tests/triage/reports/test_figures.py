"""The figures come from the recorded data: every table reconciles with the others and with
the requests that were made."""

from collections import Counter

from tests.triage.reports.builders import EXPECTED_2026H1 as X
from triage.models import Kind, Request
from triage.models.choices import PRESERVATION_KINDS
from triage.reports import Half, report_figures, report_publish
from triage.reports.figures import OUTCOMES

H1 = Half(2026, 1)


def test_it_counts_what_was_recorded(known):
    f = report_figures(H1)
    assert f.total.requests == X["total"]
    assert f.total.accounts == X["accounts"]
    assert {r.key: r.requests for r in f.by_country} == X["by_country"]
    assert {r.key: r.accounts for r in f.by_country} == X["accounts_by_country"]
    assert {r.key: r.requests for r in f.by_kind if r.requests} == X["by_kind"]
    assert dict(f.total.outcomes) == X["outcomes"]
    assert f.emergencies.requests == X["emergencies"]
    assert f.emergencies.disclosed == X["emergencies_granted"]
    assert vars(f.preservations) == X["preservations"]
    assert {c: n for c, _, n in f.rejections_by_reason if n} == X["reasons"]
    assert f.notices_delayed == X["notices_delayed"]
    assert {str(t.half): (t.requests, t.disclosed) for t in f.trend} == X["trend"]


def test_every_table_reconciles_with_the_others(known):
    f = report_figures(H1)
    for rows in (f.by_country, f.by_kind):
        assert sum(r.requests for r in rows) == f.total.requests
        assert sum(r.accounts for r in rows) == f.total.accounts
        for outcome in OUTCOMES:
            assert sum(r.outcomes[outcome] for r in rows) == f.total.outcomes[outcome]
    for row in [f.total, *f.by_country, *f.by_kind]:
        assert sum(row.outcomes[o] for o in OUTCOMES) == row.requests
    assert f.rejected_requests == f.total.outcomes["no_data"] + f.total.outcomes["rejected"]
    # A request rejected for two reasons counts under both: at least one reason each.
    assert sum(n for *_, n in f.rejections_by_reason) >= f.rejected_requests
    assert next(t for t in f.trend if t.half == H1).requests == f.total.requests
    assert f.emergencies.requests == next(r for r in f.by_kind if r.key == Kind.EMERGENCY).requests


def test_it_agrees_with_the_requests_table(known):
    start, end = H1.bounds()
    in_half = Request.objects.filter(received_at__gte=start, received_at__lt=end)
    counted = in_half.exclude(kind__in=PRESERVATION_KINDS)
    f = report_figures(H1)
    assert f.total.requests == counted.count()
    assert Counter({r.key: r.requests for r in f.by_kind if r.requests}) == Counter(
        counted.values_list("kind", flat=True)
    )
    kept = in_half.filter(kind__in=PRESERVATION_KINDS).count()
    assert f.preservations.requests + f.preservations.extensions == kept


def test_preservations_are_apart_from_the_totals(known):
    f = report_figures(H1)
    assert all(r.key not in PRESERVATION_KINDS for r in f.by_kind)
    assert f.preservations.requests == 2
    # The German preservation is the only German request: no German row in the totals.
    assert "DE" not in {r.key for r in f.by_country}


def test_published_tables_reconcile_when_nothing_is_banded(known):
    p = report_publish(report_figures(H1), threshold=0)
    t = p["totals"]
    for table in ("by_country", "by_kind"):
        for key in ("requests", "accounts", "content", "non_content", "no_data_found", "rejected"):
            assert sum(row[key] for row in p[table]) == t[key], (table, key)
    parts = ("content", "non_content", "no_data_found", "rejected", "lapsed", "pending")
    assert sum(t[k] for k in parts) == t["requests"]
    assert t["some_data_produced"] == t["content"] + t["non_content"]
    assert t["some_data_produced_percent"] == round(100 * 3 / 11)
    assert p["emergencies"]["granted_percent"] == 50


def test_a_half_is_decided_by_the_receipt_date_in_the_teams_zone(db, clock, settings):
    settings.TIME_ZONE = "Europe/Paris"
    from datetime import UTC, datetime

    from tests.factories import open_request

    # 23:30 in Paris on 30 June, and 00:30 on 1 July (both 30 June in UTC).
    open_request(received_at=datetime(2026, 6, 30, 21, 30, tzinfo=UTC))
    open_request(received_at=datetime(2026, 6, 30, 22, 30, tzinfo=UTC))
    assert report_figures(Half(2026, 1)).total.requests == 1
    assert report_figures(Half(2026, 2)).total.requests == 1


def test_an_empty_half_has_zero_everywhere(db, clock):
    f = report_figures(Half(2020, 2))
    assert f.total.requests == 0 and f.by_country == []
    assert report_publish(f, threshold=0)["totals"]["some_data_produced_percent"] is None
