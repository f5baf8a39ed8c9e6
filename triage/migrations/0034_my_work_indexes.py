"""What waits for a person, counted on every page (issue 18, "my approvals"), and the trigram
indexes nothing reads any more.

``my_work_count`` (the navigation's badge) and My work read a person's open requests and the
disclosures awaiting approval. The full ``assignee_id`` index gives every request a person was
ever given, closed ones too (eight times as many at 100,000 requests), each checked in the
table: two small partial indexes give exactly the open ones and the awaiting ones, the latter
in the order My work lists them. Plain partial indexes: SQLite has them too.

The per-column trigram indexes of 0007_queue_indexes served the queue's search before
0026_request_search_text made it one scan of ``search_text``: after a bench.web run their
scan count in pg_stat_user_indexes is zero, and each one costs every insert and update of a
request or target (about 85 MiB at 100,000 requests). Dropped, except the agency's, which the
queue's agency filter (triage/filters.py, ``icontains``) still reads. PostgreSQL only, like
0007; going back recreates them.
"""

from django.db import migrations, models

# (table, column, expression) exactly as 0007_queue_indexes created them.
_UNREAD_TRGM = [
    ("triage_request", "reference", "UPPER(reference::text)"),
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, _ in _UNREAD_TRGM:
            schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table, column)}", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, expression in _UNREAD_TRGM:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {_name(table, column)} ON {table} "
                f"USING gin ({expression} gin_trgm_ops)",
                params=None,
            )


class Migration(migrations.Migration):
    dependencies = [("triage", "0033_eu_enforcing_answer_categories_channel")]

    operations = [
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["assignee", "id"],
                name="request_assigned_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                condition=models.Q(
                    ("approval_requested_by__isnull", False), ("status", "in_review")
                ),
                fields=["approval_requested_at", "id", "approval_requested_by"],
                name="request_awaiting_approval_idx",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
