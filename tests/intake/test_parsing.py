from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.parsing import parse_message

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"


def test_it_reads_the_headers_a_router_needs():
    parsed = parse_message((DATA / "reply_in_reply_to.eml").read_bytes())
    assert parsed.message_id == "<reply-in-reply-to@fbi.gov>"
    assert parsed.in_reply_to == ("<subpoena-incomplete-2026@fbi.gov>",)
    assert parsed.references == ("<subpoena-incomplete-2026@fbi.gov>",)
    assert parsed.subject == "Re: Subpoena for subscriber records"
    assert "tom.reyes@fbi.gov" in parsed.from_header
    assert "badge number: 30021" in parsed.text


def test_received_at_is_the_top_received_header_not_the_date():
    parsed = parse_message((DATA / "fbi_subpoena_complete.eml").read_bytes())
    assert parsed.received_at == datetime(2026, 11, 2, 14, 5, tzinfo=UTC)


def test_it_falls_back_to_the_date_header():
    parsed = parse_message(b"Date: Tue, 24 Nov 2026 08:59:58 +0000\r\n\r\nhi\r\n")
    assert parsed.received_at == datetime(2026, 11, 24, 8, 59, 58, tzinfo=UTC)


def test_garbage_becomes_reasons_not_exceptions():
    parsed = parse_message((DATA / "truncated_garbage.eml").read_bytes())
    assert parsed.message_id is None
    assert parsed.received_at is None


def test_html_only_bodies_are_read_as_text():
    raw = b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Badge <b>4411</b></p><script>x"
    assert parse_message(raw).text.strip() == "Badge 4411"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_no_exception_escapes(raw):
    parse_message(raw)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From: a@b.gov\r\n",
                b"Subject: =?utf-8?B?////?=\r\n",
                b"Received: x; not a date\r\n",
                b"Date: 99 Foo 99999 99:99\r\n",
                b"Content-Type: multipart/mixed; boundary=z\r\n",
                b"Content-Type: text/plain; charset=x-unknown\r\n",
                b"Content-Transfer-Encoding: base64\r\n",
                b"\r\n",
                b"--z\r\n",
                b"--z--\r\n",
                b"\xff\xfe body\r\n",
            ]
        ),
        max_size=30,
    )
)
def test_no_exception_escapes_on_mime_fragments(lines):
    parse_message(b"".join(lines))


def test_routing_and_extraction_read_the_same_receipt_time():
    """One message, one answer: a Date without zone is UTC for both readers."""
    from datetime import UTC, datetime

    from intake.extraction.document import read_eml

    raw = b"From: a@fbi.gov\r\nSubject: x\r\nDate: Mon, 2 Mar 2026 10:00:00\r\n\r\nbody\r\n"
    assert parse_message(raw).received_at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert read_eml(raw).received_at == parse_message(raw).received_at
