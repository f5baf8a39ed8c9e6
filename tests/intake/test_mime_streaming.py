"""A message is parsed once, fed to the parser in pieces, and its base64 attachments are
decoded a piece at a time: the answers must be exactly the standard library's."""

import base64
import email
import email.policy
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from intake import mime

DATA = Path(__file__).resolve().parent.parent / "data"


def _part(encoded: str, cte: str = "base64") -> email.message.EmailMessage:
    raw = (
        f"Content-Type: application/pdf\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{encoded}"
    ).encode()
    return email.message_from_bytes(raw, policy=email.policy.default)


def _lines(text: str, width: int, newline: str) -> str:
    return "".join(text[i : i + width] + newline for i in range(0, len(text), width))


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=5000),
    width=st.integers(min_value=1, max_value=120),
    newline=st.sampled_from(["\n", "\r\n"]),
    padding=st.booleans(),
    extra=st.sampled_from(["", "A", "AB", "ABC", "=", "\n\n"]),
    chunk=st.integers(min_value=1, max_value=300),
)
def test_base64_decoded_in_pieces_is_what_the_standard_library_decodes(
    data, width, newline, padding, extra, chunk
):
    text = base64.b64encode(data).decode()
    if not padding:
        text = text.rstrip("=")
    part = _part(_lines(text, width, newline) + extra)
    assert b"".join(mime.decoded_chunks(part, chunk)) == part.get_payload(decode=True)


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from("ABCxyz09+/= \t\r\n\x00é!"), max_size=2000),
    cte=st.sampled_from(["base64", "quoted-printable", "7bit", "8bit", "x-unknown"]),
    chunk=st.integers(min_value=1, max_value=64),
)
@example(body="0=", cte="base64", chunk=1)  # one data character over, padded: found by this test
def test_any_body_decoded_in_pieces_is_what_the_standard_library_decodes(body, cte, chunk):
    part = _part(body, cte)
    assert b"".join(mime.decoded_chunks(part, chunk)) == part.get_payload(decode=True)


def _shape(msg: email.message.EmailMessage) -> list:
    found = []
    for part in msg.walk():
        payload = None if part.is_multipart() else part.get_payload(decode=True)
        found.append((list(part.raw_items()), part.get_content_type(), payload, part.defects))
    return found


def test_a_message_fed_in_pieces_is_the_tree_the_standard_library_makes(monkeypatch):
    # Small pieces, so that CRLF pairs, headers and boundaries are cut at every place.
    monkeypatch.setattr(mime, "FEED", 7)
    files = sorted(DATA.rglob("*.eml"))
    assert len(files) > 50
    for path in files:
        raw = path.read_bytes()
        expected = email.message_from_bytes(raw, policy=email.policy.default)
        assert repr(_shape(mime.message_from_bytes(raw))) == repr(_shape(expected)), path
