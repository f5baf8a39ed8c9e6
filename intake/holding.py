"""Holding a message for a clerk: routing's decision that a person must route it.

A message is held (outcome ``held``, on the needs-routing page) when its sender is
authenticated but off the government list (``hold_unlisted``), when it names a reference that
is no request of ours (``hold_unknown_reference``), or when no request can be read from it
(``hold``). Each returns the held IngestResult; one that claims a danger of death or serious
injury gets the emergency clock in the same transaction (intake/held_clock.py). What a clerk
then does with a held message is intake/held.py (and intake/unlisted.py for its sender).
"""

from __future__ import annotations

from collections.abc import Callable

from intake import held_clock
from intake.extraction import Extraction
from intake.models import InboundMessage, Outcome
from intake.outcome import IngestResult, clean, finish, result
from intake.parsing import ParsedMessage
from intake.senders import SenderCheck

REASON_UNKNOWN_REFERENCE = "The message names {reference}, which is no request of ours."


def hold_unlisted(
    message: InboundMessage, check: SenderCheck, parsed: ParsedMessage
) -> IngestResult:
    """Authenticated for its own domain, not on the government list: kept whole (no files
    stored yet) for a person to decide (intake/unlisted.py). No sender history: that history
    is of government senders, and this one is not one yet. An emergency gets its clock here
    too: a real police force off the list must not wait unseen."""
    code = str(check.refusal)
    reasons = [code, *(clean(r) for r in check.reasons)]
    reasons, start = _held_clock(message, reasons, parsed=parsed)
    finish(message, Outcome.HELD, reasons=reasons, unlisted_domain=check.domain or "", then=start)
    return result(message, Outcome.HELD, reasons=reasons)


def _held_clock(
    message: InboundMessage,
    reasons: list[str],
    *,
    parsed: ParsedMessage,
    extraction: Extraction | None = None,
) -> tuple[list[str], Callable[[], None] | None]:
    """A held message that claims a danger of death or serious injury gets the emergency clock
    in the transaction that holds it (intake/held_clock.py): the reasons say so."""
    text = f"{parsed.subject}\n{parsed.text}"
    if not held_clock.claims_danger(extraction=extraction, text=text):
        return reasons, None
    timers = held_clock.held_clock_timers(received_at=message.received_at)

    def start() -> None:
        held_clock.held_clock_start(message=message, timers=timers)

    return [held_clock.held_clock_reason(timers), *reasons], start


def hold(
    message: InboundMessage,
    reasons: list[str],
    *,
    sender: str | None,
    parsed: ParsedMessage,
    extraction: Extraction | None = None,
) -> IngestResult:
    """Held for a clerk. One that claims a danger of death or serious injury gets the
    emergency clock in the same transaction (intake/held_clock.py): held or not, an emergency
    is acknowledged and escalated as one."""
    reasons, start = _held_clock(message, reasons, parsed=parsed, extraction=extraction)
    finish(message, Outcome.HELD, reasons=reasons, sender=sender, then=start)
    return result(message, Outcome.HELD, reasons=reasons)


def hold_unknown_reference(
    message: InboundMessage,
    parsed: ParsedMessage,
    reasons: list[str],
    *,
    sender: str | None,
    reference: str,
) -> IngestResult:
    """It names a reference that is no request of ours: held unread for a clerk."""
    reason = REASON_UNKNOWN_REFERENCE.format(reference=reference)
    # Held unread: what could not be read of it (a header cut, a part decoded leniently)
    # is said here, as the extraction's reasons are on every other hold.
    read = [clean(r) for r in parsed.reasons]
    return hold(message, [*reasons, reason, *read], sender=sender, parsed=parsed)
