"""The Notes section of the request page (issue #18): anyone of the team writes a note; a
person without a role gets 403 and writes nothing; the note shows escaped, with its mentions
highlighted, and the record says it in a sentence; a form sent twice adds one note."""

import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.web import sign_in
from triage.models import Event, EventKind, OutboundMail
from triage.services.notes import NOTE_MAX

pytestmark = pytest.mark.django_db


def _post(client, r, text, key="k" * 32):
    return client.post(reverse("triage:note_add", args=[r.reference]), {"text": text, "key": key})


def _notes(r):
    return list(Event.objects.filter(request=r, action=EventKind.NOTE))


def test_a_person_without_a_role_may_not_write_a_note(client, outsider):
    r = request_in("in_review")
    sign_in(client, outsider)

    assert _post(client, r, "Hello").status_code == 403
    assert _notes(r) == []


def test_a_note_needs_a_signed_in_person(client):
    r = request_in("in_review")

    response = _post(client, r, "Hello")

    assert response.status_code == 302 and "/login" in response["Location"]
    assert _notes(r) == []


def test_a_clerk_writes_a_note_and_the_page_shows_it_escaped_with_mentions(client, clerk, approver):
    r = request_in("in_review")
    sign_in(client, clerk)

    response = _post(client, r, "<b>look</b>\n@approver and @nobody", key="a1")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/requests/{r.reference}/#notes")

    page = client.get(r.get_absolute_url()).content.decode()
    assert "&lt;b&gt;look&lt;/b&gt;<br>" in page
    assert '<mark class="mention">@approver</mark>' in page
    assert "@nobody" in page and '<mark class="mention">@nobody' not in page
    assert "Not mentioned (nobody of the team by that name): nobody." in page
    assert "clerk wrote a note, mentioning approver." in page
    assert OutboundMail.objects.get(template="note_mention").to == [approver.email]


def test_the_same_form_posted_twice_adds_one_note(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    _post(client, r, "Once.", key="same")
    _post(client, r, "Once.", key="same")

    assert len(_notes(r)) == 1


def test_a_note_too_long_is_refused_and_the_text_kept(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = _post(client, r, "y" * (NOTE_MAX + 1))

    assert response.status_code == 400
    assert "y" * 100 in response.content.decode()  # given back to edit, not lost
    assert _notes(r) == []


def test_the_note_form_is_labelled_and_bounded(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    page = client.get(r.get_absolute_url()).content.decode()

    assert '<label for="id_note_text">Note for the team</label>' in page
    assert f'maxlength="{NOTE_MAX}"' in page
    assert 'aria-describedby="notes-hint"' in page
