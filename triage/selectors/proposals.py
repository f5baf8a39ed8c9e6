"""What the request page shows of the details proposed from the agency's answer."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from triage.models import FieldProposal, ProposedField, Request


@dataclass(frozen=True)
class ProposalRow:
    proposal: FieldProposal
    label: str
    current: str  # the request's value now, as text ("" when empty)
    proposed: str  # the value proposed, as text


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):  # targets: each row's type and identifiers
        return "; ".join(
            f"{row.get('type')}: " + ", ".join(str(v) for k, v in row.items() if k != "type")
            for row in value
        )
    return str(value or "")


def proposal_rows_for_request(*, request: Request) -> list[ProposalRow]:
    """The undecided proposals beside the current values (prefetched by the page's
    ``request_get_for_page`` when it is given ``pending_proposals``; else one query)."""
    pending = getattr(request, "pending_proposals", None)
    if pending is None:
        pending = list(FieldProposal.objects.filter(request=request, decided_at=None))
    rows = []
    for p in pending:
        if p.field == ProposedField.TARGETS:
            current = f"{len(request.targets.all())} named"
        else:
            current = _text(getattr(request, p.field))
        rows.append(ProposalRow(p, p.get_field_display(), current, _text(p.value)))
    return rows
