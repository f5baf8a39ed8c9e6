"""A test that needs a missing system tool fails saying what to install; it skips only when
the person named the tool in LERQ_TEST_SKIP."""

import pytest

from tests import tools

ABSENT = tools.Tool("browser", "/nonexistent/chromium", "the browser tests", "chromium")


def test_a_missing_tool_fails_with_the_line_that_installs_it(monkeypatch):
    monkeypatch.delenv(tools.SKIP_VARIABLE, raising=False)
    with pytest.raises(pytest.fail.Exception) as failed:
        tools.require(ABSENT)
    message = str(failed.value)
    assert "/nonexistent/chromium is missing" in message
    assert "sudo apt-get install --no-install-recommends chromium" in message
    assert "LERQ_TEST_SKIP=browser" in message


def test_a_missing_tool_named_in_lerq_test_skip_skips(monkeypatch):
    monkeypatch.setenv(tools.SKIP_VARIABLE, "imap, browser")
    with pytest.raises(pytest.skip.Exception, match="LERQ_TEST_SKIP names browser"):
        tools.require(ABSENT)


def test_naming_another_tool_does_not_skip_this_one(monkeypatch):
    monkeypatch.setenv(tools.SKIP_VARIABLE, "imap,ocr")
    with pytest.raises(pytest.fail.Exception):
        tools.require(ABSENT)


@pytest.mark.parametrize("tool", [tools.BROWSER, tools.IMAP, tools.OCR], ids=lambda t: t.name)
def test_every_tool_comes_from_the_debian_package_list(tool):
    listed = {
        line.split()[0]
        for line in (tools.REPO / "scripts" / "debian-packages.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert set(tool.packages.split()) <= listed
