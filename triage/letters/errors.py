"""What the letter renderer raises instead of returning an empty or unsigned PDF."""


class LetterError(Exception):
    """A letter could not be produced."""


class LetterRenderError(LetterError):
    """The template or WeasyPrint failed: unknown kind, template error, no PDF."""


class LetterSigningError(LetterError):
    """The PDF could not be signed: no key or certificate, unreadable files, pyHanko failed."""


UNKNOWN_KIND = "Unknown letter kind {kind!r}; the kinds are: {kinds}."
NO_SIGNING_PAIR = (
    "No signing key or certificate at {key} / {cert}; run `python manage.py signing_cert_create` "
    "(development) or set LERQ_SIGNING_KEY and LERQ_SIGNING_CERT."
)
