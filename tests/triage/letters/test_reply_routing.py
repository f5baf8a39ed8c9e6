"""A reply to a letter (In-Reply-To: the letter's Message-ID, no reference in the subject)
finds its request: intake looks the id up among the mail lerq sent."""

import pytest

from intake.routing import ingest
from tests.factories import open_request
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from triage import services
from triage.models import Event, Letter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

REPLY = """Authentication-Results: mx.lerq.example; dmarc=pass header.from=fbi.gov
Received: from mail.fbi.gov (mail.fbi.gov [198.51.100.7]) by mx.lerq.example
 with ESMTPS id 7Qa09; Fri, 6 Nov 2026 12:00:00 +0000
From: Special Agent Dana Scully <dscully@fbi.gov>
To: lawenforcement@lerq.example
Subject: Re: your letter
Date: Fri, 06 Nov 2026 11:59:40 +0000
Message-ID: <reply-to-letter@fbi.gov>
In-Reply-To: {letter_id}
References: {letter_id}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Thank you, noted.
"""


def test_a_reply_to_a_letter_is_attached_to_its_request(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    request = open_request()
    letter = Letter.objects.get(request=request)
    services.letter_deliver(letter_id=letter.pk)

    result = ingest(REPLY.format(letter_id=letter.message_id).encode(), source="test")

    assert (result.outcome, result.reference) == ("attached", request.reference)
    assert Event.objects.filter(request=request, action="message").count() == 1
