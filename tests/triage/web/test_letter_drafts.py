"""Draft letters on the request page and the dashboard (issue 16): each draft shows as it will
be sent (the HTML the PDF is made from) with the fields it uses; the person who may send it
adds a paragraph and presses Send. Intake's proposed deficiency list is shown ticked in the
ask_info form."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import rules, services
from triage.models import Event, EventKind, Letter, LetterStatus, Request

pytestmark = pytest.mark.django_db

PARAGRAPH = "We hold no data for the second address you name."


def page(client, r: Request):
    return client.get(reverse("triage:request_detail", args=[r.reference]))


def act(client, r: Request, action: str, **data):
    r = Request.objects.get(pk=r.pk)
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def preview(client, letter: Letter):
    return client.get(reverse("triage:letter_draft", args=[letter.request.reference, letter.pk]))


def rejected(reviewer) -> Letter:
    r = request_in("in_review")
    services.request_reject(request=r, by=reviewer, reasons=["overbroad"])
    return Letter.objects.get(request=r, kind="rejection")


def test_the_page_says_which_drafts_wait_and_shows_each_as_it_will_be_sent(client, reviewer):
    letter = rejected(reviewer)
    sign_in(client, reviewer)

    html = page(client, letter.request).text

    assert re.search(r"1 letter draft waits\s+to be sent", html)
    draft = html[html.index(f'class="draft" data-letter="{letter.pk}"') :]
    assert reverse("triage:letter_draft", args=[letter.request.reference, letter.pk]) in draft
    assert "Fields the letter uses" in draft and "overbroad" in draft
    assert f'data-action="letter_send-{letter.pk}"' in draft
    # A draft is sent, not sent again.
    assert f'data-action="letter_reissue-{letter.pk}"' not in html


def test_the_preview_is_the_letters_own_html_and_may_load_nothing(client, reviewer):
    letter = rejected(reviewer)
    sign_in(client, reviewer)

    response = preview(client, letter)

    assert response.status_code == 200
    assert letter.request.reference in response.text and "vague or overbroad" in response.text
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src" not in csp  # falls back to none
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_reviewer_adds_a_paragraph_sees_it_in_the_draft_and_sends(client, reviewer):
    letter = rejected(reviewer)
    sign_in(client, reviewer)

    saved = act(client, letter.request, "letter_paragraph", letter=letter.pk, paragraph=PARAGRAPH)
    assert saved.status_code == 302
    assert PARAGRAPH in preview(client, letter).text
    sent = act(client, letter.request, "letter_send", letter=letter.pk, paragraph=PARAGRAPH)

    assert sent.status_code == 302
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.status, letter.paragraph, letter.released_by) == (
        LetterStatus.QUEUED,
        PARAGRAPH,
        reviewer,
    )
    assert Event.objects.filter(request=letter.request, action=EventKind.LETTER_RELEASED).exists()
    assert "letter draft" not in page(client, letter.request).text
    assert preview(client, letter).status_code == 404  # no draft any more


def test_a_clerk_sees_a_rejection_draft_but_cannot_send_it(client, clerk, reviewer):
    letter = rejected(reviewer)
    sign_in(client, clerk)

    html = page(client, letter.request).text
    response = act(client, letter.request, "letter_send", letter=letter.pk, paragraph="")

    assert "Waits for a reviewer to send it" in html
    assert f'data-action="letter_send-{letter.pk}"' not in html
    assert response.status_code == 403
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_intakes_proposal_is_shown_and_ticked_in_the_deficiency_form(client, clerk):
    sentence = rules.NOT_GOVERNMENT_EMAIL.format(email="agent@example.com")
    r = open_request(
        proposed=[
            {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"]},
            {"name": "agent_email", "sentence": sentence},
        ]
    )
    sign_in(client, clerk)

    html = page(client, r).text

    assert 'id="proposal"' in html and "nothing has been sent" in html
    form = html[html.index('data-action="ask_info"') :]
    form = form[: form.index("</form>")]
    ticked = set(re.findall(r'value="(\w+)"[^>]*checked', form))
    assert ticked == {"letterhead", "agent_email"}
    assert escape(sentence) in form  # the item says the sentence the notice would use


def test_where_lerq_looked_is_shown_beside_each_proposed_item(client, clerk):
    looked = "subject and mail body, 1 attachment: <b>subpoena</b>.pdf"
    r = open_request(
        proposed=[
            {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"], "looked": looked},
            {"name": "badge", "sentence": rules.SENTENCES["badge"]},  # an older entry
        ]
    )
    sign_in(client, clerk)

    html = page(client, r).text

    item = html[html.index('data-proposed="letterhead"') :]
    item = item[: item.index("</li>")]
    assert "Where lerq looked:" in item and escape(looked) in item  # a file name is escaped
    badge = html[html.index('data-proposed="badge"') :]
    assert "Where lerq looked" not in badge[: badge.index("</li>")]


def test_the_clerk_asks_from_the_proposal_and_the_notice_waits_to_be_sent(client, clerk):
    r = open_request(
        proposed=[
            {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"]},
            {"name": "badge", "sentence": rules.SENTENCES["badge"]},
        ]
    )
    sign_in(client, clerk)

    response = act(client, r, "ask_info", missing=["badge"], explanation="")

    assert response.status_code == 302
    letter = Letter.objects.get(request=r, kind="deficiency")
    assert letter.status == LetterStatus.DRAFT and letter.extra["missing"] == ["badge"]
    text = preview(client, letter).text
    assert escape(rules.SENTENCES["badge"]) in text
    assert escape(rules.SENTENCES["letterhead"]) not in text


def test_the_dashboard_lists_the_drafts_waiting_to_be_sent(client, reviewer):
    letter = rejected(reviewer)
    sign_in(client, reviewer)

    html = client.get(reverse("triage:dashboard")).text

    section = html[html.index('id="drafts"') :]
    assert "Letters waiting to be sent" in section
    assert letter.request.reference in section and "Rejection" in section


def test_the_record_shows_who_sent_the_letter_with_their_paragraph(client, reviewer):
    letter = rejected(reviewer)
    services.letter_send(letter=letter, by=reviewer, paragraph=PARAGRAPH)
    sign_in(client, reviewer)

    html = page(client, letter.request).text

    event = html[html.index('data-action="letter_released"') :]
    event = event[: event.index("</li>")]
    assert "reviewer read the rejection (no. 1) and sent it, with the paragraph" in event
    assert PARAGRAPH in event


def test_a_reviewer_discards_a_draft_and_it_is_no_longer_offered(client, reviewer):
    letter = rejected(reviewer)
    sign_in(client, reviewer)
    assert f'data-action="letter_discard-{letter.pk}"' in page(client, letter.request).text

    response = act(client, letter.request, "letter_discard", letter=letter.pk, reason="Wrong.")

    assert response.status_code == 302
    html = page(client, letter.request).text
    assert f'class="draft" data-letter="{letter.pk}"' not in html
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DISCARDED
    assert preview(client, letter).status_code == 404


def test_a_clerk_may_not_discard_a_draft(client, clerk):
    r = open_request()
    services.request_ask_info(request=r, by=clerk, missing=["badge"])
    notice = Letter.objects.get(request=r, kind="deficiency")
    sign_in(client, clerk)
    assert f'data-action="letter_discard-{notice.pk}"' not in page(client, r).text

    response = act(client, r, "letter_discard", letter=notice.pk, reason="Wrong.")

    assert response.status_code == 403
    assert Letter.objects.get(pk=notice.pk).status == LetterStatus.DRAFT
