"""A change to people and roles that no signal sees (a QuerySet.update, raw SQL) is still put on
the record, with what changed, and the team is told, within one check (triage/people_watch.py);
the team's own changes, already on the record, raise nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection

from tests.factories import UserFactory
from tests.triage.services.helpers import events_since, last_seq
from triage import roles
from triage.audit import chain_verify
from triage.models import Event, EventKind, OutboundMail
from triage.people_watch import people_state_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def watched(approver, clerk):
    """A team (an approver to tell, a clerk) and a first check on the record."""
    first = people_state_check()
    assert first.recorded and first.unrecorded == []
    return approver


def unrecorded_events(since: int) -> list[Event]:
    return [e for e in events_since(since) if e.action == EventKind.PEOPLE_UNRECORDED]


def test_nothing_changed_records_nothing(watched):
    since = last_seq()
    assert people_state_check().recorded is False
    assert events_since(since) == []


def test_a_superuser_made_by_a_queryset_update_is_on_the_record_and_the_team_is_told(
    watched, clerk
):
    since = last_seq()
    get_user_model().objects.filter(pk=clerk.pk).update(is_superuser=True)

    check = people_state_check()

    assert check.unrecorded == ["clerk: is_superuser False -> True"]
    (event,) = unrecorded_events(since)
    assert event.actor is None and event.reason == "clerk: is_superuser False -> True"
    mail = OutboundMail.objects.get(template="people_unrecorded")
    assert watched.email in mail.to
    assert "clerk: is_superuser False -> True" in mail.body_text
    assert chain_verify().intact


def test_a_role_given_by_raw_sql_is_seen(watched, clerk):
    approvers = Group.objects.get(name=roles.APPROVER)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
            [clerk.pk, approvers.pk],
        )

    check = people_state_check()

    assert check.unrecorded == [
        f"clerk: roles ['{roles.INTAKE_CLERK}'] -> ['{roles.APPROVER}', '{roles.INTAKE_CLERK}']"
    ]


def test_a_password_hash_swapped_in_the_database_is_seen_without_showing_it(watched, clerk):
    get_user_model().objects.filter(pk=clerk.pk).update(password="md5$x$forged")

    check = people_state_check()

    assert check.unrecorded == ["clerk: password changed"]
    assert "forged" not in str(Event.objects.filter(action=EventKind.PEOPLE_STATE).last().data)


def test_a_role_s_permissions_changed_by_a_bulk_insert_are_seen(watched):
    reviewers = Group.objects.get(name=roles.REVIEWER)
    approve = Permission.objects.get(codename="approve_request")
    Group.permissions.through.objects.bulk_create(
        [Group.permissions.through(group_id=reviewers.pk, permission_id=approve.pk)]
    )

    (change,) = people_state_check().unrecorded

    assert change.startswith(f"role {roles.REVIEWER}:") and "triage.approve_request" in change


def test_the_team_s_own_changes_are_recorded_quietly(watched, clerk):
    since = last_seq()
    clerk.groups.add(Group.objects.get(name=roles.REVIEWER))
    UserFactory(username="newcomer", password=None)
    clerk.is_active = False
    clerk.save()

    check = people_state_check()

    assert check.recorded and check.unrecorded == []
    assert unrecorded_events(since) == []
    assert not OutboundMail.objects.filter(template="people_unrecorded").exists()


def test_a_change_seen_once_is_not_reported_again(watched, clerk):
    get_user_model().objects.filter(pk=clerk.pk).update(is_staff=True)
    assert people_state_check().unrecorded
    since = last_seq()

    assert people_state_check().recorded is False
    assert events_since(since) == []


def test_a_person_added_properly_then_raised_by_an_update_before_the_check_is_seen(watched):
    newcomer = UserFactory(username="newcomer", password=None)
    get_user_model().objects.filter(pk=newcomer.pk).update(is_superuser=True)

    assert people_state_check().unrecorded == ["newcomer: is_superuser False -> True"]
