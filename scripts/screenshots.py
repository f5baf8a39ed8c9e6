"""The README's screenshots, in one command: ``.venv/bin/python scripts/screenshots.py``.

Builds a throw-away demo (SQLite under a temporary LERQ_VAR_DIR, ``migrate`` and ``seed_demo``
with a generated password and TOTP secret), serves it with Django's development server on a
free port, signs in through the real sign-in page (password, then a TOTP code computed from the
secret) with Playwright driving Debian's Chromium, and writes docs/screenshot-queue.png,
docs/screenshot-dashboard.png and docs/screenshot-request.png (1280 px wide). Nothing outside
the temporary directory and those three files is touched; the server is stopped at the end.
"""

import argparse
import base64
import hashlib
import hmac
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280
USER = "reviewer"


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238, as an authenticator app computes it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(var_dir: Path, password: str, secret: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY")
        and not k.startswith("LERQ_")
    }
    env.update(
        LERQ_VAR_DIR=str(var_dir),
        LERQ_DEMO_PASSWORD=password,
        LERQ_DEMO_TOTP_SECRET=secret,
        DJANGO_DEBUG="1",  # runserver serves the static files
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the development server stopped (exit {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  (our own local server)
            return
        except urllib.error.HTTPError:
            return  # it answers (a redirect to sign-in, a 403…)
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the development server did not answer at {url} in {timeout:.0f} s")


def _shrink(path: Path) -> None:
    """256 colours are plenty for a page of text and badges: a third of the bytes in git.
    Pillow comes with matplotlib; without it the PNG stays as Chromium wrote it."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _shoot(base: str, password: str, secret: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(f"{base}/account/login/")
        page.fill("#id_auth-username", USER)
        page.fill("#id_auth-password", password)
        page.click("button.btn-primary")
        page.wait_for_selector("#id_token-otp_token")
        # A code at the very end of its 30 s step may be stale on arrival: wait for a fresh one.
        if 30 - time.time() % 30 < 3:
            time.sleep(30 - time.time() % 30 + 0.5)
        page.fill("#id_token-otp_token", totp(secret))
        page.click("button.btn-primary")
        page.wait_for_url(f"{base}/")

        def shot(path: str, name: str) -> None:
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1200)  # let the count-downs tick once
            target = out / name
            page.screenshot(path=str(target), full_page=True)
            _shrink(target)
            written.append(target)

        shot("/", "screenshot-queue.png")
        shot("/dashboard/", "screenshot-dashboard.png")
        page.goto(f"{base}/")
        # An interesting request: the most urgent open emergency, else the first in the queue.
        link = page.locator("tr.emergency td.ref a")
        if link.count() == 0:
            link = page.locator("td.ref a")
        shot(link.first.get_attribute("href"), "screenshot-request.png")
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNGs go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo directory")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    var_dir = Path(tempfile.mkdtemp(prefix="lerq-screenshots-"))
    password = secrets.token_urlsafe(16)
    secret = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    env = _environment(var_dir, password, secret)
    server = None
    try:
        # The keys first, as `make run` does: migrating records role changes as events.
        _manage(env, "audit_key_create", "--if-missing")
        _manage(env, "audit_signing_key_create", "--if-missing")
        _manage(env, "migrate", "--verbosity", "0")
        _manage(env, "signing_cert_create", "--if-missing")
        _manage(env, "seed_demo")
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603  (our own manage.py)
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped as one below
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/account/login/", server)
        args.out.mkdir(parents=True, exist_ok=True)
        for path in _shoot(base, password, secret, args.out):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return 0
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if args.keep:
            print(f"demo kept in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
