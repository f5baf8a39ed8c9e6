"""EU orders are counted apart in the transparency report: by issuing State and by category
of data, and left out of every other total."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import open_request
from triage.models import Kind
from triage.reports import Half, report_figures, report_publish

pytestmark = pytest.mark.django_db

H1 = Half(2026, 1)
MARCH = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _eu(kind, state, categories, **fields):
    return open_request(
        kind,
        received_at=MARCH,
        badge="",
        response_due_date=None,
        eu_issuing_state=state,
        eu_data_categories=categories,
        **fields,
    )


def test_eu_orders_are_counted_by_state_and_category_apart_from_the_rest():
    open_request(received_at=MARCH)  # a subpoena
    _eu(Kind.EU_PRODUCTION_ORDER, "FR", ["subscriber", "traffic"], eu_emergency=True)
    _eu(Kind.EU_PRODUCTION_ORDER, "DE", ["content"])
    _eu(Kind.EU_PRESERVATION_ORDER, "FR", ["traffic"])

    f = report_figures(H1)

    assert f.total.requests == 1
    assert {r.key for r in f.by_kind} & {
        Kind.EU_PRODUCTION_ORDER,
        Kind.EU_PRESERVATION_ORDER,
    } == set()
    eu = f.eu_orders
    assert (eu.production_orders, eu.preservation_orders, eu.emergencies) == (2, 1, 1)
    assert eu.by_state == {"FR": 2, "DE": 1}
    assert eu.by_category == {"subscriber": 1, "identification": 0, "traffic": 2, "content": 1}

    published = report_publish(f, threshold=0)["eu_orders"]
    assert published["by_issuing_state"][0] == {"state": "FR", "label": "FR", "orders": 2}
    assert published["by_data_category"][2] == {
        "category": "traffic",
        "label": "Traffic data",
        "orders": 2,
    }
    # Published in bands like every small count.
    assert report_publish(f, threshold=10)["eu_orders"]["production_orders"] == "0-9"
