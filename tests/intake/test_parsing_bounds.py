"""The bounds that keep a hostile message cheap to read (found by tests/intake/test_fuzz.py)."""

from intake import senders
from intake.parsing import MAX_MULTIPARTS, parse_message


def nested(depth: int) -> bytes:
    inner = b"Content-Type: text/plain\r\n\r\nBadge 4411\r\n"
    for level in range(depth):
        boundary = b"b%d" % level
        inner = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
            + b"\r\n" + inner + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    return b"From: a@fbi.gov\r\nSubject: nested\r\n" + inner


def test_nesting_up_to_the_bound_is_read():
    parsed = parse_message(nested(MAX_MULTIPARTS))
    assert "Badge 4411" in parsed.text


def test_nesting_past_the_bound_keeps_the_headers_and_says_why():
    parsed = parse_message(nested(2_000))
    assert (parsed.subject, parsed.text) == ("nested", "")
    assert parsed.reasons == [f"more than {MAX_MULTIPARTS} multipart containers; body not read"]


def test_a_subject_of_50000_encoded_words_is_cut_and_says_so():
    """Unbounded, the standard library takes minutes: `python -m bench.reading` (c) times it."""
    raw = b"Subject: " + b"=?utf-8?Q?=C3=A9?= " * 50_000 + b"\r\n\r\nx"
    parsed = parse_message(raw)
    assert parsed.subject.startswith("éé")
    assert "the Subject header is too long; only its start is read" in parsed.reasons


def test_a_from_header_too_long_to_be_real_is_refused_unread():
    value = '"' + "=?utf-8?Q?=C3=A9?= " * 5_000 + '" <agent@fbi.gov>'
    result = senders.check_sender(
        headers={"From": value}, raw=b"", trusted_authserv_ids=[], dns_txt=lambda *a, **k: None
    )
    assert result.refusal == senders.Refusal.MALFORMED_FROM
    assert result.reasons == ["The From header is malformed: it is longer than 2000 characters."]
