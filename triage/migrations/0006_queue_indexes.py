"""Indexes for the queue's search and overdue filter (triage/selectors/queue.py).

The search is ``icontains`` on the reference, agency, agent and target identifiers, which
PostgreSQL runs as ``UPPER(col::text) LIKE UPPER('%…%')``: a trigram GIN index on exactly that
expression serves it (pg_trgm is a trusted extension: the database owner may create it). The
overdue filter looks for a passed ``response_due`` timer per request. SQLite, the embedded
demo database, gets none of these: its search scans a table of a few dozen rows.
"""

from django.db import migrations

_TRGM = [
    ("triage_request", "reference", "UPPER(reference::text)"),
    ("triage_request", "agency", "UPPER(agency::text)"),
    ("triage_request", "agent_name", "UPPER(agent_name::text)"),
    ("triage_target", "user_id", "UPPER(user_id::text)"),
    ("triage_target", "email", "UPPER(email::text)"),
    ("triage_target", "ip", "UPPER(HOST(ip))"),
    ("triage_target", "account_number", "UPPER(account_number::text)"),
    ("triage_target", "meeting_id", "UPPER(meeting_id::text)"),
    ("triage_target", "host_email", "UPPER(host_email::text)"),
    ("triage_target", "url", "UPPER(url::text)"),
]


def _name(table: str, column: str) -> str:
    return f"{table.removeprefix('triage_')}_{column}_trgm"


CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS {_name(t, c)} ON {t} USING gin ({expr} gin_trgm_ops)"
        for t, c, expr in _TRGM
    ),
    # The overdue filter and the dashboard: a request's response timers by due time.
    "CREATE INDEX IF NOT EXISTS deadline_response_due_idx ON triage_deadline "
    "(request_id, due_at) WHERE kind = 'response_due'",
]
DROP = [
    *(f"DROP INDEX IF EXISTS {_name(t, c)}" for t, c, _ in _TRGM),
    "DROP INDEX IF EXISTS deadline_response_due_idx",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("triage", "0005_event_message")]

    operations = [migrations.RunPython(forwards, backwards)]
