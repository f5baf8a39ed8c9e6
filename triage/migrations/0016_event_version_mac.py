"""Events name the form they were hashed in and carry a MAC (triage/audit.py).

The rows already written are version 1 with no MAC: the columns are added with those values as
PostgreSQL's fast default (no row is rewritten, so the append-only trigger is not involved).
New rows always say their version: the column keeps no default, so nothing can be written in
the old form by forgetting to name one.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("triage", "0015_audit_checkpoints")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="version",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="mac",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
    ]
