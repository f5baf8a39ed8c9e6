"""An emailed EPOC is read as a European Production Order: its certificate's State, data
categories and emergency go on the request, the user notice is left to the issuing authority
(Article 13), and an emergency EPOC is first in the queue as soon as it is ingested, with its
8 hours counted from receipt."""

from datetime import timedelta
from pathlib import Path

import pytest

from intake.routing import ingest
from triage import selectors
from triage.models import DeadlineKind, Kind, Notice, Request

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "eu"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def test_an_emergency_epoc_is_opened_as_one_and_put_first_in_the_queue():
    older = ingest((DATA.parent / "ingest" / "fbi_subpoena_complete.eml").read_bytes(), source="t")
    result = ingest((DATA / "epoc_emergency_fr.eml").read_bytes(), source="test")

    assert result.kind == Kind.EU_PRODUCTION_ORDER
    r = Request.objects.get(reference=result.reference)
    assert (r.eu_issuing_state, r.eu_emergency, r.eu_enforcing_notified) == ("FR", True, False)
    assert r.eu_data_categories == ["subscriber", "traffic"]
    assert r.notice == Notice.NOT_PERMITTED
    due = r.deadlines.get(kind=DeadlineKind.RESPONSE_DUE)
    assert due.due_at == r.received_at + timedelta(hours=8)
    assert r.deadlines.filter(kind=DeadlineKind.EMERGENCY_ACK).exists()

    queue = [q.reference for q in selectors.request_list_for_queue()]
    assert queue[0] == r.reference
    assert older.reference in queue[1:]
