"""The queue exported to CSV: what is filtered, safe in a spreadsheet, and recorded (issue 18)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import services
from triage.models import Event, EventKind
from triage.views.find import COLUMNS, csv_cell

pytestmark = pytest.mark.django_db

EXPORT = reverse("triage:queue_export")


def _rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_has_a_lawyers_columns_for_what_is_filtered(client, clerk, reviewer):
    fbi = open_request(
        targets=[{"type": "user", "email": "a@x.example"}, {"type": "user", "ip": "192.0.2.1"}]
    )
    services.request_assign(request=fbi, by=clerk, assignee=reviewer)
    closed = services.request_close(request=request_in("rejected", agency="Polisen"), by=None)
    sign_in(client, clerk)

    response = client.get(EXPORT, {"status": "any"})
    rows = _rows(response)

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="lerq-requests-')
    assert list(rows[0]) == COLUMNS
    by_ref = {row["reference"]: row for row in rows}
    assert set(by_ref) == {fbi.reference, closed.reference}
    assert by_ref[fbi.reference]["agency"] == "Federal Bureau of Investigation"
    assert by_ref[fbi.reference]["agent"] == "Dana Scully"
    assert by_ref[fbi.reference]["assigned to"] == "reviewer"
    assert by_ref[fbi.reference]["targets"] == "2"
    assert by_ref[fbi.reference]["last event"] == "Assigned"
    assert by_ref[fbi.reference]["response due"] == fbi.response_due_date.isoformat()
    assert by_ref[closed.reference]["status"] == "Closed"
    assert by_ref[closed.reference]["last event"] == "Closed"


def test_the_export_follows_the_filter_and_the_search(client, clerk):
    open_request()
    gb = open_request(agency="Metropolitan Police Service", country="GB")
    sign_in(client, clerk)

    assert [r["reference"] for r in _rows(client.get(EXPORT, {"country": "GB"}))] == [gb.reference]
    assert [r["reference"] for r in _rows(client.get(EXPORT, {"q": "metropolitan"}))] == [
        gb.reference
    ]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, clerk):
    open_request(
        agency='=HYPERLINK("http://evil.example","x")',
        agent_name="+1+cmd|' /C calc'!A0",
        agent_email="at@police.example",
    )
    sign_in(client, clerk)

    row = _rows(client.get(EXPORT))[0]

    assert row["agency"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["agent"] == "'+1+cmd|' /C calc'!A0"
    for value in ("-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(value) == "'" + value
    assert csv_cell("Dana Scully") == "Dana Scully"
    assert csv_cell(None) == ""


def test_the_export_is_recorded_with_who_what_filter_and_how_many_rows(client, clerk):
    open_request(country="FR")
    open_request(country="FR")
    open_request(country="US")
    sign_in(client, clerk)

    _rows(client.get(EXPORT, {"country": "FR", "page": "2"}))

    event = Event.objects.get(action=EventKind.QUEUE_EXPORTED)
    assert event.actor == clerk
    assert event.request is None
    assert event.data == {"filter": "country=FR", "rows": 2}


def test_the_queue_links_to_the_export_of_what_it_shows(client, clerk):
    sign_in(client, clerk)

    page = client.get(reverse("triage:queue"), {"status": "closed"}).text

    assert f'href="{EXPORT}?status=closed"' in page


def test_nobody_signed_out_or_outside_the_team_can_export(client, outsider):
    open_request()

    signed_out = client.get(EXPORT)
    sign_in(client, outsider)
    outside = client.get(EXPORT)

    assert signed_out.status_code == 302 and "login" in signed_out["Location"]
    assert outside.status_code == 403
    assert not Event.objects.filter(action=EventKind.QUEUE_EXPORTED).exists()


def test_an_invalid_filter_exports_nothing(client, clerk):
    sign_in(client, clerk)

    assert client.get(EXPORT, {"status": "bogus"}).status_code == 400
    assert not Event.objects.filter(action=EventKind.QUEUE_EXPORTED).exists()
