"""Once stated the event kinds' choices; the newest migration that adds kinds states them now
(0029_eu_orders). Choices are not in the schema: this migration changes nothing, and stays so
that databases that applied it keep one chain."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0020_letter_drafts"),
    ]

    operations: list = []
