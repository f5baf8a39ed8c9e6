"""What a person may do on a request now, and why not the rest.

The request page offers exactly the transitions of the request's current state (status and
user notice) whose conditions hold and whose permission lets the person in; every other
transition of that state is listed with why: the conditions' own sentences, the role it needs,
and the moment that will change it where time alone will (triage/models/conditions.py). Each
condition is asked once per page, so the list costs no more queries than the buttons did.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from triage.models import Request
from triage.models.conditions import permission_why

# The two state machines of a request, in the order their buttons are shown.
FIELDS = ("status", "notice")


@dataclass(frozen=True)
class Reason:
    sentence: str
    waits_for: str = ""  # "the objection window ending"
    until: datetime | None = None

    @property
    def until_text(self) -> str:
        """``14 Dec 09:00`` in the team's time zone (with the year when it is not this one)."""
        if self.until is None:
            return ""
        zone = ZoneInfo(settings.TIME_ZONE)
        at = timezone.localtime(self.until, zone)
        year = "" if at.year == timezone.localtime(timezone.now(), zone).year else f" {at.year}"
        return f"{at.day} {at:%b}{year} {at:%H:%M}"


@dataclass(frozen=True)
class Blocked:
    name: str
    label: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Transitions:
    available: list[Any]  # django_fsm Transition objects, as get_available_user_*_transitions
    blocked: list[Blocked]


def _reason(sentence: str, when: tuple[str, datetime] | None) -> Reason:
    return Reason(sentence, *when) if when else Reason(sentence)


def _unmet(condition: Any, request: Request) -> Reason:
    when = getattr(condition, "when", None)
    return _reason(getattr(condition, "message", condition.__name__), when and when(request))


def transition_list_for_person(
    *, request: Request, user: Any, hidden: Collection[str] = ()
) -> Transitions:
    """The transitions of ``request``'s current states that ``user`` may take now, and the
    others with their reasons; ``hidden``: transitions that have no button (never listed)."""
    met: dict[Any, bool] = {}  # a condition shared by two transitions is asked once

    def holds(condition: Any) -> bool:
        if condition not in met:
            met[condition] = bool(condition(request))
        return met[condition]

    available, blocked = [], []
    for field_name in FIELDS:
        field = Request._meta.get_field(field_name)
        state = getattr(request, field_name)
        for method in field.transitions[Request].values():  # type: ignore[attr-defined]
            transition = method._django_fsm.get_transition(state)
            if transition is None or transition.name in hidden:
                continue
            failed = [c for c in transition.conditions if not holds(c)]
            role = permission_why(request, transition, user)
            if not failed and not role:
                available.append(transition)
                continue
            if any(c.not_for(request) for c in failed if hasattr(c, "not_for")):
                continue  # never for a request of this kind: not something it waits for
            reasons = [_reason(*why) for why in role] + [_unmet(c, request) for c in failed]
            label = transition.custom.get("label", transition.name)
            blocked.append(Blocked(transition.name, label, tuple(reasons)))
    return Transitions(available, blocked)
