"""The app's database role: what lerq's processes connect as, on PostgreSQL.

Migrations run as the owner of the tables; web, worker and beat connect as a role that has the
ordinary rights on every table except the record, where it may only INSERT and SELECT. Only the
owner may ALTER a table (DISABLE TRIGGER), so the app's role, and whoever takes over a process
running as it, can neither change nor remove an event. The owner runs `manage.py db_roles_grant`
after every migrate (a migration may add tables).
"""

import re

from django.db import connection

from triage.models import Event

ROLE_NAME_INVALID = "A role name is lower-case letters, digits and _ (at most 63): {role!r}."
NOT_POSTGRESQL = "Database roles are PostgreSQL's: the embedded SQLite database has none."
ROLE_IS_OWNER = "{role} is the role running this command: grant another role, the app's."
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Everything a table's privileges hold that would let the app change or remove events.
_EVENT_REVOKED = "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"


class RoleGrantError(Exception):
    pass


def app_role_grant(*, role: str, password: str | None = None) -> list[str]:
    """Create ``role`` (LOGIN, no other attribute) if it does not exist, set its password when
    one is given, and grant it what lerq needs; return the statements run (without the
    password). Run it as the owner of the tables."""
    if connection.vendor != "postgresql":
        raise RoleGrantError(NOT_POSTGRESQL)
    if not _ROLE.fullmatch(role):
        raise RoleGrantError(ROLE_NAME_INVALID.format(role=role))
    q = connection.ops.quote_name
    app, events = q(role), q(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cursor.fetchone()
        if owner == role:
            raise RoleGrantError(ROLE_IS_OWNER.format(role=role))
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        statements = [] if exists else [f"CREATE ROLE {app} LOGIN"]
        statements += [
            f"GRANT CONNECT ON DATABASE {q(database)} TO {app}",
            f"GRANT USAGE ON SCHEMA {q(schema)} TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {q(schema)} TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {app}",
            # Tables a later migration creates are usable before this command runs again.
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {q(schema)} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {q(schema)} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            f"REVOKE {_EVENT_REVOKED} ON {events} FROM {app}",
            f"GRANT SELECT, INSERT ON {events} TO {app}",
        ]
        for statement in statements:
            cursor.execute(statement)
        if password:
            # Django's psycopg cursors bind client-side: the literal is quoted, never spliced.
            cursor.execute(f"ALTER ROLE {app} PASSWORD %s", [password])
    return statements
