"""Sign-in: password then TOTP, lockout after repeated failures, enrolment before anything,
and every lerq page behind the same check."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp

from tests.factories import PASSWORD
from tests.web import totp_device
from triage.views.access import BY_LINK

pytestmark = pytest.mark.django_db

LOGIN = reverse("two_factor:login")


def _password_step(client, username, password=PASSWORD):
    return client.post(
        LOGIN,
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
    )


def _token_step(client, token):
    return client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": token})


def test_a_member_signs_in_with_password_and_totp_and_reaches_the_queue(client, clerk):
    device = totp_device(clerk)
    assert _password_step(client, clerk.username).status_code == 200  # asks for the code
    page = _token_step(client, f"{totp(device.bin_key):06d}")
    assert page.status_code == 302
    assert client.get(reverse("triage:queue")).status_code == 200


def test_a_wrong_code_leaves_the_member_signed_out(client, clerk):
    device = totp_device(clerk)
    _password_step(client, clerk.username)
    wrong = (totp(device.bin_key) + 1) % 1_000_000
    _token_step(client, f"{wrong:06d}")
    assert client.get(reverse("triage:queue")).status_code == 302


def test_a_member_without_a_device_is_sent_to_enrol_before_seeing_anything(client, clerk):
    _password_step(client, clerk.username)
    page = client.get(reverse("triage:queue"))
    assert page.status_code == 302
    assert page["Location"] == reverse("two_factor:setup")


def test_five_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, clerk, settings):
    totp_device(clerk)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, clerk.username, password="wrong")
    page = _password_step(client, clerk.username)
    assert page.status_code == 429
    assert client.get(reverse("triage:queue")).status_code == 302


def _lerq_views(resolver: URLResolver | None = None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in ("triage", "intake"):
                yield from _lerq_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and resolver is not None:
            yield prefix + str(entry.pattern), entry.callback


def test_every_lerq_page_requires_a_verified_member_with_a_permission():
    views = list(_lerq_views())
    assert len(views) >= 5
    unguarded = [route for route, view in views if not hasattr(view, "lerq_access")]
    assert unguarded == []


def test_only_the_calendar_feed_is_reached_by_a_secret_link_instead_of_a_session():
    by_link = [route for route, view in _lerq_views() if view.lerq_access == BY_LINK]
    assert by_link == ["calendar/<calkey:key>/<calsecret:secret>.ics"]
