"""Where intake looked (issue 16): the places of a message it read, named beside each proposed
deficiency so that a lawyer can judge the reading; what it could not read is said."""

import pytest
from django.utils import timezone

from intake.looked import MAX_NAMED, looked_in
from intake.models import Attachment, InboundMessage

pytestmark = pytest.mark.django_db


def _message(*attachments: tuple[str, str, str]) -> InboundMessage:
    message = InboundMessage.objects.create(
        size=1, sha256="b" * 64, subject="Subpoena", received_at=timezone.now()
    )
    for index, (name, sniffed, status) in enumerate(attachments):
        Attachment.objects.create(
            message=message,
            index=index,
            filename=name,
            sniffed_type=sniffed,
            size=10,
            sha256=f"{index:064d}",
            status=status,
        )
    return message


def test_it_names_the_body_and_each_attachment_and_says_what_was_not_read():
    message = _message(
        ("subpoena.pdf", "application/pdf", "accepted"),
        ("scan.png", "image/png", "accepted"),
        ("cover.docx", "application/zip", "accepted"),
        ("tool.exe", "application/x-dosexec", "quarantined"),
    )

    assert looked_in(message) == (
        "subject and mail body, 4 attachments: subpoena.pdf, scan.png (an image: its text not "
        "read), cover.docx (type not read), tool.exe (quarantined: not read)"
    )


def test_a_message_without_body_text_or_attachments_says_so():
    assert looked_in(_message(), body=False) == (
        "subject (the mail has no body text), no attachment"
    )


def test_many_attachments_are_counted_not_all_named():
    many = [(f"page{i}.pdf", "application/pdf", "accepted") for i in range(MAX_NAMED + 5)]

    said = looked_in(_message(*many))

    assert said.startswith(f"subject and mail body, {MAX_NAMED + 5} attachments: page0.pdf")
    assert said.endswith(", and 5 more") and f"page{MAX_NAMED}.pdf" not in said
