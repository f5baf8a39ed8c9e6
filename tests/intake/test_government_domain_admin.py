"""Administrators edit the government domains in Django admin; nobody else sees them."""

import pytest
from django.urls import reverse

from intake import govdomains
from intake.models import GovernmentDomain
from tests.web import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    govdomains.rules_changed()
    yield
    govdomains.rules_changed()


def staff(client, user):
    user.is_staff = True
    user.save()
    return sign_in(client, user)


def test_an_administrator_adds_a_domain_and_is_recorded_as_its_author(client, admin_user):
    staff(client, admin_user)
    page = client.post(
        reverse("admin:intake_governmentdomain_add"),
        {
            "domain": "Sheriff-County.example.org",
            "kind": "exact",
            "country": "us",
            "organisation": "Example County Sheriff",
            "note": "confirmed by phone with the county clerk",
            "active": "on",
        },
    )
    assert page.status_code == 302
    found = GovernmentDomain.objects.get()
    assert (found.domain, found.country, found.source) == (
        "sheriff-county.example.org",
        "US",
        "admin",
    )
    assert found.added_by == admin_user and found.added_at is not None
    rules = govdomains.current_rules()
    assert govdomains.is_government_domain("sheriff-county.example.org", rules=rules)


def test_an_administrator_disables_a_shipped_rule(client, admin_user):
    staff(client, admin_user)
    page = client.post(
        reverse("admin:intake_governmentdomain_add"),
        {"domain": ".police.uk", "kind": "suffix", "note": "compromised"},
    )
    assert page.status_code == 302
    assert str(GovernmentDomain.objects.get()) == ".police.uk (disabled)"
    rules = govdomains.current_rules()
    assert govdomains.is_government_domain("met.police.uk", rules=rules) is None
    listing = client.get(reverse("admin:intake_governmentdomain_changelist"))
    assert "overrides a shipped rule" in listing.text.lower()


def test_an_open_registry_is_refused_with_a_sentence(client, admin_user):
    staff(client, admin_user)
    page = client.post(
        reverse("admin:intake_governmentdomain_add"), {"domain": "co.uk", "kind": "suffix"}
    )
    assert page.status_code == 200
    assert "open commercial registry" in page.text
    assert not GovernmentDomain.objects.exists()


def test_rows_are_never_deleted(client, admin_user):
    staff(client, admin_user)
    found = GovernmentDomain.objects.create(domain="sheriff-county.example.org")
    page = client.post(
        reverse("admin:intake_governmentdomain_delete", args=[found.pk]), {"post": "yes"}
    )
    assert page.status_code == 403
    assert GovernmentDomain.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver"])
def test_staff_who_are_not_administrators_cannot_see_them(client, request, role):
    user = request.getfixturevalue(role)
    staff(client, user)
    assert client.get(reverse("admin:intake_governmentdomain_changelist")).status_code == 403
    page = client.post(
        reverse("admin:intake_governmentdomain_add"), {"domain": "evil.example", "kind": "exact"}
    )
    assert page.status_code == 403
    assert not GovernmentDomain.objects.exists()
