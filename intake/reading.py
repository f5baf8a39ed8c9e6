"""The read stage of intake: what the reader (intake/extraction) finds in an accepted message.

``extract`` runs the reader on the tree ``parse_message`` read, with the attachments served
from storage (stored once the sender was accepted, intake/attachments.py), and returns its
``Extraction``; it raises ``UnreadableDocument`` (or the reader's own error) when the message
cannot be read. Called when a request may be opened (intake/opening.py), when an agency
answers a deficiency notice (intake/threads.py), and by a clerk opening a held message.
"""

from __future__ import annotations

from intake.attachments import Stored
from intake.extraction import Extraction, extract_document
from intake.extraction.document import UnreadableDocument, read_message
from intake.parsing import ParsedMessage


def extract(parsed: ParsedMessage, stored: Stored) -> Extraction:
    """The extraction of the tree parse_message read, attachments served from storage."""
    if parsed.tree is None:
        raise UnreadableDocument(f"not a mail message: {'; '.join(parsed.reasons)}")
    doc = read_message(parsed.tree, files=stored.read)
    stored.ocr_keep(doc.ocr)
    return extract_document(doc)
