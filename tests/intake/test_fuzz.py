"""Mail nobody here wrote (STYLE.md rule 4, issue 4): thousands of generated messages thrown at
``parse_message`` and at ``ingest`` on the real database. Neither may raise, and every message
ingested leaves exactly one InboundMessage with a recorded outcome."""

import functools
import hashlib

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import routing, senders
from intake.display import message_body
from intake.extraction.document import read_eml
from intake.models import InboundMessage, Outcome
from intake.parsing import MAX_MULTIPARTS, ParsedMessage, parse_message

OUTCOMES = {"created", "attached", "duplicate", "held", "refused", "failed"}

HEADER_NAMES = [
    "From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Received",
    "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version",
    "Authentication-Results", "DKIM-Signature", "Reply-To", "Sender",
]  # fmt: skip
CHARSETS = ["utf-8", "iso-8859-1", "x-unknown", "utf-7", "", "koi8-r", "big5", "utf-16", "\x00"]
ENCODINGS = ["base64", "quoted-printable", "8bit", "7bit", "x-uuencode", "garbage", ""]
TYPES = ["text/plain", "text/html", "application/pdf", "message/rfc822", "image/png", "x/y"]

# Text that breaks things: CR and LF on their own, NUL, non-ASCII, encoded words, bidi marks.
nasty_text = st.lists(
    st.one_of(
        st.sampled_from(["\r", "\n", "\r\n", "\x00", "\t", " ", ":", ";", "=?", "?=", '"', "<"]),
        st.sampled_from(
            ["é", "ß", "日本", "\u202e", "\ud7ff", "\uff46\uff42\uff49", "@", "fbi.gov", "LER-"]
        ),
        st.text(max_size=8),
    ),
    max_size=20,
).map("".join)


def _encode(text: str, how: int) -> bytes:
    if how == 0:
        return text.encode("utf-8", "surrogatepass")
    if how == 1:
        return text.encode("latin-1", "replace")
    return text.encode("utf-16", "surrogatepass")


header_value = st.one_of(
    st.builds(_encode, nasty_text, st.integers(0, 2)),
    st.binary(max_size=60),
    st.builds(lambda c: f"text/plain; charset={c}".encode(), st.sampled_from(CHARSETS)),
    st.builds(lambda n: b"=?" + n.encode() + b"?B?////?=", st.sampled_from(CHARSETS)),
)
header = st.builds(
    lambda name, value: name + b": " + value + b"\r\n",
    st.one_of(
        st.sampled_from(HEADER_NAMES).map(str.encode),
        st.binary(min_size=1, max_size=12).filter(lambda b: b":" not in b),
    ),
    header_value,
)


@st.composite
def leaf(draw) -> bytes:
    ctype = draw(st.sampled_from(TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    head = f"Content-Type: {ctype}; charset={charset}\r\n"
    head += f"Content-Transfer-Encoding: {draw(st.sampled_from(ENCODINGS))}\r\n"
    if draw(st.booleans()):
        head += 'Content-Disposition: attachment; filename="a.pdf"\r\n'
    body = draw(st.one_of(st.binary(max_size=300), nasty_text.map(lambda t: t.encode("utf-8"))))
    return head.encode("utf-8", "surrogatepass") + b"\r\n" + body


@st.composite
def multipart(draw, children) -> bytes:
    boundary = draw(st.sampled_from([b"b1", b"", b"==x==", b"a b", b"\xff", b'"q"', b"-" * 80]))
    parts = draw(st.lists(children, max_size=4))
    head = b"Content-Type: multipart/" + draw(st.sampled_from([b"mixed", b"alternative", b"x"]))
    head += b"; boundary=" + boundary + b"\r\n\r\n"
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    ending = draw(st.sampled_from([b"--" + boundary + b"--\r\n", b"", b"--wrong--\r\n"]))
    return head + body + ending


def nested(depth: int, inner: bytes) -> bytes:
    for level in range(depth):
        boundary = b"n%d" % level
        inner = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
            + b"\r\n" + inner + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    return inner


body = st.recursive(leaf(), lambda children: multipart(children), max_leaves=8)

message = st.one_of(
    # headers and a MIME body of any shape
    st.builds(lambda hs, b: b"".join(hs) + b, st.lists(header, max_size=12), body),
    # nesting up to the bound, and past it
    st.builds(
        lambda hs, depth, b: b"".join(hs) + nested(depth, b),
        st.lists(header, max_size=4),
        st.integers(0, MAX_MULTIPARTS + 20),
        leaf(),
    ),
    # huge headers: one long value, or very many headers
    st.builds(
        lambda n, v: b"Subject: " + v * n + b"\r\nFrom: a@fbi.gov\r\n\r\nx",
        st.integers(1_000, 20_000),
        st.sampled_from([b"A", b"\xe9", b"=?utf-8?Q?=C3=A9?= ", b"\r\n "]),
    ),
    st.builds(lambda n: b"X-H: v\r\n" * n + b"\r\nbody", st.integers(1_000, 5_000)),
    # binary garbage, and nothing at all
    st.binary(max_size=2_000),
    st.just(b""),
)

# A verified government sender in front of half the ingested messages, so that they get past
# the sender check into routing and extraction.
GOVERNMENT = (
    b"Authentication-Results: mx.lerq.example; dmarc=pass header.from=fbi.gov\r\n"
    b"From: Agent <agent@fbi.gov>\r\n"
)
SUBJECTS = [b"", b"Subject: LER-2026-000001\r\n", b"Subject: EMERGENCY DISCLOSURE REQUEST\r\n"]


@settings(max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message)
def test_parse_message_never_raises(raw):
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedMessage)
    assert all(isinstance(reason, str) for reason in parsed.reasons)


@pytest.fixture
def _no_dns(monkeypatch):
    # A generated DKIM-Signature must not reach real DNS: every key lookup finds nothing.
    check = functools.partial(senders.check_sender, dns_txt=lambda name, timeout=5: None)
    monkeypatch.setattr(routing, "check_sender", check)


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    raw=message,
    government=st.booleans(),
    subject=st.sampled_from(SUBJECTS),
)
def test_ingest_never_raises_and_records_every_message(_no_dns, raw, government, subject):
    if government:
        raw = GOVERNMENT + subject + raw
    with override_settings(LERQ_TRUSTED_AUTHSERV_IDS=["mx.lerq.example"]):
        result = routing.ingest(raw, source="fuzz")
    assert result.outcome in OUTCOMES
    stored = InboundMessage.objects.filter(sha256=hashlib.sha256(raw).hexdigest())
    assert stored.count() == 1
    row = stored.get()
    assert row.outcome not in (Outcome.PENDING, Outcome.FAILED), row.reasons
    assert result.outcome == Outcome.DUPLICATE or row.outcome == result.outcome


GOOD_PART = b"Content-Type: text/plain; charset=utf-8\r\n\r\nBadge 4411, respond by 18 May.\r\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(leaf(), min_size=1, max_size=3), st.integers(0, 3))
def test_one_bad_part_never_empties_the_message(bad_parts, where):
    """Whatever the other parts are (a NUL charset, a lying encoding, garbage), the sender,
    the subject and the good part's text are read, by intake, the page and the extraction."""
    parts = list(bad_parts)
    parts.insert(min(where, len(parts)), GOOD_PART)
    raw = (
        b"From: Agent <agent@fbi.gov>\r\nSubject: records\r\n"
        b"Content-Type: multipart/mixed; boundary=BOUNDARY\r\n\r\n"
        + b"".join(b"--BOUNDARY\r\n" + part + b"\r\n" for part in parts)
        + b"--BOUNDARY--\r\n"
    )
    parsed = parse_message(raw)
    assert (parsed.from_header, parsed.subject) == ("Agent <agent@fbi.gov>", "records")
    assert "Badge 4411" in parsed.text
    assert "Badge 4411" in message_body(raw).text
    doc = read_eml(raw)
    assert doc.sender == "agent@fbi.gov"
    assert "Badge 4411" in doc.text
