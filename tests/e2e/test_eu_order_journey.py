"""An EU Production Order from the mailbox to the production, in a real browser (issue #20
"Must be shown"): an e-mailed EPOC is ingested; the queue shows its kind and its 10 days in
words; a reviewer reviews it, adds a record, builds the production and asks approval; an
approver approves; the reviewer discloses, and the cover letter is the Regulation's
(Article 10), not the US certificate; the record shows each step. And an emergency EPOC is
first in the queue as soon as it is ingested, styled as an emergency, its 8 hours in words."""

import threading
from email.utils import format_datetime, make_msgid

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from intake.routing import ingest
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from tests.triage.services.helpers import fresh
from triage import tasks
from triage.models import Kind, Letter, LetterKind, LetterStatus, Production, Request, Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("letters_env")]

RECORD = b"user_id,email,created\nu-8841,kidnap.suspect.77@example.com,2025-02-11\n"


def epoc_eml(*, emergency: bool, case: str) -> bytes:
    """An EPOC as a prosecutor's office mails it (Annex I, plain text), sent just now, with no
    cover line: intake reads the agency from the certificate's "Issuing authority"."""
    tick = "x" if emergency else " "
    return f"""Authentication-Results: mx.lerq.example; dmarc=pass header.from=justice.gouv.fr
From: Parquet de Paris <cybercrim.parquet-paris@justice.gouv.fr>
To: lawenforcement@lerq.example
Subject: EPOC - {case}
Date: {format_datetime(timezone.now())}
Message-ID: {make_msgid(domain="justice.gouv.fr")}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

EUROPEAN PRODUCTION ORDER CERTIFICATE (EPOC)
Regulation (EU) 2023/1543, Annex I
File number of the issuing authority: {case}

Section A: Issuing authority
Issuing State: France
Issuing authority: Parquet de Paris, section J3 (cybercriminalité)
Contact: Magistrate Claire Fontaine, cybercrim.parquet-paris@justice.gouv.fr
Address: Parvis du Tribunal de Paris, 75017 Paris

Section B: Urgency
[{tick}] Emergency case: imminent threat to the life of a person (Article 3(18))

Section C: Data requested
[x] subscriber data
[ ] data requested for the sole purpose of identifying the user
[ ] traffic data
[ ] content data
Account: kidnap.suspect.77@example.com

Section D: Notification
[ ] The enforcing authority has been notified

Offence: enlèvement et séquestration (article 224-1 du code pénal)

Signed: Claire Fontaine, vice-procureure
""".encode()


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def as_worker(work, *args, **kwargs) -> None:
    """Run what a Celery worker runs, in a thread of its own as a worker would: signing (pyHanko
    calls asyncio.run) cannot run in this thread, where Playwright's event loop runs."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work(*args, **kwargs)
        except BaseException as exc:  # re-raised in the test's thread
            failed.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def press(page, action: str) -> None:
    """Press the button of ``action``; if it asks for something first, open its form."""
    details = page.locator(f'details[data-action="{action}"]')
    if details.count() and not details.first.get_attribute("open"):
        details.locator("summary").click()
    page.locator(f'button[data-action="{action}"]').click()
    page.wait_for_load_state()


def status_of(page) -> str:
    return page.locator("#request").get_attribute("data-status")


def queue_row(page, reference: str):
    return page.locator("table.queue tbody tr", has=page.locator(f'a:text-is("{reference}")'))


def test_an_emailed_epoc_goes_from_ingest_to_production_with_the_article_10_letter(
    sign_in_as, reviewer, approver
):
    result = ingest(epoc_eml(emergency=False, case="PR 26/311/0907"), source="e2e")
    assert result.kind == Kind.EU_PRODUCTION_ORDER, result
    assert result.status == Status.VALIDATED, result
    r = Request.objects.get(reference=result.reference)

    page = sign_in_as(reviewer)
    page.goto("/")
    row = queue_row(page, r.reference)
    assert "European Production Order (EPOC)" in row.inner_text()
    assert "in 10 days" in row.inner_text()
    assert "emergency" not in (row.get_attribute("class") or "")

    row.locator(f'a:text-is("{r.reference}")').click()
    page.wait_for_load_state()
    # Intake read the certificate's issuing authority, file number, offence and legal basis:
    # the page shows them, and nothing is left for the reviewer to fill in.
    fields = page.locator("details.edit-fields")
    assert fields.locator('[name="agency"]').input_value() == (
        "Parquet de Paris, section J3 (cybercriminalité)"
    )
    assert fields.locator('[name="case_number"]').input_value() == "PR 26/311/0907"
    assert fields.locator('[name="eu_legal_basis"]').input_value() == "article 224-1 du code pénal"
    press(page, "start_review")
    assert status_of(page) == Status.IN_REVIEW, page.locator("[role=alert]").all_inner_texts()

    add = page.locator('details[data-action="production_add"]')
    add.locator("summary").click()
    record = {"name": "subscriber.csv", "mimeType": "text/csv", "buffer": RECORD}
    add.locator('[name="record"]').set_input_files(files=[record])
    add.locator('[name="description"]').fill("Subscriber data of the account")
    add.locator('[name="category"]').select_option("subscriber")
    add.locator('button[data-action="production_add"]').click()
    page.wait_for_load_state()
    assert page.locator('.production-file[data-name="subscriber.csv"]').count() == 1
    page.click('button[data-action="production_build"]')
    page.wait_for_load_state()
    # The worker's turn: the task the page queued, run as the worker runs it.
    production = Production.objects.get(request=r)
    as_worker(tasks.production_build, production.pk, reviewer.pk)
    page.reload()
    assert page.locator(f'.production.built[data-production="{production.pk}"]').count() == 1
    press(page, "submit_for_approval")

    boss = sign_in_as(approver)
    boss.goto(r.get_absolute_url())
    press(boss, "approve")
    assert status_of(boss) == Status.APPROVED

    page.goto(r.get_absolute_url())
    press(page, "disclose")
    assert status_of(page) == Status.DISCLOSED
    letter = Letter.objects.get(request=r, kind=LetterKind.DISCLOSURE)
    draft = page.frame_locator(f'.draft[data-letter="{letter.pk}"] iframe.letter-preview')
    preview = " ".join(draft.locator("body").inner_text().split())
    assert "Regulation (EU) 2023/1543, Article 10: production of the data requested" in preview
    assert "Certificate of authenticity" not in preview
    page.click(f'button[data-action="letter_send-{letter.pk}"]')
    page.wait_for_load_state()
    as_worker(tasks.letter_render, letter.pk)  # the worker renders, signs and sends it

    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status in (LetterStatus.RENDERED, LetterStatus.SENT)
    with default_storage.open(letter.file.name) as f:
        sent = pdf_text(f.read())
    assert "Article 10: production of the data requested" in sent
    assert "PR 26/311/0907" in sent and "Subscriber data" in sent and "Article 13(4)" in sent
    assert fresh(r).productions.get().manifest[0]["sha256"][:32] in sent.replace(" ", "")
    page.reload()
    steps = [
        li.get_attribute("data-action") for li in page.locator("#timeline li[data-action]").all()
    ]
    for step in ("start_review", "production_built", "submit_for_approval", "approve"):
        assert step in steps, steps
    assert "disclose" in steps and "letter_rendered" in steps


def test_an_emergency_epoc_is_first_in_the_queue_styled_as_an_emergency_with_8_hours(
    sign_in_as, reviewer
):
    older = ingest(epoc_eml(emergency=False, case="PR 26/311/0101"), source="e2e")
    result = ingest(epoc_eml(emergency=True, case="PR 26/311/0102"), source="e2e")
    assert Request.objects.get(reference=result.reference).eu_emergency

    page = sign_in_as(reviewer)
    page.goto("/")

    first = page.locator("table.queue tbody tr").first
    assert result.reference in first.inner_text()
    assert "emergency" in first.get_attribute("class").split()
    assert "within 8 hours" in first.inner_text()
    other = queue_row(page, older.reference)
    assert "emergency" not in (other.get_attribute("class") or "").split()
    assert "8 hours" not in other.inner_text()
