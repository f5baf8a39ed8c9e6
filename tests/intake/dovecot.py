"""The ``dovecot`` fixture: a real IMAP server per test (bench/_dovecot.py starts it).
Dovecot missing, or not root: the test fails saying so, unless LERQ_TEST_SKIP names `imap`."""

from collections.abc import Iterator

import pytest

from bench._dovecot import Dovecot, running_dovecot
from tests import tools


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    tools.require(tools.IMAP)
    tools.require_root(tools.IMAP, "Dovecot is started as root from a temporary config")
    with running_dovecot() as server:
        yield server
