import pytest
import time_machine

from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.triage.reports.builders import NOW, known_requests


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def known(db, clock, letters_env):  # noqa: F811 (a fixture; disclosures build productions)
    """The known data set of builders.py, recorded through the services."""
    known_requests()
