"""PostgreSQL refuses UPDATE and DELETE on events, whatever the client (raw SQL included).

The ORM guards in triage/models/event.py cover SQLite, the embedded demo database.
TRUNCATE is left to the table owner: it is how test databases are emptied between tests.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION triage_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'triage_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER triage_event_append_only
    BEFORE UPDATE OR DELETE ON triage_event
    FOR EACH ROW EXECUTE FUNCTION triage_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS triage_event_append_only ON triage_event;
DROP FUNCTION IF EXISTS triage_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
