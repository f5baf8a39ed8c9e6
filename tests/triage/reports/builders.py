"""A known set of requests, made through the services, spread over halves, countries, kinds
and outcomes, and the figures it must give (by hand, not by the code under test).

Not a test module: the report tests import from it.
"""

from datetime import UTC, datetime

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    approved,
    called_back,
    fresh,
    validated_extension,
    with_notice,
)
from triage import services
from triage.models import Kind, Notice, Request

# The tests run with the clock here: 2026H1 is complete, 2026H2 under way.
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=UTC)


def at(month: int, day: int, year: int = 2026) -> dict:
    return {"received_at": datetime(year, month, day, 9, 0, tzinfo=UTC)}


def email(*names: str) -> dict:
    return {"targets": [{"type": "user", "email": f"{n}@example.com"} for n in names]}


def disclosed(kind: str = Kind.SUBPOENA, **fields) -> Request:
    r = approved(kind, produced=True, **fields)
    if kind != Kind.EMERGENCY:  # an emergency discloses before the user is told
        r = with_notice(r, Notice.NOT_REQUIRED)
    else:  # and only once the agency was called back on a number it published
        r = called_back(r)
    return fresh(services.request_disclose(request=r, by=None))


def rejected(reasons: list[str], kind: str = Kind.SUBPOENA, **fields) -> Request:
    r = request_in("received", kind, **fields)
    return fresh(services.request_reject(request=r, by=None, reasons=reasons))


def lapsed(kind: str = Kind.SUBPOENA, **fields) -> Request:
    r = request_in("needs_info", kind, **fields)
    return fresh(services.request_lapse(request=r, by=None, reason="the agency never answered"))


def known_requests() -> None:
    """The data set of EXPECTED_2026H1 (and one request in each neighbouring half)."""
    us, fr, de, gb = {"country": "US"}, {"country": "FR"}, {"country": "DE"}, {"country": "GB"}
    # 2026H1, United States: 7 requests, 8 accounts.
    d = disclosed(Kind.SUBPOENA, **us, **at(2, 10), **email("a", "b", "a"))  # a named twice
    services.request_close(request=d, by=None)  # closed after disclosure: still disclosed
    disclosed(Kind.SEARCH_WARRANT, **us, **at(3, 1), **email("c"))
    rejected(["overbroad"], **us, **at(3, 2), **email("d"))
    rejected(["no_data"], **us, **at(3, 3), **email("e"))
    disclosed(Kind.EMERGENCY, **us, **at(4, 4), **email("f"))
    request_in("in_review", Kind.EMERGENCY, **us, **at(4, 5), **email("g"))
    with_notice(
        request_in("in_review", Kind.COURT_ORDER, **us, **at(5, 6), **email("h")), Notice.DELAYED
    )
    # 2026H1, France: 3 requests, 3 accounts.
    lapsed(Kind.INTERNATIONAL, **fr, **at(1, 15), **email("i"))
    rejected(["not_in_english", "overbroad"], **fr, **at(2, 20), **email("j"))
    rejected(["no_capability"], Kind.INTERCEPTION, **fr, **at(6, 29), **email("k"))
    # 2026H1, no country recorded: 1 request.
    open_request(Kind.USER_CONSENT, country="", **at(6, 1), **email("l"))
    # 2026H1 preservations, outside the totals: 2 requests (3 accounts), 1 extension.
    held = request_in("preserved", Kind.PRESERVATION, **de, **at(2, 1), **email("m", "n"))
    validated_extension(held, **de, **at(4, 25), **email("m"))
    request_in("received", Kind.PRESERVATION, **gb, **at(3, 9), **email("o"))
    # Neighbouring halves.
    disclosed(Kind.SUBPOENA, **us, **at(11, 2, 2025), **email("p"))  # 2025H2
    request_in("in_review", Kind.SUBPOENA, **gb, **at(7, 20), **email("q"))  # 2026H2


EXPECTED_2026H1 = {
    "total": 11,
    "accounts": 12,
    "by_country": {"US": 7, "FR": 3, "": 1},
    "accounts_by_country": {"US": 8, "FR": 3, "": 1},
    "by_kind": {
        Kind.SUBPOENA: 4,
        Kind.SEARCH_WARRANT: 1,
        Kind.EMERGENCY: 2,
        Kind.COURT_ORDER: 1,
        Kind.INTERNATIONAL: 1,
        Kind.INTERCEPTION: 1,
        Kind.USER_CONSENT: 1,
    },
    "outcomes": {
        "content": 1,
        "non_content": 2,
        "no_data": 1,
        "rejected": 3,
        "lapsed": 1,
        "pending": 3,
    },
    "emergencies": 2,
    "emergencies_granted": 1,
    "preservations": {"requests": 2, "accounts": 3, "extensions": 1, "extension_accounts": 1},
    "reasons": {"overbroad": 2, "no_data": 1, "not_in_english": 1, "no_capability": 1},
    "notices_delayed": 1,
    "trend": {"2024H2": (0, 0), "2025H1": (0, 0), "2025H2": (1, 1), "2026H1": (11, 3)},
}
