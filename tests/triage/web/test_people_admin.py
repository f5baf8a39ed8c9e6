"""The admin's puppet approver (issue 15 point 4), through HTTP: an administrator who is not a
superuser makes an account, puts it in the Approver group and tries to approve through it; and
ticks is_superuser on its own account."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.triage.services.helpers import asked, events_since, fresh, last_seq
from tests.web import sign_in
from triage import roles
from triage.models import EventKind, Status
from triage.models.conditions import WHY_APPROVER_COOLING
from triage.package import package_of, package_sha256

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return sign_in(client, admin_user)


def _change_form(user, **fields) -> dict:
    form = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    form.update(fields)
    return form


def test_an_admins_puppet_approver_cannot_approve_and_everything_is_on_the_record(
    admin_client, admin_user
):
    r = asked(by=admin_user)
    since = last_seq()

    added = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "puppet",
            "usable_password": "true",
            "password1": "a long puppet passphrase",
            "password2": "a long puppet passphrase",
        },
    )
    assert added.status_code == 302
    puppet = get_user_model().objects.get(username="puppet")
    approver_group = Group.objects.get(name=roles.APPROVER)
    changed = admin_client.post(
        reverse("admin:auth_user_change", args=[puppet.pk]),
        _change_form(puppet, groups=[approver_group.pk]),
    )
    assert changed.status_code == 302
    assert list(puppet.groups.all()) == [approver_group]

    puppet_client = sign_in(Client(), puppet)  # enrols its TOTP
    page = puppet_client.get(reverse("triage:request_detail", args=[r.reference]))
    act = puppet_client.post(
        reverse("triage:request_act", args=[r.reference, "approve"]),
        {"seen_status": r.status, "seen_notice": r.notice},
    )

    assert page.status_code == 200 and 'data-action="approve"' not in page.text
    assert WHY_APPROVER_COOLING in page.text  # and the page says why not
    assert act.status_code == 403
    assert fresh(r).status == Status.IN_REVIEW
    record = [(e.action, e.actor_name) for e in events_since(since)]
    assert (EventKind.USER_CREATED, "teamadmin") in record
    assert (EventKind.USER_GROUPS_CHANGED, "teamadmin") in record
    assert (EventKind.APPROVER_GRANTED, "teamadmin") in record
    assert (EventKind.SECOND_FACTOR_ADDED, "system") in record


def test_the_puppet_still_waits_out_the_cooling_off(admin_client, admin_user):
    """After the cooling-off it may approve: the team was told in the meantime."""
    r = asked(by=admin_user)
    puppet = get_user_model().objects.create(username="puppet")
    admin_client.post(
        reverse("admin:auth_user_change", args=[puppet.pk]),
        _change_form(puppet, groups=[Group.objects.get(name=roles.APPROVER).pk]),
    )

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        puppet_client = sign_in(Client(), puppet)
        act = puppet_client.post(
            reverse("triage:request_act", args=[r.reference, "approve"]),
            {
                "seen_status": r.status,
                "seen_notice": r.notice,
                "package": package_sha256(package_of(r)),
            },
        )

    assert act.status_code == 302
    assert fresh(r).status == Status.APPROVED


def test_an_admin_cannot_tick_superuser_or_staff_on_its_own_account(admin_client, admin_user):
    page = admin_client.get(reverse("admin:auth_user_change", args=[admin_user.pk]))
    assert 'name="is_superuser"' not in page.text  # shown read-only

    admin_client.post(
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        _change_form(admin_user, is_superuser="on", is_staff="on"),
    )

    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
