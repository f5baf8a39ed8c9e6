"""Charts are SVG drawn on the server: the same figures give the same bytes, and matplotlib is
not loaded when Django starts."""

import subprocess
import sys

from triage.reports import Half, report_figures, report_publish
from triage.reports.charts import bar_chart, report_charts, trend_chart


def test_the_same_figures_give_the_same_bytes(known):
    published = report_publish(report_figures(Half(2026, 1)), threshold=3)
    first, second = report_charts(published), report_charts(published)
    assert first == second
    for svg in first.values():
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
        assert "<dc:date>" not in svg


def test_different_figures_give_different_charts():
    assert bar_chart("c", "t", ["US", "FR"], [12, 30]) != bar_chart(
        "c", "t", ["US", "FR"], [12, 31]
    )


def test_a_band_is_drawn_hatched_and_labelled_with_its_range():
    svg = bar_chart("c", "Requests by country", ["US", "NZ"], [40, "0-9"])
    assert "0-9" in svg and "<pattern" in svg  # the hatch
    assert ">40<" in svg


def test_the_charts_of_one_page_share_no_ids():
    import re

    charts = [
        bar_chart("by-country", "t", ["US"], [40]),
        bar_chart("by-kind", "t", ["US"], [40]),
        trend_chart(["2026H1"], [40], [12]),
    ]
    ids = [i for svg in charts for i in re.findall(r'\bid="([^"]+)"', svg)]
    assert len(ids) == len(set(ids))


def test_matplotlib_is_not_imported_when_django_starts():
    code = (
        "import sys, django; django.setup();"
        "from django.urls import resolve; resolve('/reports/transparency/');"
        "import triage.reports;"
        "print('matplotlib' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "False", done.stderr
