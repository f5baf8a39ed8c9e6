"""Letters: one HTML template per letter in templates/letters/, one renderer (WeasyPrint), one
signature (pyHanko PAdES). STYLE.md rule 7.

    letter = render_letter("acknowledgement", context)   # -> RenderedLetter(pdf, sha256)

The caller (a service, run by a Celery task) stores `letter.pdf` with `letter.sha256`.
"""

from triage.letters.errors import LetterError, LetterRenderError, LetterSigningError
from triage.letters.render import (
    KINDS,
    RenderedLetter,
    StaticOnlyFetcher,
    html_to_pdf,
    render_letter,
)
from triage.letters.signing import sign_pdf, signing_pair_create

__all__ = [
    "KINDS",
    "LetterError",
    "LetterRenderError",
    "LetterSigningError",
    "RenderedLetter",
    "StaticOnlyFetcher",
    "html_to_pdf",
    "render_letter",
    "sign_pdf",
    "signing_pair_create",
]
