"""The conversation with the agency on the request page (issue 18): a clerk or reviewer writes
a draft (from a canned text, with files), only a second person is offered Send, the text is
escaped, and the upload is bounded in count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import request_in
from tests.web import sign_in
from triage.models import AgencyMessage, AgencyMessageStatus, OutboundMail, Request
from triage.services.agency_messages import agency_message_draft
from triage.views.agency_messages import ERR_TOO_MANY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def section(client, r: Request, **params):
    url = reverse("triage:agency_messages", args=[r.reference])
    return client.get(url, params, HTTP_HX_REQUEST="true")


def post_draft(client, r: Request, files=(), **data):
    url = reverse("triage:agency_message_new", args=[r.reference])
    return client.post(
        url, {"title": "Clarification", "body": "Which account?", **data, "files": list(files)}
    )


def test_a_canned_text_fills_the_form_for_the_author_to_edit(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    html = section(client, r, start="signed_copy").text

    assert 'value="Signed copy needed"' in html
    assert "signed by the requesting official" in html and r.reference in html


def test_a_clerks_draft_waits_and_the_clerk_is_not_offered_send(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    response = post_draft(client, r, files=[SimpleUploadedFile("copy.pdf", PDF)])

    assert response.status_code == 302
    message = AgencyMessage.objects.get(request=r)
    assert (message.author, message.status) == (clerk, AgencyMessageStatus.DRAFT)
    assert [a["name"] for a in message.attachments] == ["copy.pdf"]
    html = section(client, r).text
    assert f'data-action="agency_message_send-{message.pk}"' not in html
    send = reverse("triage:agency_message_send", args=[r.reference, message.pk])
    assert client.post(send).status_code == 403
    assert not OutboundMail.objects.exists()


def test_the_author_is_not_offered_send_and_a_second_reviewer_is(client, reviewer, approver):
    r = request_in("validated")
    message = agency_message_draft(request=r, by=reviewer, title="Clarification", body="Hi")
    sign_in(client, reviewer)
    assert f'data-action="agency_message_send-{message.pk}"' not in section(client, r).text
    send = reverse("triage:agency_message_send", args=[r.reference, message.pk])
    client.post(send)
    assert AgencyMessage.objects.get(pk=message.pk).status == AgencyMessageStatus.DRAFT

    sign_in(client, approver)
    assert f'data-action="agency_message_send-{message.pk}"' in section(client, r).text
    assert client.post(send).status_code == 302
    assert AgencyMessage.objects.get(pk=message.pk).status == AgencyMessageStatus.SENT


def test_what_a_person_wrote_is_shown_escaped(client, reviewer):
    r = request_in("validated")
    agency_message_draft(request=r, by=reviewer, title="<b>x</b>", body="<script>alert(1)</script>")
    sign_in(client, reviewer)

    html = section(client, r).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_more_files_than_a_message_may_carry_are_refused_whole(client, reviewer):
    r = request_in("validated")
    sign_in(client, reviewer)
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(6)]

    response = post_draft(client, r, files=files)

    assert response.status_code == 400
    assert ERR_TOO_MANY in response.text
    assert "Which account?" in response.text  # what was written is not lost
    assert not AgencyMessage.objects.exists()


def test_someone_without_a_role_sees_nothing_and_writes_nothing(client, outsider):
    r = request_in("validated")
    sign_in(client, outsider)
    assert section(client, r).status_code == 403
    assert post_draft(client, r).status_code == 403


def test_the_sender_is_warned_when_the_address_is_not_the_verified_agency_s(
    client, reviewer, approver
):
    r = request_in("validated")
    verified = r.agent_email
    Request.objects.filter(pk=r.pk).update(agent_email="someone@mail.example")
    r.refresh_from_db()
    message = agency_message_draft(request=r, by=reviewer, title="Clarification", body="Hi")
    sign_in(client, approver)

    html = section(client, r).text

    assert f'data-action="agency_message_send-{message.pk}"' in html
    assert "Check the address:</strong> someone@mail.example is not on the domain" in html
    Request.objects.filter(pk=r.pk).update(agent_email=verified)
    AgencyMessage.objects.filter(pk=message.pk).update(to=[verified])
    assert "Check the address" not in section(client, r).text
