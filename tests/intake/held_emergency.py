"""A real-looking emergency that says nothing of an "EMERGENCY DISCLOSURE REQUEST": a child in
danger, reported by an agent in plain words, naming no legal process and no target that the
policy accepts. Intake holds it for routing. Not a test module (no ``test_`` prefix)."""

from datetime import datetime
from email.utils import format_datetime

from intake.models import InboundMessage
from intake.routing import ingest
from tests.factories import arrival_alerts_sent

TRUSTED = ["mx.lerq.example"]
SUBJECT = "Urgent - missing 12 year old girl, please call"


def child_in_danger_eml(received: datetime, *, number: int = 1) -> bytes:
    """The mail as our MX received it at ``received`` (its top Received header's date)."""
    when = format_datetime(received)
    return f"""\
Authentication-Results: mx.lerq.example; dmarc=pass header.from=fbi.gov
Received: from mail.fbi.gov (mail.fbi.gov [198.51.100.7]) by mx.lerq.example
 with ESMTPS id 8Rb1{number}; {when}
From: Special Agent Dana Whitfield <dana.whitfield@fbi.gov>
To: lawenforcement@lerq.example
Subject: {SUBJECT}
Date: {when}
Message-ID: <missing-child-{number}@fbi.gov>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello,

A 12 year old girl left home last night with an adult she met on your
service. We believe she is in danger of death or serious bodily injury:
the adult threatened to harm her if she told anyone.

Please call me as soon as you read this.

Dana Whitfield
Special Agent, Federal Bureau of Investigation
+1 202 555 0143
""".encode()


def note_eml(received: datetime) -> bytes:
    """An ordinary note from the same office, held too: no danger claimed."""
    when = format_datetime(received)
    return f"""\
Authentication-Results: mx.lerq.example; dmarc=pass header.from=fbi.gov
Received: from mail.fbi.gov (mail.fbi.gov [198.51.100.7]) by mx.lerq.example
 with ESMTPS id 7Qa09; {when}
From: Office Manager <records.office@fbi.gov>
To: lawenforcement@lerq.example
Subject: Our office moves next month
Date: {when}
Message-ID: <office-move-{received:%Y%m%d%H%M}@fbi.gov>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello,

Just letting you know that our records office moves to a new floor in
December. Nothing changes for you.

Best regards,
Records Office
""".encode()


def ingested(raw: bytes) -> InboundMessage:
    result = ingest(raw, source="test")
    arrival_alerts_sent()
    return InboundMessage.objects.get(pk=result.message_pk)
