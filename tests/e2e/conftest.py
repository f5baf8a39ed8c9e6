"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live server, signing in through the real sign-in page (password, then a TOTP code).

Never `playwright install`: the browser is the system's /usr/bin/chromium (`make test` installs
the Debian package; missing, the tests fail saying so unless LERQ_TEST_SKIP names `browser`).
One browser for this package (launching one costs about a second); one context (one person) per
sign-in. Not per session: Playwright's event loop runs in the main thread while the browser is
open, and later tests that call asyncio.run() (pyHanko signing letters, run after the
transactional tests) would fail under it; a package-scoped browser is closed after the last
browser test.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django_otp.oath import totp

from tests import tools
from tests.factories import PASSWORD
from tests.web import totp_device

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(tools.BROWSER.program)
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    tools.require(tools.BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _plain_http_server() -> Iterator[None]:
    """The live server speaks plain HTTP. Session-wide and before the server starts: its
    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server builds its handler,
    and cookies marked Secure would not come back over HTTP."""
    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        yield


@pytest.fixture
def sign_in_as(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """``sign_in_as(user)``: a page in a fresh browser context, signed in as ``user`` through
    the sign-in page with a TOTP code from the user's device. The test fails if a page broke
    the Content-Security-Policy or threw: a violation stops a script or style silently
    (htmx just does nothing), and Chromium says so only on the console."""
    contexts = []
    errors: list[str] = []

    def watch(page: Any) -> None:
        page.on(
            "console",
            lambda message: (
                errors.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    def sign_in(user: Any) -> Any:
        device = totp_device(user)
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        context.on("page", watch)
        page = context.new_page()
        page.goto("/account/login/")
        page.fill('[name="auth-username"]', user.get_username())
        page.fill('[name="auth-password"]', PASSWORD)
        page.click('button:has-text("Next")')
        page.fill('[name="token-otp_token"]', f"{totp(device.bin_key):06d}")
        page.click('button:has-text("Next")')
        page.wait_for_selector(".topbar nav")
        return page

    yield sign_in
    for context in contexts:
        context.close()
    assert errors == [], "CSP violations or script errors in the browser"
