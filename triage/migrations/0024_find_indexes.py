"""Indexes for finding requests in every state (issue 18; triage/selectors/queue.py, find.py).

The search now also reads the agent's email, the agency's case number and the matter's title:
each gets the trigram GIN index 0007_queue_indexes gives the other searched columns, on the
expression Django writes for ``icontains``. The queue's order over every request (a search or
a status filter reads closed requests too) gets the full-table twin of the partial
``request_queue_order_idx``: a status filter such as "finished" or "closed" then reads its
first page in order instead of sorting tens of thousands of rows. SQLite gets none of these.
"""

from django.db import migrations

_UNFINISHED = (
    "status IN ('approved', 'extended', 'in_review', 'needs_info', 'preserved', 'received', "
    "'validated')"
)
_FINISHED = "status IN ('closed', 'disclosed', 'expired', 'rejected', 'released')"
_TRGM = [
    ("triage_request", "agent_email", "UPPER(agent_email::text)"),
    ("triage_request", "case_number", "UPPER(case_number::text)"),
    ("triage_matter", "title", "UPPER(title::text)"),
]


def _name(table: str, column: str) -> str:
    return f"{table.removeprefix('triage_')}_{column}_trgm"


CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS {_name(t, c)} ON {t} USING gin ({expr} gin_trgm_ops)"
        for t, c, expr in _TRGM
    ),
    # Exactly the expression of request_list_all()'s order (as 0014's partial index says it).
    "CREATE INDEX IF NOT EXISTS request_all_order_idx ON triage_request ("
    f"(CASE WHEN (callback_unconfirmed AND kind = 'emergency' AND {_UNFINISHED}) THEN -1 "
    f"WHEN (kind = 'emergency' AND {_UNFINISHED}) THEN 0 "
    f"WHEN {_FINISHED} THEN 2 "
    "ELSE 1 END), response_due_date, received_at, id)",
]
DROP = [
    *(f"DROP INDEX IF EXISTS {_name(t, c)}" for t, c, _ in _TRGM),
    "DROP INDEX IF EXISTS request_all_order_idx",
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
    dependencies = [("triage", "0023_find")]

    operations = [migrations.RunPython(forwards, backwards)]
