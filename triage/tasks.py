"""Celery tasks: thin wrappers that call one service each (STYLE.md rule 5)."""

from celery import shared_task

from triage import notices, timers


@shared_task(name="triage.sweep", acks_late=True, ignore_result=True)
def sweep() -> int:
    # Mail leaves in its own task: a slow mail server must not hold up the deadlines.
    done = timers.deadline_sweep(send=False).done
    send_mail.delay()
    return done


@shared_task(name="triage.send_mail", acks_late=True, ignore_result=True)
def send_mail() -> int:
    return notices.mail_send_pending()


@shared_task(name="triage.digest", acks_late=True, ignore_result=True)
def digest() -> int:
    return timers.digest_send()
