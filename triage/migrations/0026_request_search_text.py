"""The queue's search document (issue 18): one column per request, one trigram index.

Searching the request's columns, its targets' identifiers and its matter's title as a union of
per-column trigram scans costs a join back to every request and, for a word many requests
share (an agency), a scan of the table: bench.web measured 300-600 ms at 100,000 requests.
``search_text`` holds all those values, one per line, so the search is one bitmap scan of one
GIN index. PostgreSQL triggers keep it: on a request's own row before it is written (when one
of those columns is set), after any statement that changes targets, and after a matter's title
changes. SQLite (the embedded demo) has none of this: triage/selectors/queue.py searches the
columns there.
"""

from django.db import migrations, models

_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION triage_request_search_text(r triage_request) RETURNS text AS $$
    SELECT concat_ws(E'\n', r.reference, r.agency, r.agent_name, r.agent_email, r.case_number,
        (SELECT m.title FROM triage_matter m WHERE m.id = r.matter_id),
        (SELECT string_agg(concat_ws(E'\n', t.user_id, t.email, host(t.ip), t.account_number,
                                     t.meeting_id, t.host_email, t.url), E'\n' ORDER BY t.id)
           FROM triage_target t WHERE t.request_id = r.id))
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION triage_request_search_own() RETURNS trigger AS $$
BEGIN
    NEW.search_text := triage_request_search_text(NEW);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION triage_request_search_refresh(ids bigint[]) RETURNS void AS $$
    UPDATE triage_request r SET search_text = triage_request_search_text(r)
     WHERE r.id = ANY(ids);
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION triage_target_search_ins() RETURNS trigger AS $$
BEGIN
    PERFORM triage_request_search_refresh(ARRAY(SELECT DISTINCT request_id FROM new_rows));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION triage_target_search_upd() RETURNS trigger AS $$
BEGIN
    PERFORM triage_request_search_refresh(ARRAY(
        SELECT request_id FROM new_rows UNION SELECT request_id FROM old_rows));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION triage_target_search_del() RETURNS trigger AS $$
BEGIN
    PERFORM triage_request_search_refresh(ARRAY(SELECT DISTINCT request_id FROM old_rows));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION triage_matter_search() RETURNS trigger AS $$
BEGIN
    PERFORM triage_request_search_refresh(ARRAY(
        SELECT id FROM triage_request WHERE matter_id = NEW.id));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
# Statement triggers with transition tables for targets: a COPY of many targets is one UPDATE.
CREATE = [
    _FUNCTIONS,
    "CREATE TRIGGER triage_request_search_own BEFORE INSERT OR UPDATE OF reference, agency, "
    "agent_name, agent_email, case_number, matter_id ON triage_request "
    "FOR EACH ROW EXECUTE FUNCTION triage_request_search_own()",
    "CREATE TRIGGER triage_target_search_ins AFTER INSERT ON triage_target "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION triage_target_search_ins()",
    "CREATE TRIGGER triage_target_search_upd AFTER UPDATE ON triage_target "
    "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION triage_target_search_upd()",
    "CREATE TRIGGER triage_target_search_del AFTER DELETE ON triage_target "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION triage_target_search_del()",
    "CREATE TRIGGER triage_matter_search AFTER UPDATE OF title ON triage_matter "
    "FOR EACH ROW EXECUTE FUNCTION triage_matter_search()",
    "UPDATE triage_request r SET search_text = triage_request_search_text(r)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS request_search_text_trgm ON triage_request "
    "USING gin (UPPER(search_text::text) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS request_search_text_trgm",
    "DROP TRIGGER IF EXISTS triage_matter_search ON triage_matter",
    "DROP TRIGGER IF EXISTS triage_target_search_del ON triage_target",
    "DROP TRIGGER IF EXISTS triage_target_search_upd ON triage_target",
    "DROP TRIGGER IF EXISTS triage_target_search_ins ON triage_target",
    "DROP TRIGGER IF EXISTS triage_request_search_own ON triage_request",
    "DROP FUNCTION IF EXISTS triage_matter_search()",
    "DROP FUNCTION IF EXISTS triage_target_search_del()",
    "DROP FUNCTION IF EXISTS triage_target_search_upd()",
    "DROP FUNCTION IF EXISTS triage_target_search_ins()",
    "DROP FUNCTION IF EXISTS triage_request_search_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS triage_request_search_own()",
    "DROP FUNCTION IF EXISTS triage_request_search_text(triage_request)",
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
    dependencies = [("triage", "0025_find_indexes")]

    operations = [
        migrations.AddField(
            model_name="request",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
