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
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(
                choices=[
                    ("opened", "Opened"),
                    ("validate", "Validated"),
                    ("ask_info", "Asked the agency for information"),
                    ("answer", "Agency answered"),
                    ("lapse", "Closed: agency never answered"),
                    ("start_review", "Review started"),
                    ("preserve", "Hold placed"),
                    ("extend", "Hold extended"),
                    ("fulfil", "Extension applied"),
                    ("release", "Hold released"),
                    ("expire", "Hold expired"),
                    ("submit_for_approval", "Approval asked"),
                    ("approve", "Approved"),
                    ("withdraw_approval", "Approval withdrawn"),
                    ("disclose", "Disclosed"),
                    ("reject", "Rejected"),
                    ("close", "Closed"),
                    ("notice_send", "User notice sent"),
                    ("notice_delay", "User notice delayed"),
                    ("notice_forbid", "User notice not permitted"),
                    ("notice_waive", "User notice not required"),
                    ("message", "Message received"),
                    ("reminded", "Reminder sent"),
                    ("escalated", "Emergency escalated"),
                    ("overdue", "Response overdue"),
                    ("timer", "Timer reached"),
                    ("purged", "Purged at the end of retention"),
                    ("assigned", "Assigned"),
                    ("linked", "Linked to a matter"),
                    ("note", "Note"),
                    ("nondisclosure_order", "Non-disclosure order recorded"),
                    ("notice_recipient", "User notice recipient added"),
                    ("objection", "User objected"),
                    ("objection_resolve", "Objection resolved"),
                    ("access_restriction", "Access restriction recorded"),
                    ("callback", "Call-back recorded"),
                    ("fields_changed", "Details corrected"),
                    ("letter_issued", "Letter issued"),
                    ("letter_rendered", "Letter rendered and signed"),
                    ("letter_sent", "Letter sent"),
                    ("letter_failed", "Letter failed"),
                    ("production_file_added", "Record added to a production"),
                    ("production_built", "Production built"),
                    ("no_data", "Nothing to produce"),
                    ("destination_set", "Destination decided"),
                    ("user_created", "Person added"),
                    ("user_deleted", "Person deleted"),
                    ("user_changed", "Person's access changed"),
                    ("password_changed", "Password changed"),
                    ("user_groups_changed", "Person's roles changed"),
                    ("user_permissions_changed", "Person's permissions changed"),
                    ("group_permissions_changed", "Role's permissions changed"),
                    ("second_factor_added", "Second factor added"),
                    ("second_factor_removed", "Second factor removed or reset"),
                    ("approver_granted", "Became an approver"),
                    ("people_state", "People and roles checked"),
                    ("people_unrecorded", "People or roles changed outside lerq"),
                    ("agency_number", "Agency number directory changed"),
                    ("fields_proposed", "Details proposed from the agency's answer"),
                    ("proposals_accepted", "Proposed details accepted"),
                    ("government_domain_added", "Sender domain accepted as a government's"),
                    ("kind_corrected", "Kind corrected"),
                    ("targets_corrected", "Targets corrected"),
                    ("letter_edited", "Letter paragraph edited"),
                    ("letter_released", "Letter sent by a person"),
                    ("deficiencies_proposed", "Deficiencies proposed by intake"),
                    ("reading_confirmed", "Reading confirmed by a person"),
                    ("letter_discarded", "Draft letter discarded"),
                    ("proposal_declined", "Proposed detail declined"),
                    ("notice_drafted", "User notice drafted"),
                    ("queue_exported", "Queue exported to CSV"),
                    ("calendar_link_made", "Calendar link made (any older one revoked)"),
                    ("calendar_link_revoked", "Calendar link revoked"),
                    ("eu_production_confirmed", "Subsequent production request confirmed"),
                    ("agency_message_drafted", "Message to the agency drafted"),
                    ("agency_message_sent", "Message to the agency sent"),
                    ("agency_message_discarded", "Message to the agency discarded"),
                    ("eu_enforcing_no_grounds", "Enforcing authority raises no ground"),
                    ("eu_enforcing_refused", "Enforcing authority raised a ground for refusal"),
                ],
                max_length=32,
            ),
        ),
    ]
