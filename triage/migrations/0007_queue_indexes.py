"""Indexes for the queue's order, search and overdue filter (triage/selectors/queue.py).

The search is ``icontains`` on the reference, agency, agent and target identifiers, which
PostgreSQL runs as ``UPPER(col::text) LIKE UPPER('%…%')``: a trigram GIN index on exactly that
expression serves it (pg_trgm is a trusted extension: the database owner may create it). The
overdue filter looks for a passed ``response_due`` timer per request; the queue's order has
an index of its own. SQLite, the embedded
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
    # The queue's order (triage/selectors/queue.py request_list_for_queue), exactly as Django
    # writes it, over open requests only: the first page is read from the index, no sort, and
    # the page count is an index-only scan. If that expression changes, this index is no
    # longer used (bench/web.py shows it): change both together.
    "CREATE INDEX IF NOT EXISTS request_queue_order_idx ON triage_request ("
    "(CASE WHEN (kind = 'emergency' AND status IN ('approved', 'extended', 'in_review', "
    "'needs_info', 'preserved', 'received', 'validated')) THEN 0 "
    "WHEN status IN ('closed', 'disclosed', 'expired', 'rejected', 'released') THEN 2 "
    "ELSE 1 END), response_due_date, received_at, id) WHERE status <> 'closed'",
    # The overdue filter and the dashboard: the response timers that can make a request late
    # (open, or acted on by the sweep), by due time; cancelled and skipped ones, most of the
    # table once requests close, are left out.
    "CREATE INDEX IF NOT EXISTS deadline_overdue_idx ON triage_deadline "
    "(due_at, request_id) WHERE kind = 'response_due' AND outcome IN ('', 'acted')",
]
DROP = [
    *(f"DROP INDEX IF EXISTS {_name(t, c)}" for t, c, _ in _TRGM),
    "DROP INDEX IF EXISTS request_queue_order_idx",
    "DROP INDEX IF EXISTS deadline_overdue_idx",
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
    dependencies = [("triage", "0006_notices")]

    operations = [migrations.RunPython(forwards, backwards)]
