"""Which targets the reader found may go on a request: ``targets_accepted`` returns the rows
``Target.full_clean`` accepts, and a sentence for each one left out (the request still opens).

Its own module because four stages take targets from a reading: routing's opening
(intake/opening.py), a clerk's open of a held message (intake/held.py), a letter entered by
hand (intake/manual.py) and an agency's answer (intake/answers.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from triage.models import Target

REASON_TARGET_DROPPED = "A {type} target was left out: {error}"
_TARGET_FIELDS = frozenset(
    {"type", "user_id", "email", "ip", "account_number", "meeting_id", "host_email", "url"}
)


def targets_accepted(found: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Target rows Target.full_clean accepts; a sentence for each one left out."""
    kept, dropped = [], []
    for item in found:
        row = {k: v for k, v in item.items() if k in _TARGET_FIELDS and v}
        row["meeting_time"] = _aware(item.get("meeting_time"))
        try:
            Target(**row).full_clean(exclude=["request"])
        except (ValidationError, TypeError, ValueError) as error:
            messages = getattr(error, "messages", [str(error)])
            dropped.append(REASON_TARGET_DROPPED.format(type=item.get("type"), error=messages))
            continue
        kept.append(row)
    return kept, dropped


def _aware(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        found = value if isinstance(value, datetime) else parse_datetime(str(value))
    except ValueError:
        return None
    if found is not None and timezone.is_naive(found):
        found = found.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return found
