"""The app's database role (what web, worker and beat connect as) may add events and read
them, and do its ordinary work everywhere else, but cannot change, remove or empty the record,
nor switch its trigger off (issue 19)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.factories import request_in
from triage.dbroles import ROLE_IS_OWNER, ROLE_NAME_INVALID
from triage.models import Event

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]


@pytest.fixture
def app_role():
    """A role of this test database's own (roles are shared by the whole server), made by the
    grant command; the test's transaction, rolled back at its end, takes it away again."""
    role = f"lerq_app_{connection.settings_dict['NAME']}"[:63]
    out = StringIO()
    call_command("db_roles_grant", role=role, stdout=out)
    assert "GRANT SELECT, INSERT ON" in out.getvalue()
    return role


def _as(role: str, sql: str, params: list | None = None) -> None:
    """Run ``sql`` with ``role``'s rights (SET ROLE: what a connection as that role gets),
    in a savepoint, so a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")
        cursor.execute(sql, params or [])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE triage_event SET reason = 'x'",
        "DELETE FROM triage_event",
        "TRUNCATE triage_event",
        "ALTER TABLE triage_event DISABLE TRIGGER USER",
        "ALTER TABLE triage_event DISABLE TRIGGER triage_event_append_only",
        "DROP TRIGGER triage_event_append_only ON triage_event",
    ],
)
def test_the_app_role_cannot_change_empty_or_unprotect_the_record(app_role, sql):
    request_in("validated")
    before = list(Event.objects.values_list("seq", "hash", "reason"))
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        _as(app_role, sql)
    assert list(Event.objects.values_list("seq", "hash", "reason")) == before


def test_the_app_role_can_record_and_verify_through_lerq(app_role):
    """Opening and walking a request (every table a service writes, and an event each step),
    then verifying the record, all with the app role's rights."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(app_role)}")
    try:
        r = request_in("in_review")
        out = StringIO()
        call_command("verify_audit", stdout=out)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert Event.objects.filter(request=r).count() >= 3
    assert out.getvalue() == f"audit chain intact: {Event.objects.count()} events\n"


def test_running_the_grant_twice_changes_nothing(app_role):
    out = StringIO()
    call_command("db_roles_grant", role=app_role, stdout=out)
    assert "CREATE ROLE" not in out.getvalue()


def test_the_grant_refuses_an_odd_role_name_or_the_owner_itself(db):
    with pytest.raises(CommandError) as odd:
        call_command("db_roles_grant", role='app"; DROP TABLE triage_event; --')
    assert str(odd.value) == ROLE_NAME_INVALID.format(role='app"; DROP TABLE triage_event; --')
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError) as itself:
        call_command("db_roles_grant", role=owner)
    assert str(itself.value) == ROLE_IS_OWNER.format(role=owner)
