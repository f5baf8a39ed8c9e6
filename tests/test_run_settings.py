"""`make run`'s environment as a fresh process reads it: the address it serves on reaches every
link, and the embedded broker connects without a warning in the log."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, logging, django
django.setup()
from django.conf import settings
from config.celery import app
warnings = []
class Catch(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())
logging.getLogger("kombu").addHandler(Catch(level=logging.WARNING))
with app.connection_for_write() as conn:
    conn.info()
    conn.info()
print(json.dumps({"base_url": settings.LERQ_BASE_URL, "kombu_warnings": warnings}))
"""


def _settings(tmp_path: Path, **env: str) -> dict:
    keep = ("PATH", "HOME", "LANG")
    environ = {k: v for k, v in os.environ.items() if k in keep}
    environ.update(DJANGO_SETTINGS_MODULE="config.settings", LERQ_VAR_DIR=str(tmp_path), **env)
    done = subprocess.run(  # noqa: S603 (this interpreter, our own probe)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("addr", "url"),
    [
        ("127.0.0.1:8100", "http://127.0.0.1:8100"),
        ("8100", "http://127.0.0.1:8100"),
        ("0.0.0.0:8100", "http://127.0.0.1:8100"),
    ],
)
def test_links_in_mail_point_to_the_port_make_run_serves_on(tmp_path, addr, url):
    assert _settings(tmp_path, LERQ_RUN_ADDR=addr)["base_url"] == url


def test_without_a_run_address_links_point_to_the_default_port(tmp_path):
    assert _settings(tmp_path)["base_url"] == "http://127.0.0.1:8000"


def test_a_deployments_base_url_wins_over_the_run_address(tmp_path):
    found = _settings(
        tmp_path, LERQ_RUN_ADDR="127.0.0.1:8100", LERQ_BASE_URL="https://lerq.example.org"
    )
    assert found["base_url"] == "https://lerq.example.org"


def test_the_embedded_broker_connects_without_a_warning(tmp_path):
    assert _settings(tmp_path)["kombu_warnings"] == []
