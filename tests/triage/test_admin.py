"""Django admin shows the record to administrators and lets nobody change it."""

import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.web import sign_in
from triage.models import Event, Request

pytestmark = pytest.mark.django_db

MODELS = ["request", "target", "hold", "deadline", "event", "matter"]
# The user notice (triage/models/notice.py).
MODELS += ["nondisclosureorder", "noticerecipient", "objection", "accessrestriction"]


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return sign_in(client, admin_user)


@pytest.fixture
def preserved():
    return request_in("preserved", kind="preservation")


@pytest.mark.parametrize("model", MODELS)
def test_an_administrator_sees_every_part_of_the_record(admin_client, preserved, model):
    page = admin_client.get(reverse(f"admin:triage_{model}_changelist"))
    assert page.status_code == 200
    if model in ("request", "target", "hold", "deadline"):
        assert preserved.reference in page.text


def test_the_request_page_shows_its_targets_deadlines_and_events(admin_client, preserved):
    page = admin_client.get(reverse("admin:triage_request_change", args=[preserved.pk]))
    assert page.status_code == 200
    assert "target@example.com" in page.text
    assert "Hold ends" in page.text
    assert "preserve" in page.text
    assert 'name="_save"' not in page.text  # read-only: no save button


@pytest.mark.parametrize("model", MODELS)
def test_nobody_adds_through_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:triage_{model}_add")).status_code == 403


def test_nobody_changes_or_deletes_an_event_through_the_admin(admin_client, preserved):
    event = Event.objects.filter(request=preserved).first()
    before = (event.reason, event.hash)
    change = admin_client.post(
        reverse("admin:triage_event_change", args=[event.pk]), {"reason": "rewritten"}
    )
    delete = admin_client.post(
        reverse("admin:triage_event_delete", args=[event.pk]), {"post": "yes"}
    )
    assert change.status_code == 403
    assert delete.status_code == 403
    event = Event.objects.get(pk=event.pk)
    assert (event.reason, event.hash) == before


def test_the_request_status_cannot_be_posted_through_the_admin(admin_client, preserved):
    admin_client.post(
        reverse("admin:triage_request_change", args=[preserved.pk]), {"status": "disclosed"}
    )
    assert Request.objects.get(pk=preserved.pk).status == "preserved"


def test_a_clerk_without_staff_access_is_kept_out_of_the_admin(client, clerk):
    sign_in(client, clerk)
    page = client.get(reverse("admin:triage_request_changelist"), follow=True)
    assert page.redirect_chain[0][0].startswith("/admin/login/")
    assert "Select request to change" not in page.text


def test_a_staff_account_signed_in_without_its_second_factor_is_kept_out(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("admin:triage_request_changelist"), follow=True)
    assert page.redirect_chain[-1][0].startswith("/account/login/")
    assert "Select request to change" not in page.text
