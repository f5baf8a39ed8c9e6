"""The report page: the team sees it, outsiders do not; it downloads as CSV, JSON and PDF."""

import json

import pytest
from django.urls import reverse

from tests.web import sign_in

URL = reverse("triage:report")


def test_a_team_member_sees_the_last_complete_half_with_tables_and_charts(client, clerk, known):
    response = sign_in(client, clerk).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Transparency report 2026H1" in page
    # Images of their SVG: inline, matplotlib's style attributes would break the page's CSP.
    assert page.count('<img class="chart-image" alt="Requests by') == 3
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert 'option value="2026H2"' in page  # the half under way can be chosen too
    assert "format=csv" in page and "format=pdf" in page


def test_another_half_can_be_chosen(client, reviewer, known, settings):
    settings.LERQ_REPORT_BAND_THRESHOLD = 0
    response = sign_in(client, reviewer).get(URL, {"half": "2025H2"})
    assert response.status_code == 200
    assert response.context["report"]["totals"]["requests"] == 1


def test_an_outsider_gets_403(client, outsider, db):
    assert sign_in(client, outsider).get(URL).status_code == 403
    assert sign_in(client, outsider).get(URL, {"format": "csv"}).status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(URL, {"format": "json"})
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("csv", "text/csv", b"Period,"),
        ("json", "application/json", b"{"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_downloads_are_attachments(client, approver, known, fmt, content_type, start):
    response = sign_in(client, approver).get(URL, {"half": "2026H1", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="transparency-report-2026H1.{fmt}"'
    )
    assert response.content.startswith(start)


def test_the_json_download_is_the_commands_json(client, reviewer, known, settings):
    settings.LERQ_REPORT_BAND_THRESHOLD = 0
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("transparency_report", "--half", "2026H1", stdout=out)
    downloaded = json.loads(
        sign_in(client, reviewer).get(URL, {"half": "2026H1", "format": "json"}).content
    )
    from_command = json.loads(out.getvalue())
    downloaded.pop("generated_at"), from_command.pop("generated_at")
    assert downloaded == from_command


def test_a_malformed_half_says_so(client, reviewer, db, clock):
    response = sign_in(client, reviewer).get(URL, {"half": "2026H9"})
    assert response.status_code == 400
    assert "2026H1 or 2026H2" in response.content.decode()
    assert sign_in(client, reviewer).get(URL, {"half": "x", "format": "csv"}).status_code == 400


def test_a_half_not_yet_started_and_an_unknown_format_are_refused(client, reviewer, db, clock):
    signed = sign_in(client, reviewer)
    assert signed.get(URL, {"half": "2030H1"}).status_code == 400
    assert signed.get(URL, {"format": "xml"}).status_code == 400


def test_the_team_sees_exact_counts_and_the_downloads_publish_bands(client, reviewer, known):
    # 2025H2 holds one request (builders.py): below the threshold of 10.
    signed = sign_in(client, reviewer)
    response = signed.get(URL, {"half": "2025H2"})
    assert response.context["report"]["totals"]["requests"] == 1
    page = response.content.decode()
    assert "<dt>Requests</dt><dd>1</dd>" in page
    assert "counts below 10 are the range 0-9" in page
    assert "0-9</td>" not in page and "<dd>0-9" not in page
    csv_rows = signed.get(URL, {"half": "2025H2", "format": "csv"}).content.decode()
    assert "2025H2,All,All,0-9," in csv_rows
    published = json.loads(signed.get(URL, {"half": "2025H2", "format": "json"}).content)
    assert published["totals"]["requests"] == "0-9"


def test_an_empty_half_says_so_instead_of_charting_nothing(client, reviewer, known):
    page = sign_in(client, reviewer).get(URL, {"half": "2024H2"}).content.decode()
    assert "No request was received in 1 July to 31 December 2024" in page
    assert "chart-image" not in page
    assert 'class="charts"' not in page
