from pathlib import Path

import pytest

from intake.models import InboundMessage
from intake.routing import ingest

DATA = Path(__file__).resolve().parents[2] / "data" / "mail"


@pytest.fixture(autouse=True)
def _intake(settings, tmp_path):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.MEDIA_ROOT = tmp_path / "media"


def ingest_file(name: str, **replace: str) -> InboundMessage:
    raw = (DATA / name).read_bytes()
    for key, value in replace.items():
        raw = raw.replace(("{" + key + "}").encode(), value.encode())
    result = ingest(raw, source=name)
    return InboundMessage.objects.get(pk=result.message_pk)
