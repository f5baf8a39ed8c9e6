"""Factories that make requests the way the product does: through the services, so every
request in a test has its reference, its events and its timers."""

import contextlib
from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from triage import services
from triage.models import ApproverSince, Kind, Request

PASSWORD = "correct horse battery staple"
# Test people hold their roles since long ago, so an approver approves at once; the cooling-off
# for new approvers is tested on its own (tests/triage/test_approver_cooling.py).
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@legal.example")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        """``UserFactory(groups=[role, ...])``: in those roles, held since ``LONG_AGO``."""
        if not create or extracted is None:
            return
        self.groups.set(Group.objects.filter(name__in=extracted))
        ApproverSince.objects.filter(user=self).update(since=LONG_AGO)


def open_request(kind: str = Kind.SUBPOENA, **fields) -> Request:
    """A request as intake opens it (lerq itself acting), status received: complete by the
    rules of its kind unless ``fields`` blank something out."""
    defaults = {
        "received_at": timezone.now() - timedelta(hours=1),
        "agency": "Federal Bureau of Investigation",
        "agent_name": "Dana Scully",
        "badge": "FBI-4471",
        "agent_email": "dscully@fbi.gov",
        "agent_phone": "+1 202 555 0134 ext. 204",
        "postal_address": "935 Pennsylvania Avenue NW, Washington, DC 20535",
        "country": "US",
        "language": "en",
        "response_due_date": (timezone.now() + timedelta(days=30)).date(),
        "signed": True,
        "letterhead": True,
        "targets": [{"type": "user", "email": "target@example.com"}],
    }
    defaults.update(fields)
    # As intake opens it: the agent's address is the government sender it verified.
    defaults.setdefault("sender_address", defaults["agent_email"])
    return services.request_open(by=None, kind=kind, **defaults)


def request_in(status: str, kind: str = Kind.SUBPOENA, **fields) -> Request:
    """A request walked by lerq itself (no permission checks) to ``status``: one of received,
    needs_info, validated, in_review, preserved, released, rejected. Steps that need a person
    (approval) are the tests' to take."""
    r = open_request(kind, **fields)
    if status == "received":
        return r
    if status == "needs_info":
        return services.request_ask_info(request=r, by=None, missing=["badge"])
    if kind != Kind.EMERGENCY:
        r = services.request_validate(request=r, by=None)
    if status == "validated":
        return r
    if status in ("preserved", "released"):
        services.hold_place(request=r, by=None)
        r = Request.objects.get(pk=r.pk)
        if status == "released":
            services.hold_release(request=r, by=None, reason="legal process arrived")
            r = Request.objects.get(pk=r.pk)
        return r
    r = services.request_start_review(request=r, by=None)
    if status == "in_review":
        return r
    if status == "rejected":
        return services.request_reject(request=r, by=None, reasons=["overbroad"])
    raise ValueError(f"request_in cannot walk to {status}")


def arrival_alerts_sent() -> None:
    """The team's "EMERGENCY received" leaves when the transaction that opens (or holds) an
    emergency commits; a test's transaction never commits. Send it now and forget it, so the
    test sees the mail that comes after (the clock's)."""
    from django.core import mail

    from triage.notices import mail_send_pending

    mail_send_pending()
    mail.outbox.clear()


def notice_send(**kwargs):
    """Send the user notice as a reviewer does on the page: lerq drafts it, the reviewer reads
    it, then sends (notice_send refuses a notice nobody drafted). A refusal to draft is left
    for notice_send to state, so tests of who may send still see its own refusal."""
    from django.core.exceptions import PermissionDenied

    from triage.services._core import InvalidInput, TransitionRefused
    from triage.services.notice_drafts import notice_draft_pending

    request = kwargs["request"]
    if kwargs.get("by") is not None and notice_draft_pending(request) is None:
        with contextlib.suppress(PermissionDenied, InvalidInput, TransitionRefused):
            services.notice_draft(
                request=request, by=kwargs["by"], include_copy=kwargs.get("include_copy", True)
            )
        request.refresh_from_db()
    return services.notice_send(**kwargs)
