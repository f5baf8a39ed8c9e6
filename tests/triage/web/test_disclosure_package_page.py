"""The disclosure package through the browser's requests (issue #15): the approver sees exactly
what goes out, approves that and nothing else, and a clerk cannot redirect it."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.triage.services.helpers import approved, asked, fresh, with_notice
from tests.triage.web.test_request_actions import act
from tests.web import sign_in
from triage import services
from triage.models import Letter, LetterStatus, Notice, Status
from triage.package import package_of, package_sha256

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

EXFIL = "exfil.drop@gmail.com"


def fields_form(r, **changed):
    form = {
        name: getattr(r, name) or ""
        for name in (
            "agency",
            "agent_name",
            "badge",
            "agent_email",
            "agent_phone",
            "postal_address",
            "country",
            "language",
            "case_number",
            "summary",
        )
    }
    form["response_due_date"] = r.response_due_date.isoformat()
    # What the page showed travels with the form (show_hidden_initial).
    initial = {f"initial-{k}": v for k, v in form.items()}
    return {**form, **initial, **changed}


def test_a_clerk_posting_a_new_address_on_an_approved_request_is_refused(client, clerk):
    r = with_notice(approved(produced=True), Notice.NOT_REQUIRED)
    sign_in(client, clerk)

    response = act(client, r, "fields", **fields_form(r, agent_email=EXFIL))

    assert response.status_code == 403
    r = fresh(r)
    assert (r.agent_email, r.status) == ("dscully@fbi.gov", Status.APPROVED)


def test_the_approver_sees_the_records_their_hashes_and_where_they_go(client, second_approver):
    r = asked(produced=True)
    sign_in(client, second_approver)

    html = client.get(r.get_absolute_url()).text

    production = r.productions.get()
    assert 'id="package"' in html
    assert production.sha256 in html and production.manifest[0]["sha256"] in html
    assert "dscully@fbi.gov" in html and "verified sender" in html
    assert package_sha256(package_of(r)) in html


def test_an_approval_posted_from_a_page_showing_an_older_package_approves_nothing(
    client, second_approver
):
    r = asked(produced=True)
    shown = package_sha256(package_of(r))
    services.production_file_add(
        request=r,
        by=r.approval_requested_by,
        upload=io.BytesIO(b"a,b\n1,2\n"),
        name="late.csv",
        description="added while the approver was reading",
        category="subscriber",
    )
    sign_in(client, second_approver)

    response = act(client, r, "approve", package=shown)

    assert response.status_code == 409
    assert fresh(r).status == Status.IN_REVIEW


def test_the_dashboard_shows_a_letter_that_could_not_be_delivered(client, reviewer):
    r = asked(produced=True)
    letter = Letter.objects.filter(request=r).first()
    Letter.objects.filter(pk=letter.pk).update(
        status=LetterStatus.FAILED,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
        next_attempt_at=timezone.now(),
    )
    sign_in(client, reviewer)

    html = client.get(reverse("triage:dashboard")).text

    assert 'id="undelivered"' in html and "Connection unexpectedly closed" in html
