"""The report's charts, drawn on the server as SVG with matplotlib.

They are drawn from the *published* figures (triage/reports/present.py), so a banded count is
drawn as a hatched bar covering its whole range, never at its real height. The output is
byte-stable (same figures, same bytes): a fixed ``svg.hashsalt`` for the ids and no date in
the metadata. matplotlib is imported only when a chart is drawn, never at Django start-up, and
no pyplot: a bare Figure has no global state, so threads cannot trip over each other.
"""

import io
import re
from collections.abc import Sequence

Count = int | str

INK = "#1d2330"
BAR = "#1f5fbf"
SECOND = "#8fb0e0"
SIZE = (6.4, 2.8)  # inches


def _band_top(value: Count) -> int | None:
    """The upper end of a band such as "0-9", or None for an exact count."""
    if isinstance(value, int):
        return None
    return int(str(value).split("-", 1)[1])


def _svg(figure, name: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "lerq-report", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches=None)
    svg = buffer.getvalue()
    # Inline in HTML: drop the XML declaration and DOCTYPE, and give every id the chart's
    # name, or the three charts of one page would share ids (and each other's clip paths).
    return _prefix_ids(svg[svg.index("<svg") :], name)


def _prefix_ids(svg: str, prefix: str) -> str:
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg

    def rename(match: re.Match[str]) -> str:
        lead, name = match.group(1), match.group(2)
        return f"{lead}{prefix}-{name}" if name in ids else match.group(0)

    return re.sub(r'(\bid="|#)([A-Za-z_][\w.\-]*)', rename, svg)


def _figure():
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=72)
    # Fixed margins: a layout engine would cost three times the drawing itself.
    figure.subplots_adjust(left=0.09, right=0.97, bottom=0.14, top=0.88)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=INK, labelsize=9)
    return figure, axes


def _bars(axes, positions: Sequence[float], values: Sequence[Count], *, color: str, width: float):
    for x, value in zip(positions, values, strict=True):
        top = _band_top(value)
        if top is None:
            axes.bar(x, value, width=width, color=color)
            axes.annotate(str(value), (x, value), ha="center", va="bottom", fontsize=8, color=INK)
        else:
            axes.bar(x, top, width=width, color="white", edgecolor=color, hatch="///", lw=0.8)
            axes.annotate(str(value), (x, top), ha="center", va="bottom", fontsize=8, color=INK)


def bar_chart(name: str, title: str, labels: Sequence[str], values: Sequence[Count]) -> str:
    """One bar per label; a band is a hatched bar over its whole range."""
    figure, axes = _figure()
    positions = list(range(len(labels)))
    _bars(axes, positions, values, color=BAR, width=0.6)
    axes.set_title(title, fontsize=11, color=INK, loc="left")
    if len(labels) > 6:
        figure.subplots_adjust(bottom=0.36)
    axes.set_xticks(
        positions,
        labels,
        rotation=30 if len(labels) > 6 else 0,
        ha="right" if len(labels) > 6 else "center",
    )
    axes.set_ylabel("requests", fontsize=8, color=INK)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(bottom=0)
    if not labels:
        axes.text(0.5, 0.5, "no requests", ha="center", va="center", transform=axes.transAxes)
    return _svg(figure, name)


def trend_chart(
    periods: Sequence[str], requests: Sequence[Count], disclosed: Sequence[Count]
) -> str:
    """Requests and requests with some data produced, half by half."""
    figure, axes = _figure()
    positions = list(range(len(periods)))
    _bars(axes, [x - 0.2 for x in positions], requests, color=BAR, width=0.38)
    _bars(axes, [x + 0.2 for x in positions], disclosed, color=SECOND, width=0.38)
    axes.set_title("Requests by half year", fontsize=11, color=INK, loc="left")
    figure.subplots_adjust(right=0.74)
    axes.set_xticks(positions, periods)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(bottom=0)
    from matplotlib.patches import Patch

    axes.legend(
        handles=[
            Patch(color=BAR, label="requests"),
            Patch(color=SECOND, label="some data produced"),
        ],
        fontsize=7,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    return _svg(figure, "trend")


def report_charts(published: dict) -> dict[str, str]:
    """The three charts of a published report, as inline SVG strings."""
    countries = published["by_country"]
    kinds = [k for k in published["by_kind"] if k["requests"] != 0]
    trend = published["trend"]
    return {
        "by_country": bar_chart(
            "by-country",
            "Requests by country",
            [c["label"] for c in countries],
            [c["requests"] for c in countries],
        ),
        "by_kind": bar_chart(
            "by-kind",
            "Requests by legal process",
            [k["label"] for k in kinds],
            [k["requests"] for k in kinds],
        ),
        "trend": trend_chart(
            [t["period"] for t in trend],
            [t["requests"] for t in trend],
            [t["some_data_produced"] for t in trend],
        ),
    }
