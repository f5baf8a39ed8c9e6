"""What a request's own mail says, for rules in triage that must read it.

triage never imports intake (DESIGN.md), yet a call-back must be refused when the number called
is printed in the request's own mail or attachments: a hijacked mailbox prints its own number.
So intake registers a provider here when Django starts (intake/apps.py), and triage asks every
registered provider for the text a person would see of each message attached to the request.
With no provider registered (triage alone), there is no stored mail to read and nothing is
returned.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triage.models import Request

TextsOfRequest = Callable[["Request"], Iterable[str]]

_providers: list[TextsOfRequest] = []


def register(provider: TextsOfRequest) -> None:
    """Add ``provider`` once (AppConfig.ready may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister(provider: TextsOfRequest) -> None:
    if provider in _providers:
        _providers.remove(provider)


def texts_of_request(request: "Request") -> Iterator[str]:
    """Every text the registered providers find for ``request``, in their order."""
    for provider in list(_providers):
        yield from provider(request)
