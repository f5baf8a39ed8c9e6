"""The settings read the environment the README documents."""

import os

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app


def test_tests_run_on_the_database_the_environment_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_celery_uses_the_broker_the_environment_names_and_reaches_it():
    url = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
    assert app.conf.broker_url == url == settings.CELERY_BROKER_URL
    if url.startswith("redis://"):
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=3)
            assert conn.connected
    else:
        pytest.skip("no Redis named: the embedded filesystem broker needs no server")
