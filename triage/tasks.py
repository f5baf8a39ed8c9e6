"""Celery tasks: thin wrappers that call one service each (STYLE.md rule 5)."""

from celery import shared_task
from django.conf import settings

from triage import checkpoint_timestamps, checkpoints, notices, services, timers


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


@shared_task(name="triage.letters.render", acks_late=True, ignore_result=True)
def letter_render(letter_id: int) -> None:
    # Redelivery is safe: the service renders and sends a letter once (database state).
    services.letter_deliver(letter_id=letter_id)


@shared_task(name="triage.letters.due", acks_late=True, ignore_result=True)
def letters_due() -> int:
    return services.letter_deliver_due()


@shared_task(name="triage.productions.build", acks_late=True, ignore_result=True)
def production_build(production_id: int, by_id: int | None) -> None:
    # A redelivered build finds the production built and does nothing.
    services.production_build_run(production_id=production_id, by_id=by_id)


@shared_task(name="triage.audit_checkpoint", acks_late=True, ignore_result=True)
def audit_checkpoint() -> int:
    # A redelivered run finds nothing appended since the checkpoint it made, and makes none.
    checkpoint = checkpoints.checkpoint_create()
    if checkpoint is not None and settings.LERQ_AUDIT_TSA_URL:
        audit_checkpoint_timestamp.delay()
    return checkpoint.number if checkpoint else 0


@shared_task(
    name="triage.audit_checkpoint_timestamp",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError, TimeoutError),
    retry_backoff=True,
    max_retries=8,
)
def audit_checkpoint_timestamp() -> int:
    # A timestamp authority that is down is asked again (backing off); rows keep their token.
    return checkpoint_timestamps.checkpoint_timestamp_due()


@shared_task(name="triage.audit_checkpoint_mail", acks_late=True, ignore_result=True)
def audit_checkpoint_mail() -> int:
    # Each day's mail has a fixed Message-ID: a redelivered run queues nothing again.
    queued = checkpoints.checkpoint_mail_daily()
    send_mail.delay()
    return queued


@shared_task(name="triage.people_watch", acks_late=True, ignore_result=True)
def people_watch() -> int:
    # Redelivery is safe: an unchanged state records nothing.
    from triage.people_watch import people_state_check

    return len(people_state_check().unrecorded)
