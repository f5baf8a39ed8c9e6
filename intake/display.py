"""A stored message as a page shows it: its body as text, or its HTML made harmless by nh3.

Nothing from a sender reaches a page unsanitised: no script, no event handler, no style, no
image or other remote resource, no link but http, https and mailto (opened in a new tab with
rel="noopener noreferrer nofollow"). Pure: no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nh3

from intake import mime

MAX_BODY = 1_000_000  # characters of a body shown; the raw message keeps the rest
MAX_PARTS = 200  # as intake/parsing.py
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# nh3's safe defaults less everything that loads or places something: images, image maps.
TAGS = frozenset(nh3.ALLOWED_TAGS - {"img", "map", "area"})
ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag in TAGS} | {
    "a": {"href", "hreflang"}
}


def sanitise_html(markup: str) -> str:
    return nh3.clean(
        markup[:MAX_BODY],
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


@dataclass
class Body:
    to: str = ""  # the To header, decoded
    text: str = ""  # the plain-text part(s), shown as text
    html: str = ""  # sanitised HTML, shown only when there is no plain text
    reasons: list[str] = field(default_factory=list)


def message_body(raw: bytes) -> Body:
    """The body a person reads; never raises (a message that cannot be read says so)."""
    body = Body()
    if not raw:
        return body
    try:
        msg = mime.message_from_bytes(bytes(raw))
        parts = list(msg.walk())[:MAX_PARTS]
    except Exception as error:  # RecursionError on absurd nesting among others
        body.reasons.append(f"the message cannot be read: {type(error).__name__}")
        return body
    try:
        # Decoding is bounded (intake/mime.py): a To of 10,000 encoded words shows raw, cut.
        body.to = " ".join(str(msg.get("To", "")).split())
        body.reasons += mime.header_reasons(msg.raw_items())
    except Exception:  # an undecodable header: shown without it
        body.to = ""
    # A text part with a file name is listed with the attachments, not shown as the body.
    plain, html = mime.body_parts(parts, body.reasons, named=False)
    if plain:
        body.text = "\n\n".join(plain)[:MAX_BODY]
    elif html:
        body.html = sanitise_html("\n".join(html))
    return body


def excerpt(raw: bytes, limit: int = 240) -> str:
    """A few words of the body for a list."""
    found = message_body(raw)
    text = found.text or nh3.clean(found.html, tags=set())
    return " ".join(text.split())[:limit]
