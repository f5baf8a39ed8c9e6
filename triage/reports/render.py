"""The published report in each format: JSON, CSV, HTML (with inline SVG charts) and PDF.

Every renderer reads the published figures (triage/reports/present.py), never the raw ones.
"""

import base64
import csv
import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from triage.reports.charts import report_charts

FORMATS = ("json", "csv", "html", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}

# The column layout of the big platforms' public CSVs: a row per country, then per kind of
# legal process, then the total; preservations in rows of their own, outside the total.
CSV_COLUMNS = (
    "Period",
    "Country",
    "Legal Process",
    "Requests",
    "Accounts",
    "Percentage with some data produced",
    "Content",
    "Non-content",
    "No data found",
    "Rejected",
    "Lapsed",
    "Pending",
)
_ROW_KEYS = (
    "requests",
    "accounts",
    "some_data_produced_percent",
    "content",
    "non_content",
    "no_data_found",
    "rejected",
    "lapsed",
    "pending",
)
ALL = "All"


def report_json(published: dict[str, Any]) -> str:
    return json.dumps(published, indent=2, ensure_ascii=False) + "\n"


def report_csv(published: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    period = published["period"]

    def cells(row: dict[str, Any]) -> list[Any]:
        return ["" if row[k] is None else row[k] for k in _ROW_KEYS]

    for row in published["by_country"]:
        writer.writerow([period, row["label"], ALL, *cells(row)])
    for row in published["by_kind"]:
        writer.writerow([period, ALL, row["label"], *cells(row)])
    writer.writerow([period, ALL, ALL, *cells(published["totals"])])
    p = published["preservations"]
    blank = [""] * (len(_ROW_KEYS) - 2)
    writer.writerow(
        [period, ALL, "Preservation (not in total)", p["requests"], p["accounts"], *blank]
    )
    writer.writerow(
        [
            period,
            ALL,
            "Preservation extension (not in total)",
            p["extensions"],
            p["extension_accounts"],
            *blank,
        ]
    )
    return out.getvalue()


def report_context(published: dict[str, Any]) -> dict[str, Any]:
    """What the HTML templates need: the published figures and the charts (our own SVG)."""
    charts = {name: mark_safe(svg) for name, svg in report_charts(published).items()}  # noqa: S308
    return {"report": published, "charts": charts, "charted": report_has_requests(published)}


def report_has_requests(published: dict[str, Any]) -> bool:
    """False only when the half is known to be empty: every count an exact 0 (a band such as
    "0-9" may hide some). An empty half has nothing to chart: the page says so instead."""
    p = published["preservations"]
    counts = (published["totals"]["requests"], p["requests"], p["extensions"])
    return any(n != 0 for n in counts)


CHART_TITLES = {
    "by_country": "Requests by country",
    "by_kind": "Requests by legal process",
    "trend": "Requests by half year",
}


def report_page_context(published: dict[str, Any]) -> dict[str, Any]:
    """``report_context`` for the web page: each chart an image of its SVG. matplotlib's SVG
    styles itself with style attributes, which the page's Content-Security-Policy refuses
    inline; an image is its own document, where they apply."""
    context = report_context(published)
    context["charts"] = {
        name: format_html(
            '<img class="chart-image" alt="{}" src="data:image/svg+xml;base64,{}">',
            CHART_TITLES.get(name, name),
            base64.b64encode(str(svg).encode()).decode(),
        )
        for name, svg in context["charts"].items()
    }
    return context


def report_html(published: dict[str, Any]) -> str:
    """A standalone HTML document (what the PDF is made from)."""
    return render_to_string("reports/document.html", report_context(published))


def report_pdf(published: dict[str, Any]) -> bytes:
    # WeasyPrint only through the letters' renderer: it loads nothing but our static files.
    from triage.letters.render import html_to_pdf

    with _quiet_svg_styles():
        return html_to_pdf(report_html(published))


class _SvgStyleNoise(logging.Filter):
    """WeasyPrint reads the style attributes of inline SVG twice: as SVG, which draws them,
    and as HTML CSS, which warns about each `fill:` and `stroke:` it does not know (hundreds of
    lines a report). Only those warnings are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Ignored `") and "unknown property" in message)


@contextmanager
def _quiet_svg_styles() -> Iterator[None]:
    weasyprint_log = logging.getLogger("weasyprint")
    noise = _SvgStyleNoise()
    weasyprint_log.addFilter(noise)
    try:
        yield
    finally:
        weasyprint_log.removeFilter(noise)


def report_render(published: dict[str, Any], fmt: str) -> bytes:
    if fmt == "pdf":
        return report_pdf(published)
    if fmt == "html":
        return report_html(published).encode()
    if fmt == "csv":
        return report_csv(published).encode()
    if fmt == "json":
        return report_json(published).encode()
    raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")
