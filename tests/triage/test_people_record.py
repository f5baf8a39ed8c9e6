"""Every change to people and roles is an Event on the request chain, whoever makes it and by
whatever path; only a superuser grants superuser, staff or a person's own permissions
(triage/people.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.triage.services.helpers import events_since, last_seq
from triage import roles
from triage.audit import chain_verify
from triage.models import ApproverSince, Event, EventKind
from triage.people import ERR_SUPERUSER_ONLY, PeopleChangeRefused, acting_as

pytestmark = pytest.mark.django_db


def people_events(since: int) -> list[tuple[str, str, dict]]:
    return [(e.action, e.actor_name, e.data) for e in events_since(since)]


def test_a_person_added_in_a_shell_is_on_the_record_as_lerq_itself():
    since = last_seq()

    user = UserFactory(username="newcomer", password=None)

    (event,) = events_since(since)
    assert (event.action, event.actor_name, event.request, event.reference) == (
        EventKind.USER_CREATED,
        "system",
        None,
        "",
    )
    assert event.data["user"] == "newcomer" and event.data["user_id"] == user.pk
    assert event.data["new"]["is_superuser"] is False


def test_flags_changed_by_a_superuser_keep_old_and_new(admin_user):
    boss = UserFactory(username="boss", password=None, is_superuser=True)
    since = last_seq()

    with acting_as(boss):
        admin_user.is_staff = True
        admin_user.is_active = False
        admin_user.save()

    ((action, actor, data),) = people_events(since)
    assert (action, actor) == (EventKind.USER_CHANGED, "boss")
    assert data["old"] == {"is_staff": False, "is_active": True}
    assert data["new"] == {"is_staff": True, "is_active": False}


def test_a_password_change_is_recorded_without_the_password(outsider):
    since = last_seq()

    outsider.set_password("a new secret passphrase")
    outsider.save()

    ((action, _, data),) = people_events(since)
    assert action == EventKind.PASSWORD_CHANGED
    assert "passphrase" not in str(data) and outsider.password not in str(data)


def test_groups_added_removed_and_cleared_are_each_recorded(outsider):
    reviewer_group = Group.objects.get(name=roles.REVIEWER)
    clerk_group = Group.objects.get(name=roles.INTAKE_CLERK)
    since = last_seq()

    outsider.groups.add(reviewer_group, clerk_group)
    outsider.groups.remove(clerk_group)
    outsider.groups.clear()

    events = people_events(since)
    assert [(a, d["old"], d["new"]) for a, _, d in events] == [
        (EventKind.USER_GROUPS_CHANGED, [], [roles.INTAKE_CLERK, roles.REVIEWER]),
        (EventKind.USER_GROUPS_CHANGED, [roles.INTAKE_CLERK, roles.REVIEWER], [roles.REVIEWER]),
        (EventKind.USER_GROUPS_CHANGED, [roles.REVIEWER], []),
    ]


def test_a_person_added_to_a_group_from_the_group_side_is_recorded(outsider):
    since = last_seq()

    Group.objects.get(name=roles.REVIEWER).user_set.add(outsider)

    ((action, _, data),) = people_events(since)
    assert (action, data["user"], data["new"]) == (
        EventKind.USER_GROUPS_CHANGED,
        "outsider",
        [roles.REVIEWER],
    )


def test_direct_permissions_by_a_superuser_are_recorded(outsider):
    boss = UserFactory(username="boss", password=None, is_superuser=True)
    review = Permission.objects.get(codename="review_request")
    since = last_seq()

    with acting_as(boss):
        outsider.user_permissions.add(review)
        outsider.user_permissions.remove(review)

    events = people_events(since)
    assert [(a, actor, d["old"], d["new"]) for a, actor, d in events] == [
        (EventKind.USER_PERMISSIONS_CHANGED, "boss", [], ["triage.review_request"]),
        (EventKind.USER_PERMISSIONS_CHANGED, "boss", ["triage.review_request"], []),
    ]


def test_a_roles_permissions_changed_is_recorded_with_its_members(reviewer):
    group = Group.objects.get(name=roles.REVIEWER)
    approve = Permission.objects.get(codename="approve_request")
    since = last_seq()

    group.permissions.add(approve)

    events = people_events(since)
    changed = [d for a, _, d in events if a == EventKind.GROUP_PERMISSIONS_CHANGED]
    assert changed[0]["group"] == roles.REVIEWER
    assert changed[0]["members"] == ["reviewer"]
    assert "triage.approve_request" not in changed[0]["old"]
    assert "triage.approve_request" in changed[0]["new"]
    # Its members became approvers by it: their cooling-off starts now.
    assert EventKind.APPROVER_GRANTED in [a for a, _, _ in events]
    assert ApproverSince.objects.filter(user=reviewer).exists()


def test_second_factors_added_reset_and_removed_are_recorded_without_secrets(outsider):
    since = last_seq()

    device = TOTPDevice.objects.create(user=outsider, name="default", confirmed=True)
    device.key = "00" * 20
    device.save()
    backup = StaticDevice.objects.create(user=outsider, name="backup")
    token = backup.token_set.create(token="abcd1234")
    backup.token_set.all().delete()
    device.delete()

    events = people_events(since)
    assert [(a, d["device"], d["change"]) for a, _, d in events] == [
        (EventKind.SECOND_FACTOR_ADDED, "TOTP", "added"),
        (EventKind.SECOND_FACTOR_REMOVED, "TOTP", "reset with a new key"),
        (EventKind.SECOND_FACTOR_ADDED, "backup codes", "added"),
        (EventKind.SECOND_FACTOR_ADDED, "backup code", "added"),
        (EventKind.SECOND_FACTOR_REMOVED, "backup code", "used or revoked"),
        (EventKind.SECOND_FACTOR_REMOVED, "TOTP", "removed"),
    ]
    assert all(d["user"] == "outsider" for _, _, d in events)
    assert device.key not in str(events) and token.token not in str(events)


def test_a_deleted_person_is_recorded_with_what_they_had(clerk):
    since = last_seq()

    clerk.delete()

    ((action, _, data),) = people_events(since)
    assert action == EventKind.USER_DELETED
    assert data["old"]["groups"] == [roles.INTAKE_CLERK] and data["new"] == {}


def test_a_change_that_rolls_back_leaves_no_event(outsider):
    since = last_seq()

    with pytest.raises(RuntimeError), transaction.atomic():
        outsider.groups.add(Group.objects.get(name=roles.APPROVER))
        raise RuntimeError("the admin's form failed after the change")

    assert events_since(since) == []
    assert not ApproverSince.objects.filter(user=outsider).exists()


def test_an_admin_cannot_make_itself_superuser_by_any_path(admin_user):
    since = last_seq()
    admin_user.is_superuser = True

    with acting_as(admin_user), pytest.raises(PeopleChangeRefused) as caught:
        admin_user.save()

    assert str(caught.value) == ERR_SUPERUSER_ONLY.format(
        what="superuser or staff status", actor="teamadmin"
    )
    assert events_since(since) == []


def test_an_admin_cannot_grant_staff_or_direct_permissions(admin_user, outsider):
    outsider.is_staff = True
    with acting_as(admin_user), pytest.raises(PeopleChangeRefused):
        outsider.save()
    # The m2m manager joins the caller's transaction (no savepoint): give it one, as the admin does.
    with acting_as(admin_user), pytest.raises(PeopleChangeRefused), transaction.atomic():
        outsider.user_permissions.add(Permission.objects.get(codename="approve_request"))
    outsider.refresh_from_db()
    assert not outsider.is_staff and not outsider.user_permissions.exists()


def test_the_record_still_verifies_after_people_changes(admin_user, outsider):
    outsider.groups.add(Group.objects.get(name=roles.APPROVER))
    outsider.set_password("another passphrase")
    outsider.save()
    TOTPDevice.objects.create(user=outsider, name="default").delete()
    outsider.delete()

    report = chain_verify()
    assert report.intact, report.problem
    assert report.count == Event.objects.count()
