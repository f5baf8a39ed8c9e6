"""The text a person would see of every message attached to a request, for triage's rules
(triage/sources.py; registered in intake/apps.py).

Each stored message is read as `extract` reads it (intake/extraction/document.py): subject,
every text or HTML part, and the text of attached PDFs and text files. PDFs are read by the
bounded reader (size, time and memory limits of intake/extraction/pdf.py), Word documents are
not read (extract does not read them either); scans and images add the text OCR read of them
when the mail came in. Refused mail keeps no bytes and says
nothing here.
"""

from collections.abc import Iterator
from typing import Any

from intake.extraction.document import UnreadableDocument, read_eml
from intake.extraction.pdf import without_ocr
from intake.models import Attachment, InboundMessage, Outcome

# A request collects its opening mail and the agency's replies; more than this many is not a
# conversation but a flood, and reading every PDF of it would hold the person recording a call.
MAX_MESSAGES = 200


def texts_of_request(request: Any) -> Iterator[str]:
    """The opening mail first, then later ones, in the order our server received them. A
    scan's text is the one OCR read when the mail came in (kept on its attachment), not read
    again: that took seconds a scan, while a person records a call."""
    messages = (
        InboundMessage.objects.filter(request_id=request.pk)
        .exclude(outcome=Outcome.REFUSED)
        .order_by("received_at", "pk")
        .values_list("pk", "raw")[:MAX_MESSAGES]
    )
    scans: dict[int, list[str]] = {}
    for message_id, text in (
        Attachment.objects.filter(message__request_id=request.pk)
        .exclude(ocr_text="")
        .order_by("index")
        .values_list("message_id", "ocr_text")
    ):
        scans.setdefault(message_id, []).append(text)
    for message_id, raw in messages.iterator(chunk_size=20):
        if not raw:
            continue
        try:
            with without_ocr():
                text = read_eml(bytes(raw)).text
        except UnreadableDocument:
            continue
        yield "\n\n".join([text, *scans.get(message_id, [])])
