"""Internal notes on a request (issue #18, "Notes and conversation"): the team writes to itself
on the request's record, and an ``@username`` in a note mails that colleague a link.

A note is an Event (EventKind.NOTE, the text as its reason), so it is hash-chained with the rest
of the record and can be neither edited nor deleted. It is never sent to the agency or the
user: the only mail it causes goes to the colleagues it mentions, who are team members allowed
to see the request. A mention that names nobody of the team is listed back to the author and
never costs them the note.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from triage.audit import event_append
from triage.models import Event, EventKind, Request
from triage.notices import members_with
from triage.notices.notes import note_mention_mail
from triage.services._core import ActionNotPermitted, InvalidInput, after_commit, now

# Who may see a request may write on it: the page's own gate (triage/views/access.py).
SEE = "triage.view_request"
NOTE_MAX = 5000
KEY_MAX = 64
# More names than this in one note are not mentions but a list: those past it are reported.
MENTIONS_MAX = 20

ERR_PERSON_ONLY = "Only a person signed in to lerq can write a note."
ERR_NOT_PERMITTED = "{user} may not see {reference}, so may not write a note on it."
ERR_EMPTY = "Write something: the note is empty."
ERR_TOO_LONG = "A note is at most {limit} characters; this one has {length}."
ERR_KEY = "The note's form is damaged: reload the page and write it again."

# ``@name`` where name is what Django allows in a username but ``@`` (so an e-mail address
# names nobody): not preceded by a word character, so "ops@approver" is no mention either.
# The Notes section highlights mentions with the same pattern (triage/selectors/notes.py).
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]{1,150})")


@dataclass
class NoteResult:
    event: Event
    mentioned: list[str] = field(default_factory=list)  # usernames mailed a link
    not_mentioned: list[str] = field(default_factory=list)  # names that are nobody of the team
    repeated: bool = False  # the same form was sent twice: the first note stands, alone


def mention_names(text: str) -> list[str]:
    """The names after ``@`` in ``text``, in order, each once (a sentence's full stop is not
    part of a name)."""
    names: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".")
        if name and name not in names:
            names.append(name)
    return names


def _colleagues(names: list[str], author: Any) -> tuple[list[Any], list[str]]:
    """The team members ``names`` designate (active, allowed to see requests, with an e-mail
    address; the author left out: a note to yourself mails nobody), and the names that
    designate nobody of them."""
    if not names:
        return [], []
    named = Q()
    for name in names:
        named |= Q(username__iexact=name)
    team = {u.username: u for u in members_with(SEE).filter(named)}
    by_folded: dict[str, list[Any]] = {}
    for user in team.values():
        by_folded.setdefault(user.username.casefold(), []).append(user)
    found: list[Any] = []
    unknown: list[str] = []
    for name in names:
        # The exact username first; otherwise a case-insensitive match only if it is unique.
        candidates = by_folded.get(name.casefold(), [])
        user = team.get(name) or (candidates[0] if len(candidates) == 1 else None)
        if user is None:
            unknown.append(name)
        elif user.pk != author.pk and user not in found:
            found.append(user)
    return found, unknown


def _check(*, request: Request, by: Any, text: str, key: str) -> str:
    if by is None or not getattr(by, "is_authenticated", False):
        raise ActionNotPermitted(ERR_PERSON_ONLY)
    if not by.is_active or not by.has_perm(SEE):
        raise ActionNotPermitted(
            ERR_NOT_PERMITTED.format(user=by.get_username(), reference=request.reference)
        )
    text = text.strip()
    if not text:
        raise InvalidInput(ERR_EMPTY)
    if len(text) > NOTE_MAX:
        raise InvalidInput(ERR_TOO_LONG.format(limit=f"{NOTE_MAX:,}", length=f"{len(text):,}"))
    if len(key) > KEY_MAX or not re.fullmatch(r"[A-Za-z0-9_-]*", key):
        raise InvalidInput(ERR_KEY)
    return text


@transaction.atomic(durable=True)
def request_note_add(*, request: Request, by: Any, text: str, key: str = "") -> NoteResult:
    """``by`` writes ``text`` on ``request``'s record; the colleagues it mentions get a link.
    ``key`` names the form the note came from: a second note with the same key (a double
    click, a resent form) is the first one, and mails nobody again."""
    text = _check(request=request, by=by, text=text, key=key)
    # The row lock serialises notes on one request, so the key is checked against every note
    # committed before ours (a note changes no state: the state the page showed does not matter).
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if key:
        earlier = Event.objects.filter(
            request=locked, action=EventKind.NOTE, data__key=key, actor=by
        ).first()
        if earlier is not None:
            return NoteResult(
                event=earlier,
                mentioned=list(earlier.data.get("mentioned") or []),
                not_mentioned=list(earlier.data.get("not_mentioned") or []),
                repeated=True,
            )
    names = mention_names(text)
    colleagues, unknown = _colleagues(names[:MENTIONS_MAX], by)
    unknown += names[MENTIONS_MAX:]
    mentioned = [u.get_username() for u in colleagues]
    event = event_append(
        request=locked,
        actor=by,
        action=EventKind.NOTE,
        at=now(),
        reason=text,
        data={
            "mentioned": mentioned,
            **({"not_mentioned": unknown} if unknown else {}),
            **({"key": key} if key else {}),
        },
    )
    for colleague in colleagues:
        note_mention_mail(request=locked, author=by, to=colleague, text=text)
    if colleagues:
        from triage.tasks import send_mail  # the tasks import the services

        after_commit(send_mail.delay)
    return NoteResult(event=event, mentioned=mentioned, not_mentioned=unknown)
