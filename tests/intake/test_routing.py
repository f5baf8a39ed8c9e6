from pathlib import Path

import pytest
from django.db import connection, transaction

from intake import history, reading, store, targets
from intake.models import InboundMessage, Outcome, SecurityLogEntry
from intake.routing import ingest
from triage import services
from triage.models import Event, Kind, Request, Status
from triage.services import opening as opening_service

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_a_complete_subpoena_opens_a_validated_request():
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert (result.outcome, result.kind, result.status) == ("created", "subpoena", "validated")
    request = Request.objects.get(reference=result.reference)
    assert request.agency == "Federal Bureau of Investigation"
    assert request.agent_email == "laura.benton@fbi.gov"
    assert request.agent_phone == "(202) 555-0143 ext. 2210"  # as the letter prints it
    assert str(request.response_due_date) == "2026-12-18"
    assert request.source_message_id == "<subpoena-complete-2026@fbi.gov>"
    assert request.targets.get().email == "harbor.lights.88@gmail.com"
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == raw("fbi_subpoena_complete.eml")
    assert message.request == request
    assert message.received_at.isoformat() == "2026-11-02T14:05:00+00:00"


def test_an_incomplete_subpoena_proposes_what_is_missing_to_a_clerk():
    result = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    assert (result.outcome, result.status) == ("created", "received")
    assert result.missing == ["badge", "phone", "address", "response_date", "signature"]
    request = Request.objects.get(reference=result.reference)
    assert [p["name"] for p in request.proposed_deficiencies] == result.missing
    assert not request.letters.filter(kind="deficiency").exists()


def test_with_auto_deficiency_an_incomplete_subpoena_is_asked_for_what_is_missing(settings):
    settings.LERQ_AUTO_DEFICIENCY = True
    # The team takes any reading as sure enough (tests/intake/test_routing_certainty.py tests
    # the gate itself): the notice leaves without a person.
    settings.LERQ_AUTO_DEFICIENCY_CONFIDENCE = 0.0
    result = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    assert (result.outcome, result.status) == ("created", "needs_info")
    assert result.missing == ["badge", "phone", "address", "response_date", "signature"]
    letter = Request.objects.get(reference=result.reference).letters.get(kind="deficiency")
    assert letter.status == "queued"  # no person: the team chose so


def test_a_gmail_sender_is_refused_and_its_content_deleted():
    result = ingest(raw("gmail_sender.eml"), source="test")
    assert result.outcome == "refused"
    assert result.reasons[0] == "not_government_sender"
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == b"" and message.subject == ""
    log = SecurityLogEntry.objects.get()
    assert log.sender == "fbi.agent.desk@gmail.com"
    assert log.reason_codes == ["not_government_sender"]
    assert len(log.subject_sha256) == len(log.body_sha256) == 64
    assert not Request.objects.exists()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("fbi_dmarc_fail.eml", "authentication_failed"),
        ("fbi_forged_untrusted_results.eml", "no_authentication"),
    ],
)
def test_unauthenticated_government_mail_is_refused(name, code):
    result = ingest(raw(name), source="test")
    assert (result.outcome, result.reasons[0]) == ("refused", code)
    assert SecurityLogEntry.objects.get().reason_codes == [code]
    assert not Request.objects.exists()


def test_an_emergency_subject_opens_an_emergency_the_rules_validate():
    result = ingest(raw("emergency.eml"), source="test")
    assert (result.outcome, result.kind, result.status) == ("created", "emergency", "validated")


def test_the_same_bytes_twice_change_nothing():
    first = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    events = Event.objects.count()
    second = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert second.outcome == "duplicate"
    assert second.reference == first.reference
    assert (Request.objects.count(), InboundMessage.objects.count()) == (1, 1)
    assert Event.objects.count() == events


def test_the_same_message_id_with_other_bytes_is_a_duplicate():
    ingest(raw("fbi_subpoena_complete.eml"), source="test")
    changed = raw("fbi_subpoena_complete.eml").replace(b"wire fraud", b"bank fraud")
    result = ingest(changed, source="test")
    assert result.outcome == "duplicate"
    assert Request.objects.count() == 1


def test_a_reply_naming_the_reference_answers_a_deficiency_notice(tmp_path):
    opened = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    reply = raw("reply_reference.eml.template").replace(b"{REFERENCE}", opened.reference.encode())
    result = ingest(reply, source="test")
    assert (result.outcome, result.reference, result.status) == (
        "attached",
        opened.reference,
        "received",
    )
    assert Request.objects.get().status == Status.RECEIVED


def test_a_reply_in_reply_to_the_original_is_attached():
    opened = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    result = ingest(raw("reply_in_reply_to.eml"), source="test")
    assert (result.outcome, result.reference, result.status) == (
        "attached",
        opened.reference,
        "received",
    )


def test_an_attached_reply_goes_on_the_record_once():
    opened = ingest(raw("fbi_subpoena_incomplete.eml"), source="test")
    request = Request.objects.get(reference=opened.reference)
    reply = raw("reply_in_reply_to.eml")
    ingest(reply, source="test")
    message = InboundMessage.objects.get(request=request, outcome=Outcome.ATTACHED)

    # Recording it again (a re-run after a crash) adds nothing.
    again = services.request_message_record(
        request=request,
        message_id=message.message_id,
        sha256=message.sha256,
        sender=message.sender,
        subject=message.subject,
    )

    (event,) = Event.objects.filter(request=request, action="message")
    assert event.data["sha256"] == message.sha256
    assert event.data["sender"] == message.sender
    assert again is False


def test_a_government_note_is_held():
    result = ingest(raw("government_note.eml"), source="test")
    assert result.outcome == "held"
    assert not Request.objects.exists()


def test_an_unknown_reference_is_held():
    result = ingest(raw("unknown_reference.eml"), source="test")
    assert result.outcome == "held"
    assert "LER-2019-000999" in result.reasons[-1]


def crash_when_marked_created(monkeypatch):
    """The request is opened and decided (one transaction); marking the message fails."""
    real = history.sender_history_record

    def crash(**kwargs):
        if kwargs["outcome"] == Outcome.CREATED:
            raise RuntimeError("power cut")
        return real(**kwargs)

    monkeypatch.setattr(history, "sender_history_record", crash)


def test_a_crash_after_opening_is_finished_by_the_next_run(monkeypatch):
    crash_when_marked_created(monkeypatch)
    failed = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert failed.outcome == "failed"
    assert failed.reasons == ["RuntimeError: power cut"]
    message = InboundMessage.objects.get()
    assert message.outcome == Outcome.FAILED
    assert message.request.status == Status.VALIDATED  # linked to what it opened
    monkeypatch.undo()
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert (result.outcome, result.status) == ("created", "validated")
    assert Request.objects.count() == 1


def test_a_crash_while_opening_leaves_nothing_and_the_next_run_opens_it(monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("power cut")

    # The acknowledgement is recorded after the opening event, before the decision.
    monkeypatch.setattr(opening_service, "letter_issue", crash)
    failed = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert (failed.outcome, failed.reasons) == ("failed", ["RuntimeError: power cut"])
    assert not Request.objects.exists() and not Event.objects.exists()
    assert InboundMessage.objects.get().request is None
    monkeypatch.undo()
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert (result.outcome, result.status) == ("created", "validated")
    assert list(Event.objects.order_by("seq").values_list("action", flat=True)) == [
        "opened",
        "validate",
    ]


def test_a_message_stored_but_never_routed_is_routed_on_the_next_run():
    store.message_store(raw("gmail_sender.eml"), source="test")
    assert InboundMessage.objects.get().outcome == Outcome.PENDING
    assert ingest(raw("gmail_sender.eml"), source="test").outcome == "refused"


def test_an_interception_is_left_for_a_lawyer(monkeypatch):
    real = reading.extract_document

    def as_interception(doc):
        found = real(doc)
        found.fields["kind"] = Kind.INTERCEPTION
        return found

    monkeypatch.setattr(reading, "extract_document", as_interception)
    result = ingest(raw("fbi_subpoena_complete.eml"), source="test")
    assert (result.outcome, result.kind, result.status) == ("created", "interception", "received")
    assert "Real-time interception is always refused" in result.reasons[-1]


def test_a_target_the_model_refuses_is_dropped_not_fatal():
    kept, dropped = targets.targets_accepted(
        [{"type": "user", "ip": "999.1.1.1"}, {"type": "user", "email": "a@example.com"}]
    )
    assert kept == [{"type": "user", "email": "a@example.com", "meeting_time": None}]
    assert len(dropped) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_on_postgresql_the_requests_a_message_may_belong_to_are_found_by_index():
    # Routing asks these on every message: a scan of every request would grow with the years.
    found = [
        Request.objects.filter(source_sha256="0" * 64),
        Request.objects.filter(source_message_id__in=["<a@fbi.gov>", "<b@fbi.gov>"]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset, index in zip(
            found, ["request_source_sha256_idx", "request_source_msgid_idx"], strict=True
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            assert index in "\n".join(row[0] for row in cursor.fetchall())
