"""How an answer to an agency leaves: the seam for e-CODEX (Regulation (EU) 2023/1543,
Article 19; docs/eu-channel.md).

A ``Channel`` takes a rendered, signed letter (with its production, if any) and queues it for
the agency. ``email`` is the outbox every letter has always used (triage/notices/letters.py: the
mail is stored in the transaction and sent after commit). ``ecodex`` is declared and not built:
no connector exists, so it refuses, by a named exception whose message a person reads, and never
pretends to have sent anything. An EU order whose certificate came by e-CODEX keeps
``eu_channel = "ecodex"``; until a connector exists a person answers it by e-mail or post
(correcting the channel on the request page, which goes on the record).
"""

from typing import Any, Protocol

from django.conf import settings

from triage.models import Request
from triage.models.choices import EU_ORDER_KINDS
from triage.models.eu_order import AnswerChannel
from triage.notices.letters import letter_mail
from triage.services._core import TransitionRefused

ERR_ECODEX = "e-CODEX not connected: send by e-mail or post"
ERR_ECODEX_ENABLED = (
    "e-CODEX not connected: LERQ_ECODEX_ENABLED is set, but lerq has no e-CODEX connector "
    "(docs/eu-channel.md); send by e-mail or post"
)


class ChannelUnavailable(TransitionRefused):
    """The request's channel cannot carry an answer now; nothing was sent."""


class EcodexNotConnected(ChannelUnavailable):
    pass


class Channel(Protocol):
    name: str

    def check(self) -> None:
        """Raise ChannelUnavailable when this channel cannot carry an answer now."""

    def send(self, *, letter: Any, references: list[str]) -> Any:
        """Queue ``letter`` (rendered, signed) for the agency, in the caller's transaction;
        returns what records the sending (the outbox row for e-mail)."""


class EmailChannel:
    name = AnswerChannel.EMAIL

    def check(self) -> None:
        return None

    def send(self, *, letter: Any, references: list[str]) -> Any:
        return letter_mail(letter=letter, references=references)


class EcodexChannel:
    """Article 19's decentralised IT system. Not built: see docs/eu-channel.md."""

    name = AnswerChannel.ECODEX

    def check(self) -> None:
        raise EcodexNotConnected(ERR_ECODEX_ENABLED if settings.LERQ_ECODEX_ENABLED else ERR_ECODEX)

    def send(self, *, letter: Any, references: list[str]) -> Any:
        self.check()


EMAIL = EmailChannel()
ECODEX = EcodexChannel()


def channel_for(request: Request) -> Channel:
    """The channel an answer to ``request`` goes by: the certificate's, for an EU order;
    e-mail for everything else."""
    if request.kind in EU_ORDER_KINDS and request.eu_channel == AnswerChannel.ECODEX:
        return ECODEX
    return EMAIL
