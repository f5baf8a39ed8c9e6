"""Internal notes (issue #18, "Notes and conversation"): a team member writes a note on the
request's record; an ``@username`` mails that colleague a link once; a name that is nobody of
the team is listed back, the note kept; the note is never sent to the agency or the user."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import UserFactory, request_in
from tests.triage.services.helpers import member
from triage import roles
from triage.models import Event, EventKind, OutboundMail
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.notes import ERR_EMPTY, ERR_TOO_LONG, NOTE_MAX, request_note_add

pytestmark = pytest.mark.django_db


def _notes(r):
    return list(Event.objects.filter(request=r, action=EventKind.NOTE))


def _mention_mails(r):
    return list(OutboundMail.objects.filter(request=r, template="note_mention"))


def test_a_note_is_on_the_record_with_its_text_and_author(reviewer):
    r = request_in("in_review")

    request_note_add(request=r, by=reviewer, text="  Called the agency: letter follows.\n")

    (note,) = _notes(r)
    assert note.reason == "Called the agency: letter follows."
    assert note.actor == reviewer
    assert note.data["mentioned"] == []


def test_a_mention_mails_the_colleague_once_with_a_link_to_the_request(
    reviewer, approver, django_capture_on_commit_callbacks
):
    r = request_in("in_review")

    with django_capture_on_commit_callbacks() as sent:
        done = request_note_add(
            request=r, by=reviewer, text="@approver please look, @approver again."
        )

    assert done.mentioned == ["approver"] and done.not_mentioned == []
    (mail,) = _mention_mails(r)
    assert mail.to == [approver.email]
    assert r.reference in mail.subject and "reviewer" in mail.subject
    link = settings.LERQ_BASE_URL.rstrip("/") + f"/requests/{r.reference}/#notes"
    assert link in mail.body_text and link in mail.body_html
    assert "please look" in mail.body_text
    assert _notes(r)[0].data["mentioned"] == ["approver"]
    assert sent, "the outbox is sent after the commit"


def test_the_note_in_the_mail_is_escaped_and_its_subject_is_one_line(reviewer, approver):
    r = request_in("in_review")
    reviewer.first_name, reviewer.last_name = "Eve\r\nBcc: x@evil.example", "Law"
    reviewer.save()

    request_note_add(request=r, by=reviewer, text='@approver <script>alert("x")</script>')

    (mail,) = _mention_mails(r)
    assert "<script>" not in mail.body_html and "&lt;script&gt;" in mail.body_html
    assert "\n" not in mail.subject and "\r" not in mail.subject


def test_an_unknown_name_is_reported_and_the_note_kept(reviewer, approver):
    r = request_in("in_review")

    done = request_note_add(request=r, by=reviewer, text="@nobody and @approver: see this")

    assert done.not_mentioned == ["nobody"]
    assert done.mentioned == ["approver"]
    assert len(_notes(r)) == 1
    assert [m.to for m in _mention_mails(r)] == [[approver.email]]


def test_people_outside_the_team_or_inactive_are_not_mentioned(reviewer, outsider):
    r = request_in("in_review")
    gone = member("gone", roles.APPROVER)
    gone.is_active = False
    gone.save()

    done = request_note_add(request=r, by=reviewer, text="@outsider @gone")

    assert done.mentioned == [] and done.not_mentioned == ["outsider", "gone"]
    assert _mention_mails(r) == []


def test_an_email_address_is_no_mention(reviewer, approver):
    r = request_in("in_review")

    done = request_note_add(request=r, by=reviewer, text="Write to ops@approver.example")

    assert done.mentioned == [] and done.not_mentioned == []
    assert _mention_mails(r) == []


def test_mentioning_yourself_mails_nobody(reviewer):
    r = request_in("in_review")

    done = request_note_add(request=r, by=reviewer, text="@reviewer remember the deadline.")

    assert done.mentioned == [] and done.not_mentioned == []
    assert _mention_mails(r) == []
    assert len(_notes(r)) == 1


def test_a_note_never_goes_to_the_agency_or_the_user(reviewer, approver):
    r = request_in("in_review")
    before = set(OutboundMail.objects.values_list("pk", flat=True))

    request_note_add(request=r, by=reviewer, text="@approver the agent sounded odd")

    new = OutboundMail.objects.exclude(pk__in=before)
    assert [m.to for m in new] == [[approver.email]]
    assert r.agent_email not in {a for m in new for a in m.to}


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver", "admin_user"])
def test_every_role_of_the_team_may_write_a_note(role, request):
    person = request.getfixturevalue(role)
    r = request_in("received")

    request_note_add(request=r, by=person, text="Seen.")

    assert _notes(r)[0].actor == person


def test_someone_without_a_role_may_not_write_a_note(outsider):
    r = request_in("received")

    with pytest.raises(ActionNotPermitted):
        request_note_add(request=r, by=outsider, text="Hello")
    assert _notes(r) == []


def test_an_inactive_member_may_not_write_a_note():
    r = request_in("received")
    former = UserFactory(username="former", groups=[roles.REVIEWER], is_active=False)

    with pytest.raises(ActionNotPermitted):
        request_note_add(request=r, by=former, text="Hello")
    assert _notes(r) == []


def test_nobody_signed_in_may_not_write_a_note():
    from django.contrib.auth.models import AnonymousUser

    r = request_in("received")

    for by in (None, AnonymousUser()):
        with pytest.raises(ActionNotPermitted):
            request_note_add(request=r, by=by, text="Hello")
    assert _notes(r) == []


def test_an_empty_note_is_refused(reviewer):
    r = request_in("received")

    with pytest.raises(InvalidInput, match=ERR_EMPTY):
        request_note_add(request=r, by=reviewer, text=" \n\t ")
    assert _notes(r) == []


def test_a_note_too_long_is_refused(reviewer):
    r = request_in("received")

    with pytest.raises(InvalidInput) as refused:
        request_note_add(request=r, by=reviewer, text="x" * (NOTE_MAX + 1))
    assert str(refused.value) == ERR_TOO_LONG.format(limit="5,000", length="5,001")
    request_note_add(request=r, by=reviewer, text="x" * NOTE_MAX)
    assert len(_notes(r)) == 1


def test_the_same_form_sent_twice_adds_one_note_and_one_mail(reviewer, approver):
    r = request_in("in_review")

    first = request_note_add(request=r, by=reviewer, text="@approver look", key="k1")
    second = request_note_add(request=r, by=reviewer, text="@approver look", key="k1")

    assert second.repeated and second.event.pk == first.event.pk
    assert second.mentioned == ["approver"]
    assert len(_notes(r)) == 1
    assert len(_mention_mails(r)) == 1


def test_the_same_words_from_two_forms_are_two_notes(reviewer):
    r = request_in("in_review")

    request_note_add(request=r, by=reviewer, text="Agreed.", key="k1")
    request_note_add(request=r, by=reviewer, text="Agreed.", key="k2")

    assert len(_notes(r)) == 2


def test_the_record_still_verifies_after_notes(reviewer, approver):
    r = request_in("in_review")
    request_note_add(request=r, by=reviewer, text="@approver first")
    request_note_add(request=r, by=approver, text="Done.\nSecond line.")

    out = StringIO()
    call_command("verify_audit", stdout=out)

    assert out.getvalue().startswith("audit chain intact")
