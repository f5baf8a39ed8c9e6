import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.web import sign_in

pytestmark = pytest.mark.django_db


def test_signed_out_visitors_are_sent_to_sign_in(client):
    page = client.get(reverse("triage:queue"))
    assert page.status_code == 302
    assert "login" in page["Location"]


def test_someone_outside_the_legal_team_is_refused(client, outsider):
    sign_in(client, outsider)
    assert client.get(reverse("triage:queue")).status_code == 403


def test_the_queue_puts_emergencies_first_and_leaves_closed_requests_out(client, clerk):
    subpoena = request_in("in_review")
    emergency = request_in("received", kind="emergency")
    rejected = request_in("rejected")
    from triage import services

    closed = services.request_close(request=rejected, by=None)
    sign_in(client, clerk)

    page = client.get(reverse("triage:queue")).text

    assert page.index(emergency.reference) < page.index(subpoena.reference)
    assert closed.reference not in page
