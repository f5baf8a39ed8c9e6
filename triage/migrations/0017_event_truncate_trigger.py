"""PostgreSQL refuses TRUNCATE on events too.

The app's role has no TRUNCATE right on the table (`manage.py db_roles_grant`); this stops the
owner's own slips (`manage.py flush` pointed at production). The owner can still drop the
trigger, which is why checkpoints outside the database exist. The test suite empties its
database between transactional tests with TRUNCATE: a session that sets
``lerq.event_truncate = 'allowed'`` (tests/conftest.py sets it on the test database) may.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION triage_event_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('lerq.event_truncate', true) = 'allowed' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'triage_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER triage_event_no_truncate
    BEFORE TRUNCATE ON triage_event
    FOR EACH STATEMENT EXECUTE FUNCTION triage_event_no_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS triage_event_no_truncate ON triage_event;
DROP FUNCTION IF EXISTS triage_event_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("triage", "0016_event_version_mac")]

    operations = [migrations.RunPython(forwards, backwards)]
