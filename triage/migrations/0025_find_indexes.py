"""The queue's order over every request (issue 18; triage/selectors/queue.py request_list_all).

A search or a status filter now reads closed requests too, so the partial
``request_queue_order_idx`` (not closed) no longer serves it: this is its full-table twin, and
a status filter such as "finished" or "closed" reads its first page in order instead of sorting
tens of thousands of rows. The search itself has its own index (0025_request_search_text).
SQLite gets none of these.
"""

from django.db import migrations

_UNFINISHED = (
    "status IN ('approved', 'extended', 'in_review', 'needs_info', 'preserved', 'received', "
    "'validated')"
)
_FINISHED = "status IN ('closed', 'disclosed', 'expired', 'rejected', 'released')"
# Exactly the expression of request_list_all()'s order, as 0014's partial index says it.
CREATE = (
    "CREATE INDEX IF NOT EXISTS request_all_order_idx ON triage_request ("
    f"(CASE WHEN (callback_unconfirmed AND kind = 'emergency' AND {_UNFINISHED}) THEN -1 "
    f"WHEN (kind = 'emergency' AND {_UNFINISHED}) THEN 0 "
    f"WHEN {_FINISHED} THEN 2 "
    "ELSE 1 END), response_due_date, received_at, id)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS request_all_order_idx", params=None)


class Migration(migrations.Migration):
    dependencies = [("triage", "0024_find")]

    operations = [migrations.RunPython(forwards, backwards)]
