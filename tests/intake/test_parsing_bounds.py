"""The bounds that keep a hostile message cheap to read (found by tests/intake/test_fuzz.py)."""

from intake import mime, senders
from intake.display import message_body
from intake.extraction.document import read_eml
from intake.parsing import MAX_ID, MAX_MULTIPARTS, parse_message


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


def test_a_from_header_too_long_to_be_real_is_refused_unread():
    value = '"' + "=?utf-8?Q?=C3=A9?= " * 5_000 + '" <agent@fbi.gov>'
    result = senders.check_sender(
        headers={"From": value}, raw=b"", trusted_authserv_ids=[], dns_txt=lambda *a, **k: None
    )
    assert result.refusal == senders.Refusal.MALFORMED_FROM
    assert result.reasons == ["The From header is malformed: it is longer than 2000 characters."]


# --- headers: decoding is bounded (intake/mime.py) ----------------------------------------------

WORD = b"=?utf-8?Q?=C3=A9?= "


def bomb(words: int, *, to: bool = True, subject: bool = True) -> bytes:
    """A message whose To and Subject hold ``words`` encoded words each (10,000: 140 KB)."""
    return (
        b"From: Agent <agent@fbi.gov>\r\n"
        + (b"To: " + WORD * words + b"<legal@lerq.example>\r\n" if to else b"")
        + (b"Subject: LER-2026-000001 " + WORD * words + b"\r\n" if subject else b"")
        + b"Message-ID: <bomb@fbi.gov>\r\nContent-Type: text/plain\r\n\r\nBadge 4411\r\n"
    )


def test_a_subject_of_50000_encoded_words_is_kept_raw_cut_and_says_so():
    """Unbounded, the standard library takes minutes: `python -m bench.headers` times it."""
    parsed = parse_message(b"Subject: " + WORD * 50_000 + b"\r\n\r\nx")
    assert parsed.subject.startswith("=?utf-8?Q?=C3=A9?= =?utf-8?Q?=C3=A9?=")
    assert len(parsed.subject) <= MAX_ID
    assert any(r.startswith("the Subject header is ") for r in parsed.reasons)


def test_a_header_within_the_bounds_is_decoded_as_before():
    parsed = parse_message(bomb(50))
    assert parsed.subject == "LER-2026-000001 " + "é" * 50
    assert not any("raw value is kept" in r for r in parsed.reasons)
    assert message_body(bomb(50)).to.startswith("é é é")


def test_a_to_and_subject_of_10000_encoded_words_are_cut_and_the_rest_still_read():
    raw = bomb(10_000)
    parsed = parse_message(raw)
    assert (parsed.from_header, parsed.text.strip()) == ("Agent <agent@fbi.gov>", "Badge 4411")
    assert parsed.subject.startswith("LER-2026-000001 =?utf-8?Q?")
    for name in ("To", "Subject"):
        (reason,) = [r for r in parsed.reasons if r.startswith(f"the {name} header is ")]
        assert reason.endswith(f"its raw value is kept, cut to {mime.MAX_HEADER_CHARS} characters")

    body = message_body(raw)
    assert body.to.startswith("=?utf-8?Q?=C3=A9?=") and len(body.to) <= mime.MAX_HEADER_CHARS
    assert body.text.strip() == "Badge 4411"
    assert any(r.startswith("the To header ") for r in body.reasons)

    doc = read_eml(raw)
    assert doc.sender == "agent@fbi.gov"
    assert "Badge 4411" in doc.text
    assert any(r.startswith("the Subject header ") for r in doc.reasons)


def test_many_encoded_words_in_a_short_header_are_not_decoded_either():
    short = b"=?a?Q?x?=" * (mime.MAX_ENCODED_WORDS + 1)  # under the length bound
    assert len(short) < mime.MAX_HEADER_CHARS
    parsed = parse_message(b"Subject: " + short + b"\r\n\r\nx")
    assert parsed.subject.startswith("=?a?Q?x?=")
    assert (
        f"the Subject header has more than {mime.MAX_ENCODED_WORDS} encoded words"
        in (parsed.reasons[0])
    )


def test_an_attachment_name_of_10000_encoded_words_is_cut_not_decoded():
    raw = (
        b"From: a@fbi.gov\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
        b"Content-Type: text/plain\r\n\r\nhello\r\n--B\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: attachment; filename="' + WORD * 10_000 + b'"\r\n\r\nx\r\n--B--\r\n'
    )
    parsed = parse_message(raw)
    (part,) = [p for p in parsed.tree.walk() if p.get_content_type() == "application/pdf"]
    assert len(part.get("Content-Disposition")) <= mime.MAX_HEADER_CHARS
    assert "hello" in parsed.text


# --- one bad part never empties the message ----------------------------------------------------

NUL_CHARSET = (
    b"From: Agent <agent@fbi.gov>\r\nSubject: records\r\nMessage-ID: <nul@fbi.gov>\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
    b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBadge 4411\r\n"
    b'--XX\r\nContent-Type: text/plain; charset="\x00"\r\n\r\nCaf\xe9 du Commerce\r\n--XX--\r\n'
)


def test_a_nul_charset_in_one_part_is_decoded_best_effort_and_the_rest_parses():
    parsed = parse_message(NUL_CHARSET)
    assert parsed.from_header == "Agent <agent@fbi.gov>"
    assert parsed.subject == "records"
    assert "Badge 4411" in parsed.text and "Café du Commerce" in parsed.text
    assert parsed.reasons == ["part text/plain: ValueError; decoded leniently"]


def test_a_nul_charset_leaves_the_page_and_the_extraction_their_text():
    body = message_body(NUL_CHARSET)
    assert "Badge 4411" in body.text and "Café du Commerce" in body.text
    doc = read_eml(NUL_CHARSET)
    assert doc.sender == "agent@fbi.gov"
    assert "Café du Commerce" in doc.text


def test_a_long_references_header_is_cut_silently_and_still_threads():
    ids = b" ".join(b"<msg-%d@fbi.gov>" % i for i in range(1_000))  # a long thread: 17 KB
    raw = b"From: a@fbi.gov\r\nSubject: Re: records\r\nReferences: " + ids + b"\r\n\r\nx"
    parsed = parse_message(raw)
    assert len(parsed.references) == 1_000  # threading reads the raw headers, uncut
    assert parsed.reasons == []
