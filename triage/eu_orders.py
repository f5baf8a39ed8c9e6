"""The timers and rules of Regulation (EU) 2023/1543 (European Production and Preservation
Orders). Pure: no ORM, no clock, no settings; callers pass the time and the team's zone.

Each function returns the due time in UTC and its basis (triage/deadlines.py), naming the
Article, so a lawyer can show how a date was reached.

Periods in days are counted as calendar days at the same wall-clock time in the team's zone
(received at 15:00, due at 15:00 ten days later, across a daylight-saving change too). That is
the earlier of the readings: Regulation 1182/71 would end the period at midnight of the tenth
day. Hours are elapsed hours (8 hours after 22:00 is 06:00, 7 or 9 on the clock across a
change of the clocks).
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from triage import deadlines as dl

Basis = dl.Basis

PRODUCTION_DAYS = 10  # Article 10(3)
EMERGENCY_HOURS = 8  # Article 10(4)
ENFORCING_DAYS = 10  # Article 10(2)
ENFORCING_EMERGENCY_HOURS = 96  # Article 10(4)
PRESERVATION_DAYS = 60  # Article 11(1)
PRESERVATION_EXTENSION_DAYS = 30  # Article 11(1), Annex VI

# Article 8(1): the categories whose EPOC the issuing authority notifies to the enforcing
# authority (traffic data not asked only to identify the user, and content data).
NOTIFIED_CATEGORIES = frozenset({"traffic", "content"})  # DataCategory values


def _article(basis: Basis, article: str) -> Basis:
    return {**basis, "article": f"Regulation (EU) 2023/1543, {article}"}


def production_due(
    received_at: datetime, *, emergency: bool, tz: ZoneInfo
) -> tuple[datetime, Basis]:
    """When the data must reach the issuing authority: 8 hours after receipt in an emergency,
    else 10 days (Article 10(3), (4)); with the enforcing authority notified, not before the
    end of its window either (enforcing_window_end)."""
    if emergency:
        due, basis = dl.add_minutes(
            received_at, EMERGENCY_HOURS * 60, "emergency EPOC: produce within 8 hours of receipt"
        )
        return due, _article(basis, "Article 10(4)")
    due, basis = dl.add_calendar_days(
        received_at, PRODUCTION_DAYS, tz, "EPOC: produce within 10 days of receipt"
    )
    return due, _article(basis, "Article 10(2), (3)")


def enforcing_window_end(
    received_at: datetime, *, emergency: bool, tz: ZoneInfo
) -> tuple[datetime, Basis]:
    """The end of the enforcing authority's window to raise a ground for refusal (Article 12).

    Outside an emergency the notification suspends the execution (Article 8(4)): the data go
    out at the end of the 10 days, not before (Article 10(2)). In an emergency it does not: the
    data go out within 8 hours, and the enforcing authority may object within 96 hours of its
    notification (Article 10(4)), after which the issuing authority deletes or restricts what
    it received; the window is counted from our receipt (the EPOC reaches both at the same
    time, Article 8(1))."""
    if emergency:
        due, basis = dl.add_minutes(
            received_at,
            ENFORCING_EMERGENCY_HOURS * 60,
            "emergency EPOC: the enforcing authority may object within 96 hours; the "
            "execution is not suspended",
        )
        return due, _article(basis, "Articles 8(4), 10(4)")
    due, basis = dl.add_calendar_days(
        received_at,
        ENFORCING_DAYS,
        tz,
        "EPOC notified to the enforcing authority: the data go out at the end of its 10 days",
    )
    return due, _article(basis, "Articles 8(4), 10(2)")


def enforcing_window_suspends(*, notified: bool, emergency: bool) -> bool:
    """Whether the enforcing authority's window holds back the disclosure (Article 8(4))."""
    return notified and not emergency


def preservation_end(received_at: datetime, *, tz: ZoneInfo) -> tuple[datetime, Basis]:
    """The obligation to preserve ceases 60 days after receipt (Article 11(1))."""
    due, basis = dl.add_calendar_days(
        received_at,
        PRESERVATION_DAYS,
        tz,
        "EPOC-PR: the obligation to preserve ceases after 60 days unless a subsequent "
        "request for production is confirmed (Annex V)",
    )
    return due, _article(basis, "Article 11(1)")


def preservation_extended_end(ends_at: datetime, *, tz: ZoneInfo) -> tuple[datetime, Basis]:
    """Annex VI extends the preservation once, by an additional 30 days (Article 11(1))."""
    due, basis = dl.add_calendar_days(
        ends_at,
        PRESERVATION_EXTENSION_DAYS,
        tz,
        "EPOC-PR extended by the issuing authority (Annex VI): an additional 30 days",
    )
    return due, _article(basis, "Article 11(1), Annex VI")


def notification_expected(categories: Iterable[str]) -> bool:
    """Whether the EPOC's categories are those Article 8(1) has notified (the issuing authority
    may still not notify under Article 8(2): the certificate says which)."""
    return bool(NOTIFIED_CATEGORIES & set(categories))
