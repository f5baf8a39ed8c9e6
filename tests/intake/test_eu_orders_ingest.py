"""An emailed EPOC is read as a European Production Order: its certificate's State, data
categories and emergency go on the request, the user notice is left to the issuing authority
(Article 13), and an emergency EPOC is first in the queue as soon as it is ingested, with its
8 hours counted from receipt."""

from datetime import timedelta
from pathlib import Path

import pytest

from intake.routing import ingest
from triage import selectors
from triage.models import DeadlineKind, Kind, Notice, Request, Status

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


def test_an_emailed_certificate_is_opened_with_its_issuing_authority_and_validated():
    # The French EPOC names no "Requesting agency": its agency is the certificate's own.
    raw = (DATA / "epoc_emergency_fr.eml").read_bytes()
    assert b"Requesting agency" not in raw

    result = ingest(raw, source="test")

    assert result.status == Status.VALIDATED, result
    r = Request.objects.get(reference=result.reference)
    assert r.agency == "Parquet de Paris, section J3 (cybercriminalité)"
    assert r.eu_issuing_authority == r.agency
    assert (r.agent_name, r.agent_email) == (
        "Claire Fontaine",
        "cybercrim.parquet-paris@justice.gouv.fr",
    )
    assert r.postal_address == "Parvis du Tribunal de Paris, 75017 Paris"
    assert r.eu_offence == "enlèvement et séquestration (article 224-1 du code pénal)"
    assert r.eu_legal_basis == "article 224-1 du code pénal"


def test_a_certificate_without_its_issuing_authority_waits_for_the_agency():
    raw = (DATA / "epoc_emergency_fr.eml").read_bytes()
    raw = raw.replace(
        b"Issuing authority: Parquet de Paris, section J3 (cybercriminalit\xc3\xa9)\n", b""
    )
    raw = raw.replace(b"From: Parquet de Paris <", b"From: <").replace(b"epoc-urgence-0042", b"x-1")

    result = ingest(raw, source="test")

    assert result.status != Status.VALIDATED, result
    # The form's heading "Issuing authority" is not taken for the authority's name.
    assert "agency" in result.missing
