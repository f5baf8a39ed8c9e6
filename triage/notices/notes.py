"""The mail a note's mention sends (triage/services/notes.py): to one colleague, a link to the
request and who mentioned them, with the note itself.

The note's text goes along because this mail is internal, to a team member allowed to see the
request; the HTML body escapes it like any value, and the subject carries only the reference
and the author's name (one line, bounded). It goes nowhere else: never to the agency or the user.
"""

from typing import Any

from django.conf import settings

from triage.models import OutboundMail, Request
from triage.notices import mail_queue, one_line

AUTHOR_MAX = 150


def note_mention_mail(*, request: Request, author: Any, to: Any, text: str) -> OutboundMail | None:
    """To ``to``, a colleague ``author`` mentioned in a note on ``request``."""
    name = one_line(author.get_full_name() or author.get_username(), AUTHOR_MAX)
    return mail_queue(
        template="note_mention",
        to=[to.email],
        request=request,
        context={
            "reference": request.reference,
            "author": name,
            "kind": request.get_kind_display(),
            "text": text,
            "url": settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url() + "#notes",
        },
    )
