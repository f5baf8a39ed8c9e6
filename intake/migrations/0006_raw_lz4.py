"""Raw messages are compressed with lz4 on PostgreSQL (where the server has it).

PostgreSQL's default, pglz, keeps compressing a whole value once its first kilobyte
compresses: a mail's headers always do, so a 32 MB message with a base64 attachment spent
0.4 s in pglz on every store, for nothing (base64 of a PDF barely compresses). lz4 does the
same work in a fraction of the time. Other databases are left as they are."""

from django.db import migrations

TABLE = "intake_inboundmessage"


def _lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone() is None:
            return
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN raw SET COMPRESSION lz4")


def _pglz(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN raw SET COMPRESSION DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_sighting_outcomes")]

    operations = [migrations.RunPython(_lz4, _pglz)]
