"""The report of the demo data (what the README shows) reconciles, whichever halves it spans."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from triage.demo import demo_seed
from triage.models import Request
from triage.models.choices import EU_ORDER_KINDS, PRESERVATION_KINDS
from triage.reports import Half, half_of, report_figures
from triage.reports.figures import OUTCOMES


@pytest.mark.usefixtures("letters_env")
def test_the_demo_report_reconciles_with_the_demo_requests(db, clock):
    demo_seed(password=None)
    halves = sorted({half_of(timezone.localdate(r.received_at)) for r in Request.objects.all()})
    assert halves, "the demo made no requests"
    counted = 0
    for half in halves:
        f = report_figures(half)
        assert sum(r.requests for r in f.by_country) == f.total.requests
        assert sum(r.requests for r in f.by_kind) == f.total.requests
        assert sum(f.total.outcomes[o] for o in OUTCOMES) == f.total.requests
        counted += f.total.requests + f.preservations.requests + f.preservations.extensions
        counted += f.eu_orders.production_orders + f.eu_orders.preservation_orders
    assert counted == Request.objects.count()
    assert report_figures(Half(2026, 2)).total.requests == (
        Request.objects.exclude(kind__in=PRESERVATION_KINDS | EU_ORDER_KINDS)
        .filter(received_at__gte=Half(2026, 2).bounds()[0])
        .count()
    )

    out = StringIO()
    call_command(
        "transparency_report", "--half", str(halves[-1]), "--band-threshold", "0", stdout=out
    )
    assert json.loads(out.getvalue())["totals"]["some_data_produced"] >= 1
