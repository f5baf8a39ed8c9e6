"""The letters of a request on its page: each with its status, times, hash and Message-ID;
the signed PDF downloaded through a permission-checked view; a letter sent again by a
reviewer, with the reason."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_request
from tests.web import sign_in
from triage.models import Event, EventKind, Letter, LetterStatus, Request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a signed letter\n%%EOF\n"


def page(client, r: Request):
    return client.get(reverse("triage:request_detail", args=[r.reference]))


def act(client, r: Request, action: str, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def download(client, r: Request, letter: Letter):
    return client.get(reverse("triage:letter_download", args=[r.reference, letter.pk]))


def sent(letter: Letter, data: bytes = PDF) -> Letter:
    """The letter as the worker leaves it: rendered, signed, stored with its hash, sent."""
    letter.file.name = default_storage.save(letter.storage_name(), ContentFile(data))
    letter.sha256 = "ab" * 32
    letter.size = len(data)
    letter.status = LetterStatus.SENT
    letter.rendered_at = letter.sent_at = timezone.now()
    letter.save()
    return letter


def test_each_letter_is_listed_with_its_status_hash_size_and_message_id(client, reviewer):
    r = open_request()
    letter = sent(Letter.objects.get(request=r))
    sign_in(client, reviewer)

    html = page(client, r).text

    row = html[html.index(f'data-letter="{letter.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Acknowledgement" in row and "#1" in row and "Sent" in row
    assert "ab" * 32 in row
    assert letter.message_id.replace("<", "&lt;").replace(">", "&gt;") in row
    assert reverse("triage:letter_download", args=[r.reference, letter.pk]) in row
    assert "MEDIA" not in row and "/media/" not in row


def test_a_failed_letter_shows_why(client, reviewer):
    r = open_request()
    Letter.objects.filter(request=r).update(
        status=LetterStatus.FAILED, error="Signing key <missing>"
    )
    sign_in(client, reviewer)

    html = page(client, r).text

    assert "Failed" in html and "Signing key &lt;missing&gt;" in html
    assert "not rendered yet" in html


def test_the_signed_pdf_downloads_as_an_attachment_never_sniffed(client, clerk):
    r = open_request()
    letter = sent(Letter.objects.get(request=r))
    sign_in(client, clerk)

    response = download(client, r, letter)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{r.reference}-acknowledgement-1.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_letter_of_another_request_is_not_found_under_this_one(client, reviewer):
    r, other = open_request(), open_request()
    theirs = sent(Letter.objects.get(request=other))
    sign_in(client, reviewer)

    assert download(client, r, theirs).status_code == 404


def test_a_letter_not_rendered_yet_is_not_found(client, reviewer):
    r = open_request()
    sign_in(client, reviewer)

    assert download(client, r, Letter.objects.get(request=r)).status_code == 404


def test_someone_outside_the_team_cannot_download_a_letter(client, outsider):
    r = open_request()
    letter = sent(Letter.objects.get(request=r))
    sign_in(client, outsider)

    assert download(client, r, letter).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    r = open_request()
    letter = sent(Letter.objects.get(request=r))

    assert download(client, r, letter).status_code == 302


def test_a_reviewer_sends_a_letter_again_with_the_reason(client, reviewer):
    r = open_request()
    first = Letter.objects.get(request=r)
    sign_in(client, reviewer)

    response = act(client, r, "letter_reissue", letter=first.pk, reason="The agency lost it.")

    assert response.status_code == 302
    again = Letter.objects.filter(request=r).order_by("pk").last()
    assert (again.kind, again.sequence, again.status) == ("acknowledgement", 2, "queued")
    event = Event.objects.filter(request=r, action=EventKind.LETTER_ISSUED).last()
    assert event.reason == "The agency lost it." and event.data["again"] == first.pk
    assert "The letter is issued again" in client.get(response["Location"]).text


def test_the_page_asks_why_before_sending_again(client, reviewer):
    r = open_request()
    letter = Letter.objects.get(request=r)
    sign_in(client, reviewer)

    html = page(client, r).text

    form = html[html.index('details class="act" data-action="letter_reissue"') :]
    form = form[: form.index("</details>")]
    assert re.search(rf'name="letter" value="{letter.pk}"', form)
    assert 'name="reason"' in form


def test_sending_again_without_a_reason_is_refused_with_why(client, reviewer):
    r = open_request()
    first = Letter.objects.get(request=r)
    sign_in(client, reviewer)

    response = act(client, r, "letter_reissue", letter=first.pk, reason="  ")

    assert response.status_code == 400
    assert "reason: This field is required." in response.text
    assert Letter.objects.filter(request=r).count() == 1


def test_another_requests_letter_cannot_be_sent_again_from_this_page(client, reviewer):
    r, other = open_request(), open_request()
    theirs = Letter.objects.get(request=other)
    sign_in(client, reviewer)

    response = act(client, r, "letter_reissue", letter=theirs.pk, reason="Lost.")

    assert response.status_code == 400
    assert Letter.objects.filter(request=other).count() == 1


def test_a_clerk_cannot_send_a_letter_again_and_sees_no_form(client, clerk):
    r = open_request()
    first = Letter.objects.get(request=r)
    sign_in(client, clerk)

    assert 'data-action="letter_reissue"' not in page(client, r).text
    assert act(client, r, "letter_reissue", letter=first.pk, reason="x").status_code == 403
    assert Letter.objects.filter(request=r).count() == 1


def test_an_outsider_cannot_send_a_letter_again(client, outsider):
    r = open_request()
    first = Letter.objects.get(request=r)
    sign_in(client, outsider)

    assert act(client, r, "letter_reissue", letter=first.pk, reason="x").status_code == 403
