"""What may be published: the figures with small counts turned into bands.

A count below the threshold (``LERQ_REPORT_BAND_THRESHOLD``, default 10) is published as the
band ``0-9`` (``0-{threshold - 1}``), as the big platforms publish small numbers in ranges, so
that a count of one or two cannot point at a person. The raw number never leaves this module
when it is below the threshold: every renderer (JSON, CSV, HTML, PDF, charts) reads only what
``report_publish`` returns. A percentage is published only when the requests it is a share of,
and both the part and the rest, are at or above the threshold (otherwise it would give the
small count away); a threshold of 0 turns banding off.
"""

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.utils import timezone

from triage.models.choices import DataCategory
from triage.reports.figures import CONTENT_KINDS, Figures, Row
from triage.reports.periods import Half

Count = int | str  # an exact count, or a band such as "0-9"


class Bands:
    def __init__(self, threshold: int) -> None:
        self.threshold = max(0, int(threshold))

    @property
    def band(self) -> str:
        return f"0-{self.threshold - 1}"

    def is_small(self, n: int) -> bool:
        return n < self.threshold

    def count(self, n: int) -> Count:
        return self.band if self.is_small(n) else n

    def percent(self, part: int, whole: int) -> int | None:
        if whole <= 0 or self.is_small(whole) or self.is_small(part):
            return None
        if self.is_small(whole - part):
            return None
        return round(100 * part / whole)


def report_publish(figures: Figures, *, threshold: int | None = None) -> dict[str, Any]:
    """The report as published, in every format: plain data (JSON-serialisable)."""
    if threshold is None:
        threshold = settings.LERQ_REPORT_BAND_THRESHOLD
    b = Bands(threshold)
    half = figures.half
    zone = timezone.get_current_timezone()
    e, p = figures.emergencies, figures.preservations
    return {
        "period": str(half),
        "first_day": half.first_day.isoformat(),
        "last_day": half.last_day.isoformat(),
        "label": half.label,
        "complete": figures.generated_at.astimezone(zone).date() > half.last_day,
        "time_zone": str(zone),
        "generated_at": figures.generated_at.astimezone(zone).isoformat(timespec="seconds"),
        "band_threshold": b.threshold,
        "band": b.band if b.threshold else None,
        "totals": _row(b, figures.total, "key"),
        "by_country": [_row(b, r, "country") for r in figures.by_country],
        "by_kind": [_row(b, r, "kind") for r in figures.by_kind],
        "emergencies": {
            "requests": b.count(e.requests),
            "accounts": b.count(e.accounts),
            "granted": b.count(e.disclosed),
            "granted_percent": b.percent(e.disclosed, e.requests),
        },
        "preservations": {k: b.count(v) for k, v in asdict(p).items()},
        "rejections": {
            "requests": b.count(figures.rejected_requests),
            "by_reason": [
                {"code": code, "label": label, "requests": b.count(n)}
                for code, label, n in figures.rejections_by_reason
            ],
        },
        "notices": {
            "delayed_by_nondisclosure_order": b.count(figures.notices_delayed),
            "not_permitted": b.count(figures.notices_not_permitted),
        },
        "trend": [
            {
                "period": str(t.half),
                "requests": b.count(t.requests),
                "some_data_produced": b.count(t.disclosed),
                "some_data_produced_percent": b.percent(t.disclosed, t.requests),
            }
            for t in figures.trend
        ],
        "eu_orders": _eu_orders(b, figures),
        "notes": notes(half, b),
    }


def _eu_orders(b: Bands, figures: Figures) -> dict[str, Any]:
    """Regulation (EU) 2023/1543 orders, apart from everything else (triage/reports/eu.py)."""
    eu = figures.eu_orders
    labels = dict(DataCategory.choices)
    return {
        "production_orders": b.count(eu.production_orders),
        "preservation_orders": b.count(eu.preservation_orders),
        "emergencies": b.count(eu.emergencies),
        "by_issuing_state": [
            {"state": state, "label": state or "Unknown", "orders": b.count(n)}
            for state, n in eu.by_state.items()
        ],
        "by_data_category": [
            {"category": str(c), "label": str(labels[c]), "orders": b.count(n)}
            for c, n in eu.by_category.items()
        ],
    }


def _row(b: Bands, row: Row, key_name: str) -> dict[str, Any]:
    published: dict[str, Any] = {}
    if key_name != "key":
        published[key_name] = row.key
        published["label"] = row.label
    o = row.outcomes
    published.update(
        requests=b.count(row.requests),
        accounts=b.count(row.accounts),
        some_data_produced=b.count(row.disclosed),
        some_data_produced_percent=b.percent(row.disclosed, row.requests),
        content=b.count(o["content"]),
        non_content=b.count(o["non_content"]),
        no_data_found=b.count(o["no_data"]),
        rejected=b.count(o["rejected"]),
        lapsed=b.count(o["lapsed"]),
        pending=b.count(o["pending"]),
    )
    return published


def notes(half: Half, b: Bands) -> list[str]:
    content = ", ".join(sorted(str(k.label).lower() for k in CONTENT_KINDS))
    said = [
        f"Requests received from {half.first_day:%-d %B %Y} to {half.last_day:%-d %B %Y} "
        "(the date our mail server or the post received them, in the team's time zone). "
        "Outcomes are those recorded when this report was made.",
        "Preservation requests and their extensions are reported apart and left out of "
        "every total: they ask to keep data, not to hand it over.",
        "Accounts are the users, accounts and meetings each request names; one named by two "
        "requests counts twice.",
        f"Content: some data produced under a {content}, the only legal process under which "
        "content is produced. Non-content: some data produced under any other process "
        "(subpoena, court order, emergency, international, consent). No data found: rejected "
        "only because no data was held. Rejected: did not meet the legal requirements "
        "(any other reason). Lapsed: closed because the agency never supplied what was "
        "missing. Pending: not answered yet.",
        "Emergencies are counted in the totals too; granted means some data was produced.",
        "A request rejected for several reasons counts once under each of them; rejected "
        "preservations are not among them (preservations are apart from every total).",
        "Notices delayed: requests whose user notice was delayed by a non-disclosure order.",
        "European Production and Preservation Orders (Regulation (EU) 2023/1543) are counted "
        "apart, by issuing State and by category of data, and left out of every other figure; "
        "an order naming several categories counts once under each.",
    ]
    if b.threshold:
        said.append(
            f"Counts below {b.threshold} are shown as the range {b.band}; a percentage is "
            "left out when it would give such a count away."
        )
    return said
