"""The Celery app and the beat schedule: the one place where periodic work is declared."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("lerq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each entry says why it runs at that period. Beat does not catch up missed ticks: every job
# here must work from stored state so that the next run does what a missed one would have.
app.conf.beat_schedule = {
    # Deadlines are rows; the sweep acts on every due one. Every minute, so an emergency's
    # one-hour acknowledgement and 30-minute escalations are late by a minute at most.
    # A sweep still running a minute later makes the next tick's message pointless: expire it.
    "sweep": {"task": "triage.sweep", "schedule": 60.0, "options": {"expires": 55}},
    # The emergency clocks of held messages (intake/held_clock.py): rows on the message, since
    # triage's deadlines belong to requests. Every minute, for the same reason as the sweep.
    "held-sweep": {"task": "intake.held_sweep", "schedule": 60.0, "options": {"expires": 55}},
    # The sweep sends the mail it writes; this catches mail left by a killed worker or a
    # mail server that was down.
    "send-mail": {"task": "triage.send_mail", "schedule": 60.0, "options": {"expires": 55}},
    # Hourly, not daily: the digest goes out once a day after LERQ_DIGEST_HOUR, so a beat
    # that was down at that hour still sends it when it comes back.
    "digest": {"task": "triage.digest", "schedule": crontab(minute=5)},
    # Every minute: the safety net under the IDLE watcher (`manage.py watch_mail`), which reads
    # each message as it arrives; with the watcher down, an emergency is still read within a
    # minute. The two take the folder's lock in turn and never read a message twice. A run
    # still going when the next tick comes makes that tick pointless: expire it.
    "fetch-mail": {"task": "intake.fetch_mail", "schedule": 60.0, "options": {"expires": 55}},
    # Letters whose task was lost (broker down at commit), failed letters due for another
    # attempt (their backoff is stored on the row), and sent mail to mark on its letter. Every
    # minute, so a letter is late by a minute at most when the queue lost it.
    "letters": {"task": "triage.letters.due", "schedule": 60.0, "options": {"expires": 55}},
    # Every five minutes, a signed checkpoint of the record goes to the witness file outside the
    # database: whatever an attacker with the database does is then visible against a head
    # signed at most five minutes earlier. It hashes only the events since the last one.
    "audit-checkpoint": {
        "task": "triage.audit_checkpoint",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Every five minutes, like the checkpoints: a person made superuser by an UPDATE (which no
    # signal sees) is on the record and the team told within minutes (triage/people_watch.py).
    "people-watch": {
        "task": "triage.people_watch",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Hourly, not daily: yesterday's checkpoints go to the compliance address once (a fixed
    # Message-ID per day), so a beat that was down at midnight still sends them.
    "audit-checkpoint-mail": {
        "task": "triage.audit_checkpoint_mail",
        "schedule": crontab(minute=20),
    },
    # Daily is precise enough for a 12-month retention; it deletes by date, so a missed day
    # is caught up by the next run.
    "security-log-purge": {
        "task": "intake.security_log_purge",
        "schedule": crontab(hour=3, minute=17),
    },
}
