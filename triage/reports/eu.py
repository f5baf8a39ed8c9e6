"""EU orders in the transparency report (Regulation (EU) 2023/1543): counted apart from every
other request and from every total, by issuing State and by category of data, as Article 28
has the Member States count them (by the kind of data and by the situation, emergency or not).

A request naming several categories counts once under each, so the categories do not add up to
the orders; the States do.
"""

from dataclasses import dataclass, field

from triage.models.choices import DataCategory, Kind


@dataclass
class EuRecord:
    kind: str
    state: str
    categories: tuple[str, ...]
    emergency: bool


@dataclass
class EuOrders:
    production_orders: int = 0
    preservation_orders: int = 0
    emergencies: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DataCategory, 0))


def eu_orders_count(records: list[EuRecord]) -> EuOrders:
    found = EuOrders()
    for r in records:
        if r.kind == Kind.EU_PRODUCTION_ORDER:
            found.production_orders += 1
            found.emergencies += r.emergency
        else:
            found.preservation_orders += 1
        found.by_state[r.state] = found.by_state.get(r.state, 0) + 1
        for category in r.categories:
            if category in found.by_category:
                found.by_category[category] += 1
    found.by_state = dict(sorted(found.by_state.items(), key=lambda i: (-i[1], i[0] == "", i[0])))
    return found
