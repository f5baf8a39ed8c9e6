"""The Celery app and the beat schedule: the one place where periodic work is declared."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("lerq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each entry says why it runs at that period. Beat does not catch up missed ticks: every job
# here must work from stored state so that the next run does what a missed one would have.
app.conf.beat_schedule = {}
