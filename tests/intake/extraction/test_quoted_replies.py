"""An agency's reply that quotes our own letter: what our letter says (our phone, our address,
our team's name) is not read as the agency's, whatever way the mail program quoted it; what
the agency itself quotes (its own request, forwarded) still is."""

import pytest

from intake.extraction import extract_document
from intake.extraction.document import Document, Section

OUR_LETTER = """Dear Detective Ortiz,

We received your subpoena (LER-2026-000231). Before we can process it we need your badge
number, your direct phone number with extension and the agency's street address. Please
reply by December 18, 2026.

/s/ Jordan Lee, Law Enforcement Response Team
500 Howard Street, San Francisco, CA 94105
Phone: +1 415-555-0100
"""
AGENCY_WORDS = """Good morning,

The signed subpoena is attached again.

Badge: 4471

Det. Sam Ortiz
Riverside Police Department
"""


def _quoted(intro: str) -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in OUR_LETTER.splitlines())
    return f"{AGENCY_WORDS}\n{intro}\n{quoted}\n"


def _reply(body: str):
    doc = Document(
        subject="RE: [LER-2026-000231] deficiency notice",
        sender="sortiz@riversideca.gov",
        recipients=["lawenforcement@lerq.example"],
        sections=[Section(body, "body")],
    )
    return extract_document(doc).fields


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.LERQ_MAILBOX_ADDRESS = "lawenforcement@lerq.example"


@pytest.mark.parametrize(
    "body",
    [
        _quoted(
            "On Wed, Nov 11, 2026 at 9:02 AM Law Enforcement Response "
            "<lawenforcement@lerq.example> wrote:"
        ),
        _quoted("Le mer. 11 nov. 2026 à 09:02, Law Enforcement Response a écrit :"),
        _quoted(""),  # only the "> " marks
        AGENCY_WORDS + "\n-----Original Message-----\nFrom: Law Enforcement Response "
        "<lawenforcement@lerq.example>\nSent: Wednesday, November 11, 2026 9:02 AM\n"
        "Subject: LER-2026-000231 - information needed\n\n" + OUR_LETTER,
    ],
    ids=["on-wrote", "le-a-ecrit", "angle-brackets", "original-message"],
)
def test_our_quoted_letter_is_not_read_as_the_agencys_details(body):
    fields = _reply(body)

    assert fields["phone"] is None
    assert fields["address"] is None
    assert fields["response_date"] is None
    assert fields["signed"] is False
    assert fields["agency"] == "Riverside Police Department"
    assert fields["badge"] == "4471"


def test_an_agencys_own_request_forwarded_under_an_original_message_header_is_still_read():
    body = (
        "Forwarding the detective's request below.\n\n-----Original Message-----\n"
        "From: Det. Sam Ortiz <sortiz@riversideca.gov>\nSent: Tuesday, November 10, 2026\n\n"
        "Please preserve the account river.fox@example.com.\n\nDet. Sam Ortiz\n"
        "Riverside Police Department\nTel: (951) 555-0142 ext. 12\n"
    )

    assert _reply(body)["phone"] == "(951) 555-0142 ext. 12"
