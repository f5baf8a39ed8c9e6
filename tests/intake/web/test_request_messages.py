import pytest
from django.urls import reverse

from intake.models import Outcome
from tests.factories import request_in
from tests.intake.web.conftest import ingest_file
from tests.web import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answered():
    """A request that asked for information, and the agency's HTML-only answer to it."""
    req = request_in("needs_info", agent_email="laura.benton@fbi.gov")
    message = ingest_file("attachments/hostile_html_reply.eml.template", REFERENCE=req.reference)
    assert message.outcome == Outcome.ATTACHED
    return req, message


def fragment(client, req, **headers):
    return client.get(reverse("intake:request_messages", args=[req.reference]), **headers)


def test_the_fragment_shows_the_message_and_its_attachments(client, reviewer, answered):
    req, message = answered
    page = fragment(sign_in(client, reviewer), req, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "laura.benton@fbi.gov" in html
    assert "lawenforcement@lerq.example" in html
    assert f"Re: {req.reference} deficiency notice" in html
    assert "missing badge number" in html
    for attachment in message.attachments.all():
        assert attachment.filename in html
        assert attachment.sha256[:16] in html
    assert "Quarantined" in html and "do not open it" in html
    assert "application/x-msdownload" in html


def test_hostile_html_is_shown_sanitised(client, reviewer, answered):
    req, _ = answered
    html = fragment(sign_in(client, reviewer), req, HTTP_HX_REQUEST="true").content.decode()
    body = html.split('class="mail-body', 1)[1].split("</div>", 1)[0]
    for forbidden in (
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "javascript:",
        "<img",
        "tracker.example",
        "<iframe",
        "<form",
        "<style",
        "evil.example",
    ):
        assert forbidden not in body, forbidden
    assert (
        '<a href="https://www.fbi.gov/contact" target="_blank" '
        'rel="noopener noreferrer nofollow">' in body
    )


def test_without_htmx_the_fragment_is_a_whole_page(client, clerk, answered):
    req, _ = answered
    page = fragment(sign_in(client, clerk), req)
    assert page.status_code == 200
    assert b"<html" in page.content and b"missing badge number" in page.content


def test_messages_are_listed_oldest_first(client, reviewer, answered):
    req, _ = answered
    ingest_file("ingest/reply_reference.eml.template", REFERENCE=req.reference)
    html = fragment(sign_in(client, reviewer), req).content.decode()
    # reply_reference.eml was received on 6 November, the HTML answer on 10 November.
    assert html.index("2026-11-06") < html.index("2026-11-10")


def test_an_outsider_gets_403(client, outsider, answered):
    req, _ = answered
    assert fragment(sign_in(client, outsider), req).status_code == 403


def test_unknown_reference_is_404(client, reviewer):
    page = client.get(reverse("intake:request_messages", args=["LER-2026-999999"]))
    assert page.status_code == 302  # not signed in: to the sign-in page
    page = sign_in(client, reviewer).get(
        reverse("intake:request_messages", args=["LER-2026-999999"])
    )
    assert page.status_code == 404
