"""Small counts are published as bands: the raw number never appears in any format."""

import csv
import io
import json
import re
from datetime import UTC, datetime

from pypdf import PdfReader

from tests.factories import open_request
from triage.reports import Half, report_figures, report_publish
from triage.reports.charts import report_charts
from triage.reports.present import Bands
from triage.reports.render import report_csv, report_html, report_json, report_pdf

H1 = Half(2026, 1)
SEVEN = re.compile(r"(?<![\d.])7(?![\d.])")


def requests_from_new_zealand(count: int, year: int) -> None:
    for n in range(count):
        open_request(
            country="NZ",
            received_at=datetime(year, 2, 3, 9, n, tzinfo=UTC),
            targets=[{"type": "user", "email": f"u{n}@example.com"}],
        )


def counts(value, path=""):
    """Every count in a published report (not percentages, not the threshold itself)."""
    if isinstance(value, dict):
        for key, v in value.items():
            if key not in ("band_threshold",) and not key.endswith("_percent"):
                yield from counts(v, f"{path}.{key}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from counts(v, f"{path}[{i}]")
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, value


def test_a_count_below_the_threshold_is_a_band():
    bands = Bands(10)
    assert [bands.count(n) for n in (0, 1, 9, 10, 250)] == ["0-9", "0-9", "0-9", 10, 250]
    assert Bands(50).count(49) == "0-49"
    assert Bands(0).count(0) == 0


def test_a_percentage_that_would_give_a_small_count_away_is_left_out():
    bands = Bands(10)
    assert bands.percent(3, 40) is None  # the part is small
    assert bands.percent(37, 40) is None  # the rest is small
    assert bands.percent(20, 9) is None  # the whole is small
    assert bands.percent(20, 40) == 50
    assert Bands(0).percent(1, 3) == 33


def test_no_published_count_is_below_the_threshold(db, clock, settings):
    settings.LERQ_REPORT_BAND_THRESHOLD = 10
    requests_from_new_zealand(7, 2026)
    published = report_publish(report_figures(H1))
    small = [(path, n) for path, n in counts(published) if n < 10]
    assert small == []
    assert published["totals"]["requests"] == "0-9"
    assert published["by_country"][0]["requests"] == "0-9"


def test_the_raw_number_appears_in_no_format(db, clock, settings):
    settings.LERQ_REPORT_BAND_THRESHOLD = 10
    requests_from_new_zealand(7, 2026)
    published = report_publish(report_figures(H1))
    html = report_html(published)
    text_of_page = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(published))).pages)
    for name, text in [
        ("json", report_json(published)),
        ("csv", report_csv(published)),
        ("html", text_of_page),
        ("pdf", pdf_text),
    ]:
        assert not SEVEN.search(text), f"7 appears in the {name}"
    assert "0-9" in pdf_text and "0-9" in report_csv(published)


def test_seven_requests_and_three_publish_the_same_figures_and_charts(db, clock, settings):
    """What a band hides cannot leak through the charts: they are drawn from the bands."""
    settings.LERQ_REPORT_BAND_THRESHOLD = 10
    requests_from_new_zealand(7, 2026)
    requests_from_new_zealand(3, 2024)
    seven = report_publish(report_figures(H1))
    three = report_publish(report_figures(Half(2024, 1)))
    for key in ("totals", "by_country", "by_kind", "emergencies", "rejections", "notices"):
        assert seven[key] == three[key]
    assert report_charts(seven)["by_country"] == report_charts(three)["by_country"]
    assert report_charts(seven)["by_kind"] == report_charts(three)["by_kind"]

    def rows(published):
        return [row[1:] for row in csv.reader(io.StringIO(report_csv(published)))]

    assert rows(seven) == rows(three)


def test_a_threshold_of_zero_publishes_every_count(db, clock, settings):
    settings.LERQ_REPORT_BAND_THRESHOLD = 0
    requests_from_new_zealand(7, 2026)
    published = json.loads(report_json(report_publish(report_figures(H1))))
    assert published["totals"]["requests"] == 7
    assert published["band"] is None
