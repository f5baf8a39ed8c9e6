import pytest
from django.urls import reverse

from intake.history import sender_history_for
from intake.models import InboundMessage, Outcome
from tests.factories import request_in
from tests.intake.web.conftest import ingest_file
from tests.web import sign_in
from triage.models import Event, EventKind, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting():
    """A request waiting for the agency, and a mail from the same agent that names it only
    loosely in its body: held for a clerk."""
    req = request_in("needs_info", agent_email="laura.benton@fbi.gov", subject="Subpoena")
    number = req.reference.rsplit("-", 1)[1].lstrip("0")
    message = ingest_file("attachments/held_loose_reference.eml.template", NUMBER=number)
    assert message.outcome == Outcome.HELD
    return req, message


@pytest.fixture
def note():
    message = ingest_file("ingest/government_note.eml")
    assert message.outcome == Outcome.HELD
    return message


def post(client, name, message, **data):
    return client.post(reverse(f"intake:{name}", args=[message.pk]), data)


def test_the_queue_shows_held_mail_with_its_most_likely_request(client, clerk, waiting, note):
    req, _ = waiting
    page = sign_in(client, clerk).get(reverse("intake:needs_routing"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Documents you asked for" in html and "Our office moves next month" in html
    assert "laura.benton@fbi.gov" in html
    assert "here are the documents for our file" in html  # the excerpt
    assert "documents.pdf" in html  # its attachment
    assert f"Attach to {req.reference}" in html
    assert "its reference is in the message" in html and "same sender" in html
    # Newest first: the note was received on 9 November, the documents on 10 November.
    assert html.index("Documents you asked for") < html.index("Our office moves")


def test_the_queue_is_not_for_outsiders(client, outsider, waiting):
    assert sign_in(client, outsider).get(reverse("intake:needs_routing")).status_code == 403
    _, message = waiting
    response = post(client, "held_dismiss", message, reason="spam")
    assert response.status_code == 403
    assert InboundMessage.objects.get(pk=message.pk).outcome == Outcome.HELD


def test_attach_records_the_message_and_answers_the_deficiency_notice(client, clerk, waiting):
    req, message = waiting
    response = post(sign_in(client, clerk), "held_attach", message, reference=req.reference)
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:request_detail", args=[req.reference])
    message.refresh_from_db()
    assert (message.outcome, message.request_id) == (Outcome.ATTACHED, req.pk)
    assert any("by clerk" in r for r in message.reasons)
    recorded = Event.objects.get(request=req, action=EventKind.MESSAGE)
    assert recorded.actor == clerk and recorded.data["sha256"] == message.sha256
    assert Request.objects.get(pk=req.pk).status == Status.RECEIVED
    answered = Event.objects.get(request=req, action=EventKind.ANSWER)
    assert answered.actor == clerk


def test_attaching_moves_the_message_in_its_senders_history(client, clerk, waiting):
    req, message = waiting
    before = sender_history_for("laura.benton@fbi.gov")
    assert (before.messages_held, before.messages_attached) == (1, 0)

    post(sign_in(client, clerk), "held_attach", message, reference=req.reference)

    after = sender_history_for("laura.benton@fbi.gov")
    assert (after.messages_held, after.messages_attached) == (0, 1)


def test_a_double_click_attaches_once(client, clerk, waiting):
    req, message = waiting
    sign_in(client, clerk)
    post(client, "held_attach", message, reference=req.reference)
    second = post(client, "held_attach", message, reference=req.reference)
    assert second.status_code == 302
    assert Event.objects.filter(request=req, action=EventKind.MESSAGE).count() == 1
    assert Event.objects.filter(request=req, action=EventKind.ANSWER).count() == 1
    page = client.get(reverse("intake:needs_routing"))
    assert "no longer waiting for routing" in page.content.decode()


def test_attach_to_an_unknown_reference_changes_nothing(client, clerk, waiting):
    _, message = waiting
    post(sign_in(client, clerk), "held_attach", message, reference="LER-2026-999999")
    message.refresh_from_db()
    assert message.outcome == Outcome.HELD
    assert (
        "There is no request LER-2026-999999"
        in client.get(reverse("intake:needs_routing")).content.decode()
    )
    # Released: the clerk can route it now.
    post(client, "held_dismiss", message, reason="sent to us by mistake")
    assert InboundMessage.objects.get(pk=message.pk).outcome == Outcome.DISMISSED


def test_open_as_a_new_request_goes_through_the_rules(client, clerk, waiting):
    _, message = waiting
    response = post(sign_in(client, clerk), "held_open", message, kind="preservation")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.outcome == Outcome.CREATED
    opened = message.request
    assert response["Location"] == reverse("triage:request_detail", args=[opened.reference])
    assert opened.kind == "preservation" and opened.source_sha256 == message.sha256
    # The note names no agency, badge or targets: a deficiency notice is proposed, with the
    # list, for a clerk to check and send (issue 16); nothing is asked by itself.
    assert opened.status == Status.RECEIVED
    proposed = Event.objects.get(request=opened, action=EventKind.DEFICIENCIES_PROPOSED)
    assert "targets" in [p["name"] for p in proposed.data["proposed"]]
    assert not Event.objects.filter(request=opened, action=EventKind.ASK_INFO).exists()
    assert Event.objects.get(request=opened, action=EventKind.OPENED).actor == clerk
    # Again (a double click): nothing more is opened.
    post(client, "held_open", message, kind="preservation")
    assert Request.objects.filter(source_sha256=message.sha256).count() == 1


def test_open_without_a_recognisable_kind_asks_for_it(client, clerk, note):
    post(sign_in(client, clerk), "held_open", note, kind="")
    assert InboundMessage.objects.get(pk=note.pk).outcome == Outcome.HELD
    page = client.get(reverse("intake:needs_routing")).content.decode()
    assert "could not be recognised" in page


def test_dismiss_keeps_the_message_and_records_who_and_why(client, clerk, note):
    response = post(sign_in(client, clerk), "held_dismiss", note, reason="An office move notice")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.outcome == Outcome.DISMISSED
    assert note.reasons[-1] == "Dismissed as not a request by clerk: An office move notice"
    assert note.raw  # kept
    page = client.get(reverse("intake:needs_routing")).content.decode()
    assert "Our office moves" not in page


def test_dismiss_needs_a_reason(client, clerk, note):
    post(sign_in(client, clerk), "held_dismiss", note, reason="  ")
    assert InboundMessage.objects.get(pk=note.pk).outcome == Outcome.HELD


def test_actions_are_post_only(client, clerk, note):
    url = reverse("intake:held_dismiss", args=[note.pk])
    assert sign_in(client, clerk).get(url).status_code == 405


def test_actions_need_the_csrf_token(clerk, note):
    from django.test import Client

    client = sign_in(Client(enforce_csrf_checks=True), clerk)
    assert post(client, "held_dismiss", note, reason="x").status_code == 403
    assert InboundMessage.objects.get(pk=note.pk).outcome == Outcome.HELD


def test_the_queue_page_costs_the_same_queries_for_many_rows(
    client, clerk, note, django_assert_max_num_queries
):
    from intake.routing import ingest
    from tests.intake.web.conftest import DATA

    raw = (DATA / "ingest" / "government_note.eml").read_bytes()
    for n in range(10):
        ingest(raw.replace(b"office-move-note", f"office-move-{n}".encode()), source=str(n))
    sign_in(client, clerk)
    # 14, + 1 for the navigation's count of my work (triage/selectors/my_work.py).
    with django_assert_max_num_queries(15):
        page = client.get(reverse("intake:needs_routing"))
    assert page.content.decode().count("Dismiss as not a request") == 11
