"""RFC 3161 timestamps of checkpoints, when a timestamp authority is configured.

A checkpoint's own time is what lerq's clock said, signed with lerq's key; a token from an
independent authority (``LERQ_AUDIT_TSA_URL``) over the SHA-256 of its witness line proves the
line existed at that time whoever holds the key. Tokens are asked for after the checkpoint is
committed (network I/O never runs inside a transaction), and stored on the row once: asking
again for a row that has one changes nothing.
"""

import asyncio
import base64
import binascii
import hashlib

from asn1crypto import cms
from django.conf import settings
from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper

from triage.models import Checkpoint

# At most this many rows a run: a TSA that was down for a day is caught up over a few runs.
_BATCH = 50

NOT_FOR_ITS_LINE = "checkpoint #{number}'s timestamp is not for its witness line"


def _stamper() -> TimeStamper:
    return HTTPTimeStamper(settings.LERQ_AUDIT_TSA_URL, timeout=settings.LERQ_AUDIT_TSA_TIMEOUT)


def checkpoint_timestamp_due(*, stamper: TimeStamper | None = None) -> int:
    """Ask the authority for a token for each checkpoint without one; how many were stored."""
    if stamper is None:
        if not settings.LERQ_AUDIT_TSA_URL:
            return 0
        stamper = _stamper()
    stored = 0
    for pk, line in Checkpoint.objects.filter(timestamp_token="").values_list("pk", "line")[
        :_BATCH
    ]:
        digest = hashlib.sha256(line.encode()).digest()
        token = asyncio.run(stamper.async_timestamp(digest, "sha256"))
        encoded = base64.b64encode(token.dump()).decode()
        # Conditional: a second worker that asked at the same time leaves the first token.
        stored += Checkpoint.objects.filter(pk=pk, timestamp_token="").update(
            timestamp_token=encoded
        )
    return stored


def token_imprint_matches(token: str, line: str) -> bool:
    """The token (base64 DER ContentInfo) is over this line's SHA-256."""
    try:
        info = cms.ContentInfo.load(base64.b64decode(token))
        tst = info["content"]["encap_content_info"]["content"].parsed
        imprint = tst["message_imprint"]
        return (
            imprint["hash_algorithm"]["algorithm"].native == "sha256"
            and imprint["hashed_message"].native == hashlib.sha256(line.encode()).digest()
        )
    except (ValueError, TypeError, KeyError, binascii.Error):
        return False
