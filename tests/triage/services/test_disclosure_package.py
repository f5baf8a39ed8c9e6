"""A disclosure is exactly what the second lawyer approved (issue #15, points 1 to 3): approval
binds the package (records by hash, destination, legal basis, letter), any change afterwards
withdraws it, and disclosure sends the approved package or nothing."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import open_request, request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from tests.triage.services.helpers import (
    approved,
    fresh,
    package_prepare,
    produce,
    refused,
    walk_reviewer,
    with_notice,
)
from triage import services
from triage.audit import chain_verify
from triage.models import (
    Event,
    EventKind,
    Kind,
    Letter,
    LetterStatus,
    Notice,
    OutboundMail,
    Request,
    Status,
)
from triage.package import package_of, package_sha256
from triage.services import ActionNotPermitted, InvalidInput, RequestChanged, TransitionRefused
from triage.services.approval import ERR_DESTINATION_APPROVED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

EXFIL = "exfil.drop@gmail.com"


def ready_to_disclose(**fields) -> Request:
    """A subpoena with a built production, approved, its user notice not required."""
    return with_notice(approved(produced=True, **fields), Notice.NOT_REQUIRED)


def add_record(r: Request, name: str = "ip_logs.csv") -> None:
    services.production_file_add(
        confirmed_needed=True,
        request=fresh(r),
        by=walk_reviewer(),
        upload=io.BytesIO(b"ip,at\n198.51.100.7,2026-05-01T10:00:00Z\n"),
        name=name,
        description="IP address logs",
        category="ip_logs",
    )


# --- 1. nothing is approved or disclosed before something is produced ----------------------
def test_approval_is_refused_while_nothing_is_produced(reviewer, approver):
    r = with_notice(request_in("in_review"), Notice.NOT_REQUIRED)
    r = services.request_submit_for_approval(request=r, by=reviewer)

    error = refused(lambda: services.request_approve(request=r, by=approver))

    assert "there is nothing to approve yet" in str(error)
    assert fresh(r).status == Status.IN_REVIEW


def test_records_added_but_not_built_are_not_a_package(reviewer, approver):
    r = request_in("in_review")
    add_record(r)
    r = services.request_submit_for_approval(request=fresh(r), by=reviewer)

    error = refused(lambda: services.request_approve(request=r, by=approver))

    assert "build the production" in str(error)


def test_a_reasoned_no_data_decision_is_a_package_and_its_letter_says_nothing_is_produced(
    reviewer, approver, second_reviewer
):
    r = with_notice(request_in("in_review"), Notice.NOT_REQUIRED)
    services.request_no_data_record(
        request=r, by=reviewer, reason="No account is registered to the targets."
    )
    r = services.request_submit_for_approval(request=fresh(r), by=reviewer)
    r = services.request_approve(request=r, by=approver)
    services.request_disclose(request=r, by=second_reviewer)

    letter = Letter.objects.get(request=r, kind="disclosure")
    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)
    letter.refresh_from_db()
    assert (letter.status, letter.error, letter.production) == (LetterStatus.SENT, "", None)
    with default_storage.open(letter.file.name, "rb") as f:
        assert "we produce no records" in pdf_text(f.read())
    disclosed = Event.objects.get(request=r, action=EventKind.DISCLOSE)
    assert disclosed.data["no_data"] is True and disclosed.data["records"] == 0


def test_a_no_data_decision_needs_a_reason_and_falls_when_a_record_is_added(reviewer):
    r = request_in("in_review")
    refused(
        lambda: services.request_no_data_record(request=r, by=reviewer, reason="  "),
        InvalidInput,
    )
    services.request_no_data_record(request=r, by=reviewer, reason="Nothing held.")
    add_record(r)

    assert fresh(r).no_data_reason == ""
    added = Event.objects.get(request=r, action=EventKind.PRODUCTION_FILE_ADDED)
    assert added.data["no_data_decision_withdrawn"] == "Nothing held."


def test_a_clerk_cannot_decide_that_there_is_nothing_to_produce(clerk):
    r = request_in("in_review")
    refused(
        lambda: services.request_no_data_record(request=r, by=clerk, reason="Nothing."),
        ActionNotPermitted,
    )


# --- 2. what was approved cannot change afterwards --------------------------------------
def test_a_record_added_after_approval_withdraws_it_and_tells_the_approver(approver):
    r = approved(produced=True, approved_by=approver)
    approved_hash = r.approved_package_sha256

    add_record(r)

    r = fresh(r)
    assert (r.status, r.approved_by, r.approved_package_sha256) == (Status.IN_REVIEW, None, "")
    assert r.approval_requested_by is not None  # it waits for the approver again
    fell = Event.objects.filter(request=r, action=EventKind.WITHDRAW_APPROVAL).get()
    assert fell.actor_name == "system" and fell.data["automatic"] is True
    assert fell.data["approved_package_sha256"] == approved_hash
    assert "ip_logs.csv" in fell.reason and "walk-reviewer" in fell.reason
    told = OutboundMail.objects.get(request=r, template="approval_withdrawn")
    assert approver.email in told.to and "ip_logs.csv" in told.body_text
    assert chain_verify().intact


def test_a_new_production_built_after_approval_withdraws_it():
    r = approved(produced=True)
    produce(r, name="second.csv")

    assert fresh(r).status == Status.IN_REVIEW


def test_disclose_refuses_a_package_changed_behind_the_services_back_and_says_what(
    second_reviewer,
):
    r = ready_to_disclose()
    # A path that forgot to re-check (or an edit in the database): the destination moved.
    Request.objects.filter(pk=r.pk).update(agent_email=EXFIL)

    error = refused(lambda: services.request_disclose(request=fresh(r), by=second_reviewer))

    assert f"the destination changed from dscully@fbi.gov to {EXFIL}" in str(error)
    assert not Letter.objects.filter(request=r, kind="disclosure").exists()


def test_approval_binds_the_package_the_approver_saw(approver):
    r = approved(produced=True)
    r = services.request_withdraw_approval(request=r, by=walk_reviewer(), reason="recheck")
    r = services.request_submit_for_approval(request=r, by=walk_reviewer())
    seen = package_sha256(package_of(r))
    add_record(r)
    produce(r, name="late.csv")

    refused(
        lambda: services.request_approve(request=fresh(r), by=approver, seen_package=seen),
        RequestChanged,
    )


# --- 3. where a disclosure may go -------------------------------------------------------
def test_a_clerk_cannot_redirect_an_approved_disclosure(clerk):
    r = ready_to_disclose()

    error = refused(
        lambda: services.request_update_fields(
            request=r, by=clerk, changes={"agent_email": EXFIL}, seen_status=r.status
        ),
        ActionNotPermitted,
    )

    assert str(error) == ERR_DESTINATION_APPROVED.format(user="clerk", reference=r.reference)


def test_a_clerk_still_corrects_descriptive_fields_of_an_approved_request(clerk):
    r = ready_to_disclose()

    services.request_update_fields(
        request=r, by=clerk, changes={"agent_name": "Dana K. Scully"}, seen_status=r.status
    )

    assert fresh(r).status == Status.APPROVED


def test_an_address_off_the_agency_domain_needs_a_reviewer_and_a_reason(clerk, reviewer):
    r = request_in("in_review")
    change = {"agent_email": EXFIL}

    for who, reason in ((clerk, "the agent asked"), (reviewer, "")):
        refused(
            lambda who=who, reason=reason: services.request_update_fields(
                request=r,
                by=who,
                changes=change,
                seen_status=r.status,
                destination_reason=reason,
            ),
            InvalidInput,
        )
    # On the verified agency's own domain a clerk may correct it.
    services.request_update_fields(
        request=r, by=clerk, changes={"agent_email": "legal@ic.fbi.gov"}, seen_status=r.status
    )
    assert fresh(r).agent_email == "legal@ic.fbi.gov"


def test_a_reviewer_redirecting_an_approved_disclosure_withdraws_it_and_it_goes_where_approved(
    reviewer, approver, second_reviewer
):
    r = ready_to_disclose()
    services.request_update_fields(
        request=r,
        by=reviewer,
        changes={"agent_email": "case.agent@fbi-field.org"},
        seen_status=r.status,
        destination_reason="The field office's address, confirmed by phone on the FBI's number.",
    )
    r = fresh(r)
    assert r.status == Status.IN_REVIEW and r.destination_set_by == reviewer
    fell = Event.objects.get(request=r, action=EventKind.WITHDRAW_APPROVAL)
    assert "the destination changed from dscully@fbi.gov to case.agent@fbi-field.org" in fell.reason

    r = services.request_approve(request=r, by=approver)
    assert r.approved_package["destination_decision"]["by"] == reviewer.get_username()
    services.request_disclose(request=r, by=second_reviewer)
    letter = Letter.objects.get(request=r, kind="disclosure")
    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)
    assert fresh_letter(letter).mail.to == ["case.agent@fbi-field.org"]


def fresh_letter(letter: Letter) -> Letter:
    return Letter.objects.select_related("mail").get(pk=letter.pk)


def test_a_request_whose_sender_was_not_verified_waits_for_a_reviewers_destination(
    reviewer, approver
):
    # Opened from a held mail or from post: no government sender was verified.
    r = open_request(sender_address="")
    r = services.request_validate(request=r, by=None)
    r = services.request_start_review(request=r, by=None)
    package_prepare(r)
    r = services.request_submit_for_approval(request=fresh(r), by=reviewer)
    error = refused(lambda: services.request_approve(request=r, by=approver))
    assert "not a verified address of the requesting agency" in str(error)

    services.request_destination_confirm(
        request=r, by=reviewer, reason="Address on the signed letter, confirmed by phone."
    )
    assert services.request_approve(request=fresh(r), by=approver).status == Status.APPROVED


# --- disclosure is one act --------------------------------------------------------------
def test_disclose_sends_the_approved_production_and_records_its_hash_and_destination(
    second_reviewer,
):
    r = ready_to_disclose()
    production = r.productions.get()

    services.request_disclose(request=r, by=second_reviewer)

    event = Event.objects.get(request=r, action=EventKind.DISCLOSE)
    assert event.data["production_sha256"] == production.sha256
    assert event.data["to"] == ["dscully@fbi.gov"]
    assert event.data["package_sha256"] == fresh(r).approved_package_sha256
    letter = Letter.objects.get(request=r, kind="disclosure")
    assert letter.production == production and letter.extra["to"] == ["dscully@fbi.gov"]

    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)
    mail = fresh_letter(letter).mail
    assert mail.to == ["dscully@fbi.gov"]
    [zip_attachment] = [a for a in mail.attachments if a["name"].endswith(".zip")]
    with default_storage.open(zip_attachment["path"], "rb") as f:
        sent = f.read()
    assert zipfile.ZipFile(io.BytesIO(sent)).namelist()[-1] == "certificate.pdf"


def test_verify_production_on_the_file_the_agency_received_finds_the_disclose_event(
    tmp_path, second_reviewer, settings
):
    r = ready_to_disclose()
    services.request_disclose(request=r, by=second_reviewer)
    production = r.productions.get()
    received = tmp_path / "received.zip"
    with default_storage.open(production.zip.name, "rb") as f:
        received.write_bytes(f.read())

    out, err = StringIO(), StringIO()
    call_command(
        "verify_production",
        str(received),
        "--cert",
        str(settings.LERQ_SIGNING_CERT),
        stdout=out,
        stderr=err,
    )

    assert out.getvalue().splitlines()[-1].startswith("production verified: 1 records")
    assert f"disclosed as {r.reference} to dscully@fbi.gov" in err.getvalue()


def test_an_emergency_approval_that_falls_resumes_its_escalations():
    r = approved(Kind.EMERGENCY, produced=True)
    add_record(r, name="more_logs.csv")

    assert fresh(r).status == Status.IN_REVIEW
    assert fresh(r).deadlines.filter(kind="emergency_escalation", done_at__isnull=True).exists()


def test_an_access_restriction_needs_no_production_but_its_destination_is_bound(approver):
    r = request_in("in_review", Kind.ACCESS_RESTRICTION)
    r = services.request_submit_for_approval(request=r, by=walk_reviewer())
    r = services.request_approve(request=r, by=approver)
    assert r.approved_package["no_data"] and r.approved_package["destination"]

    with pytest.raises(TransitionRefused):
        Request.objects.filter(pk=r.pk).update(kind=Kind.SEARCH_WARRANT)
        services.request_disclose(request=fresh(r), by=walk_reviewer())
