"""An approver's day (issue #18 "Must be shown"): the navigation counts what waits for them,
My work lists the disclosure awaiting their approval, and from it they open the approval, read
the package, write a memo and approve; the record says so in a sentence."""

import pytest

from tests.triage.services.helpers import asked, fresh
from triage.models import Event, EventKind, Status
from triage.package import package_of, package_sha256

pytestmark = pytest.mark.django_db(transaction=True)

MEMO = "Scope matches the subpoena; nothing to produce is right."


def test_an_approver_sees_the_badge_opens_the_approval_writes_a_memo_and_approves(
    sign_in_as, reviewer, approver
):
    r = asked(by=reviewer)
    digest = package_sha256(package_of(r))
    page = sign_in_as(approver)

    nav = page.locator(".topbar nav a", has_text="My work")
    assert " ".join(nav.text_content().split()) == "My work (1)"
    nav.click()
    page.locator("#awaiting-approval a", has_text=r.reference).click()
    page.wait_for_load_state()
    approve = page.locator('details[data-action="approve"]')
    if not approve.get_attribute("open"):
        approve.locator("summary").click()
    assert digest in approve.inner_text()
    assert "Nothing is produced" in approve.inner_text()
    approve.locator('[name="note"]').fill(MEMO)
    approve.locator('button[data-action="approve"]').click()
    page.wait_for_load_state()

    assert page.locator("#request").get_attribute("data-status") == Status.APPROVED
    line = page.locator('#timeline li[data-action="approve"]').inner_text()
    assert f"approver approved the disclosure package {digest[:12]}" in line
    assert f"Memo: {MEMO}" in line
    assert Event.objects.get(request=r, action=EventKind.APPROVE).reason == MEMO
    assert fresh(r).approved_by == approver
    assert "(1)" not in page.locator(".topbar nav a", has_text="My work").inner_text()
