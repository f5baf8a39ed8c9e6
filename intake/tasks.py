"""Celery tasks: thin wrappers that call one service each (STYLE.md rule 5)."""

from celery import shared_task

from intake import fetcher, held_clock, retention


@shared_task(
    name="intake.fetch_mail",
    acks_late=True,  # a redelivered run is safe: the fetcher is idempotent by stored state
    ignore_result=True,
    autoretry_for=fetcher.NETWORK_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def fetch_mail() -> int:
    if not fetcher.fetching_enabled():
        return 0
    return fetcher.mailbox_fetch().fetched


@shared_task(name="intake.security_log_purge", acks_late=True, ignore_result=True)
def security_log_purge() -> int:
    return retention.security_log_purge()


@shared_task(name="intake.held_sweep", acks_late=True, ignore_result=True)
def held_sweep() -> int:
    # A redelivered run is safe: due rows are claimed under row locks and marked done.
    return held_clock.held_sweep().acted
