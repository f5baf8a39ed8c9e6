"""The ``dovecot`` fixture: a real IMAP server per test (bench/_dovecot.py starts it). The test
fails, saying what to install, when Dovecot is not installed."""

from collections.abc import Iterator

import pytest

from bench._dovecot import Dovecot, missing, running_dovecot


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    why = missing()
    if why:
        pytest.fail(why)
    with running_dovecot() as server:
        yield server
