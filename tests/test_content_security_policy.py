"""Every page the team uses says, in a Content-Security-Policy, that only our own static files
may run or style it, and nothing may frame it (issue 15); and no template holds the inline
script or event handler such a policy would block."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.web import sign_in
from triage.models import Kind

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Templates of HTML that no browser shows as a page: PDFs (WeasyPrint) and mail.
NOT_PAGES = ("letters", "emails", "reports/document.html")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_strict(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [reverse("triage:dashboard"), reverse("triage:queue"), reverse("triage:report"), "REQUEST"],
)
def test_the_teams_pages_send_a_strict_policy(client, reviewer, url):
    if url == "REQUEST":
        url = reverse(
            "triage:request_detail", args=[request_in("received", Kind.SUBPOENA).reference]
        )
    response = sign_in(client, reviewer).get(url)

    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
def test_the_admin_and_the_sign_in_page_send_it_too(client, admin_user):
    assert_strict(client.get(reverse("two_factor:login")))
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    response = sign_in(client, admin_user).get(reverse("admin:index"))
    assert response.status_code == 200
    assert_strict(response)


# A stored attachment keeps its own stricter policy, "sandbox": the middleware leaves it
# (tests/intake/web/test_attachment_download.py).


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)


def page_templates() -> list[Path]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if not relative.startswith(NOT_PAGES):
            found.append(path)
    return found


def test_the_templates_are_found():
    names = {p.relative_to(TEMPLATES).as_posix() for p in page_templates()}
    assert {"base.html", "triage/queue.html", "triage/request.html"} <= names


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: p.name)
def test_no_page_template_holds_inline_script_handlers_or_style(path):
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static .js file"
    assert not HANDLER.search(text), "on*= handler: use addEventListener in a static .js file"
    assert not STYLE.search(text), "inline style: move it to the static CSS"
