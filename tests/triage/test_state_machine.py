"""The request's two state machines as a whole: their shape, the buttons each role is shown in
each state, that those buttons are exactly what the services let that person do, stale pages,
the append-only record, and whole lifecycles walked by the people who do them.

Each service's own transitions, allowed and forbidden, are in tests/triage/services/.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import notice_send, open_request
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.triage.services.helpers import (
    approved,
    asked,
    called_back,
    expired,
    extended,
    fresh,
    preserved,
    produce,
    refused,
    said,
    validated_extension,
    walk_reviewer,
    walk_to,
    with_notice,
)
from triage import services
from triage.audit import chain_verify
from triage.models import (
    AppendOnlyError,
    Event,
    EventKind,
    Kind,
    Notice,
    Request,
    Status,
)
from triage.services import RequestChanged, ServiceError, TransitionRefused
from triage.services._core import ERR_CHANGED, ERR_NOT_AVAILABLE
from triage.services.eu_enforcing import eu_order_withdrawn

S, N = Status, Notice


def transitions(field: str):
    return Request._meta.get_field(field).get_all_transitions(Request)


# --- the shape of the machines --------------------------------------------------------------
STATUS_EDGES = {
    ("validate", S.RECEIVED, S.VALIDATED),
    ("ask_info", S.RECEIVED, S.NEEDS_INFO),
    ("ask_info", S.IN_REVIEW, S.NEEDS_INFO),
    ("answer", S.NEEDS_INFO, S.RECEIVED),
    ("lapse", S.NEEDS_INFO, S.CLOSED),
    ("start_review", S.RECEIVED, S.IN_REVIEW),
    ("start_review", S.VALIDATED, S.IN_REVIEW),
    ("preserve", S.VALIDATED, S.PRESERVED),
    ("extend", S.PRESERVED, S.EXTENDED),
    ("fulfil", S.VALIDATED, S.CLOSED),
    ("release", S.PRESERVED, S.RELEASED),
    ("release", S.EXTENDED, S.RELEASED),
    ("expire", S.PRESERVED, S.EXPIRED),
    ("expire", S.EXTENDED, S.EXPIRED),
    ("submit_for_approval", S.IN_REVIEW, S.IN_REVIEW),
    ("approve", S.IN_REVIEW, S.APPROVED),
    ("withdraw_approval", S.APPROVED, S.IN_REVIEW),
    ("disclose", S.APPROVED, S.DISCLOSED),
    ("reject", S.RECEIVED, S.REJECTED),
    ("reject", S.VALIDATED, S.REJECTED),
    ("reject", S.IN_REVIEW, S.REJECTED),
    ("close", S.DISCLOSED, S.CLOSED),
    ("close", S.REJECTED, S.CLOSED),
    ("close", S.RELEASED, S.CLOSED),
    ("close", S.EXPIRED, S.CLOSED),
    # An EU order withdrawn by its issuing authority before production (Article 12(3)).
    *(
        ("eu_withdrawn", source, S.CLOSED)
        for source in (
            S.RECEIVED,
            S.NEEDS_INFO,
            S.VALIDATED,
            S.IN_REVIEW,
            S.APPROVED,
            S.PRESERVED,
            S.EXTENDED,
        )
    ),
}

NOTICE_EDGES = {
    ("notice_send", N.NOT_DECIDED, N.SENT),
    ("notice_send", N.DELAYED, N.SENT),
    ("notice_delay", N.NOT_DECIDED, N.DELAYED),
    ("notice_forbid", N.NOT_DECIDED, N.NOT_PERMITTED),
    ("notice_forbid", N.DELAYED, N.NOT_PERMITTED),
    ("notice_waive", N.NOT_DECIDED, N.NOT_REQUIRED),
}


def test_the_status_machine_is_the_lifecycle_of_the_requirements():
    assert {(t.name, t.source, t.target) for t in transitions("status")} == STATUS_EDGES


def test_the_notice_machine_runs_beside_it():
    assert {(t.name, t.source, t.target) for t in transitions("notice")} == NOTICE_EDGES


def test_nothing_leaves_closed_and_the_notice_is_decided_once():
    assert not [t for t in transitions("status") if t.source == S.CLOSED]
    final = {N.SENT, N.NOT_PERMITTED, N.NOT_REQUIRED}
    assert not [t for t in transitions("notice") if t.source in final]


@pytest.mark.parametrize("field", ["status", "notice"])
def test_every_transition_has_a_label_and_is_recorded_under_its_own_name(field):
    for t in transitions(field):
        assert t.custom["label"]
        assert EventKind(t.name).value == t.name


def test_every_status_and_notice_is_reachable():
    assert {t.target for t in transitions("status")} | {S.RECEIVED} == set(Status)
    assert {t.target for t in transitions("notice")} | {N.NOT_DECIDED} == set(Notice)


# --- the buttons each role is shown ---------------------------------------------------------
def expect(clerk=(), reviewer=(), approver=None, **others):
    """Who sees which transitions: an approver and an admin see what a reviewer sees unless
    told otherwise; an outsider sees nothing."""
    seen = {"clerk": set(clerk), "reviewer": set(reviewer), "outsider": set()}
    seen["approver"] = set(approver) if approver is not None else seen["reviewer"]
    seen["admin_user"] = seen["approver"]
    seen.update({role: set(names) for role, names in others.items()})
    return seen


def _hold_ended(people, clock):
    r = preserved()
    clock.move_to(r.hold.ends_at, tick=False)
    return r


def _window_open(people, clock):
    clock.move_to(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False)
    r = with_notice(approved(), N.SENT)
    clock.move_to(r.objection_window_ends_at - timedelta(seconds=1), tick=False)
    return r


def _window_over(people, clock):
    clock.move_to(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False)
    r = with_notice(approved(), N.SENT)
    clock.move_to(r.objection_window_ends_at, tick=False)
    return r


def _second_extension(people, clock):
    original, _ = extended()
    return validated_extension(original)


INTAKE = {"validate", "ask_info"}
REVIEW_ASKED = {"ask_info", "reject"}
APPROVE_ASKED = {"ask_info", "approve", "reject"}

STATUS_BUTTONS = {
    "received subpoena": (
        lambda p, c: open_request(Kind.SUBPOENA),
        expect(clerk=INTAKE, reviewer=INTAKE | {"reject"}),
    ),
    "received emergency": (
        lambda p, c: open_request(Kind.EMERGENCY),
        expect(clerk=INTAKE, reviewer=INTAKE | {"start_review", "reject"}),
    ),
    "received interception": (
        lambda p, c: open_request(Kind.INTERCEPTION),
        expect(clerk=(), reviewer={"reject"}),
    ),
    "needs info": (
        lambda p, c: walk_to(S.NEEDS_INFO),
        expect(clerk={"answer"}, reviewer={"answer", "lapse"}),
    ),
    "validated subpoena": (
        lambda p, c: walk_to(S.VALIDATED),
        expect(reviewer={"start_review", "reject"}),
    ),
    "validated preservation": (
        lambda p, c: walk_to(S.VALIDATED, Kind.PRESERVATION),
        expect(reviewer={"preserve", "reject"}),
    ),
    "validated extension of a running hold": (
        lambda p, c: validated_extension(preserved()),
        expect(reviewer={"reject"}),
    ),
    "validated extension of a hold already extended": (
        _second_extension,
        expect(reviewer={"reject"}),
    ),
    "preserved, hold running": (
        lambda p, c: preserved(),
        expect(reviewer={"extend", "release"}),
    ),
    "preserved, hold ended": (_hold_ended, expect(reviewer={"release"})),
    "extended": (lambda p, c: extended()[0], expect(reviewer={"release"})),
    "in review": (
        lambda p, c: walk_to(S.IN_REVIEW),
        expect(reviewer={"ask_info", "submit_for_approval", "reject"}),
    ),
    "in review, approval asked by the reviewer": (
        lambda p, c: asked(by=p("reviewer")),
        expect(reviewer=REVIEW_ASKED, second_reviewer=REVIEW_ASKED, approver=APPROVE_ASKED),
    ),
    "in review, approval asked by the approver": (
        lambda p, c: asked(by=p("approver")),
        expect(reviewer=REVIEW_ASKED, approver=REVIEW_ASKED, second_approver=APPROVE_ASKED)
        | {"admin_user": APPROVE_ASKED},
    ),
    "approved, notice undecided": (
        lambda p, c: approved(),
        expect(reviewer={"withdraw_approval"}),
    ),
    "approved, notice not required": (
        lambda p, c: with_notice(approved(), N.NOT_REQUIRED),
        expect(reviewer={"withdraw_approval", "disclose"}),
    ),
    "approved, notice delayed": (
        lambda p, c: with_notice(approved(), N.DELAYED),
        expect(reviewer={"withdraw_approval", "disclose"}),
    ),
    "approved, objection window open": (_window_open, expect(reviewer={"withdraw_approval"})),
    "approved, objection window over": (
        _window_over,
        expect(reviewer={"withdraw_approval", "disclose"}),
    ),
    "approved emergency, notice undecided": (
        lambda p, c: called_back(approved(Kind.EMERGENCY)),
        expect(reviewer={"withdraw_approval", "disclose"}),
    ),
    "approved emergency, no call-back yet": (
        lambda p, c: approved(Kind.EMERGENCY),
        expect(reviewer={"withdraw_approval"}),
    ),
    "disclosed": (lambda p, c: walk_to(S.DISCLOSED), expect(reviewer={"close"})),
    "rejected": (lambda p, c: walk_to(S.REJECTED), expect(reviewer={"close"})),
    "released": (lambda p, c: walk_to(S.RELEASED), expect(reviewer={"close"})),
    "expired": (lambda p, c: expired(), expect(reviewer={"close"})),
    "closed": (lambda p, c: walk_to(S.CLOSED), expect()),
}


def _button_cases(table):
    for state, (_, seen) in table.items():
        for role in seen:
            yield pytest.param(state, role, id=f"{state} | {role}")


@pytest.mark.parametrize(("state", "role"), list(_button_cases(STATUS_BUTTONS)))
def test_each_role_is_shown_exactly_the_transitions_it_may_take(
    db, request, time_machine, state, role
):
    build, seen = STATUS_BUTTONS[state]
    r = fresh(build(request.getfixturevalue, time_machine))
    user = request.getfixturevalue(role)

    shown = {t.name for t in r.get_available_user_status_transitions(user)}

    assert shown == seen[role]


def _delayed(people, clock, *, ended):
    clock.move_to(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False)
    r = with_notice(walk_to(S.IN_REVIEW), N.DELAYED)
    end = datetime(2026, 8, 29, 22, 0, tzinfo=UTC)  # 30 August, 00:00 in Paris: 90 days on
    clock.move_to(end if ended else end - timedelta(seconds=1), tick=False)
    return r


NOTICE_ALL = {"notice_send", "notice_delay", "notice_forbid", "notice_waive"}
NOTICE_BUTTONS = {
    "not decided": (lambda p, c: walk_to(S.IN_REVIEW), expect(reviewer=NOTICE_ALL)),
    "not decided, after an emergency disclosure": (
        lambda p, c: services.request_disclose(
            request=called_back(approved(Kind.EMERGENCY)), by=None
        ),
        expect(reviewer=NOTICE_ALL),
    ),
    "delayed, order running": (
        lambda p, c: _delayed(p, c, ended=False),
        expect(reviewer={"notice_forbid"}),
    ),
    "delayed, order ended": (
        lambda p, c: _delayed(p, c, ended=True),
        expect(reviewer={"notice_send", "notice_forbid"}),
    ),
    "sent": (lambda p, c: with_notice(walk_to(S.IN_REVIEW), N.SENT), expect()),
    "not permitted": (lambda p, c: with_notice(walk_to(S.IN_REVIEW), N.NOT_PERMITTED), expect()),
    "not required": (lambda p, c: with_notice(walk_to(S.IN_REVIEW), N.NOT_REQUIRED), expect()),
}


@pytest.mark.parametrize(("state", "role"), list(_button_cases(NOTICE_BUTTONS)))
def test_each_role_is_shown_exactly_the_notice_decisions_it_may_take(
    db, request, time_machine, state, role
):
    build, seen = NOTICE_BUTTONS[state]
    r = fresh(build(request.getfixturevalue, time_machine))
    user = request.getfixturevalue(role)

    shown = {t.name for t in r.get_available_user_notice_transitions(user)}

    assert shown == seen[role]


# --- the buttons are what the services allow ------------------------------------------------
def perform(name: str, r: Request, user) -> None:
    """The service behind the button ``name``, with acceptable input."""
    if name == "validate":
        services.request_validate(request=r, by=user)
    elif name == "ask_info":
        services.request_ask_info(request=r, by=user, missing=["badge"])
    elif name == "answer":
        services.request_answer(request=r, by=user)
    elif name == "lapse":
        services.request_lapse(request=r, by=user, reason="No answer in 30 days.")
    elif name == "start_review":
        services.request_start_review(request=r, by=user)
    elif name == "preserve":
        services.hold_place(request=r, by=user)
    elif name == "extend":
        services.hold_extend(extension=validated_extension(r), by=user)
    elif name == "release":
        services.hold_release(request=r, by=user, reason="Legal process arrived.")
    elif name == "expire":
        services.hold_expire(request=r, by=user)
    elif name == "submit_for_approval":
        services.request_submit_for_approval(request=r, by=user)
    elif name == "approve":
        services.request_approve(request=r, by=user)
    elif name == "withdraw_approval":
        services.request_withdraw_approval(request=r, by=user, reason="New facts.")
    elif name == "disclose":
        services.request_disclose(request=r, by=user)
    elif name == "reject":
        codes = ["no_capability"] if r.kind == Kind.INTERCEPTION else ["overbroad"]
        services.request_reject(request=r, by=user, reasons=codes)
    elif name == "close":
        services.request_close(request=r, by=user)
    elif name == "eu_withdrawn":
        eu_order_withdrawn(request=r, by=user, note="The issuing authority withdrew the order.")
    else:
        raise ValueError(name)


AGREEMENT_STATES = [
    "received subpoena",
    "received emergency",
    "received interception",
    "needs info",
    "validated subpoena",
    "validated preservation",
    "validated extension of a running hold",
    "validated extension of a hold already extended",
    "preserved, hold running",
    "preserved, hold ended",
    "extended",
    "in review",
    "in review, approval asked by the reviewer",
    "in review, approval asked by the approver",
    "approved, notice undecided",
    "approved, notice not required",
    "approved, objection window open",
    "approved emergency, notice undecided",
    "approved emergency, no call-back yet",
    "disclosed",
    "released",
    "closed",
]
AGREEMENT_CASES = [
    pytest.param(state, role, id=f"{state} | {role}")
    for state in AGREEMENT_STATES
    for role in ("clerk", "reviewer", "approver", "outsider")
]
# fulfil has no service of its own: hold_extend fires it on the extension request after
# extending the hold (where it leaks into the buttons is shown above).
NO_SERVICE_OF_ITS_OWN = {"fulfil"}


@pytest.mark.parametrize(("state", "role"), AGREEMENT_CASES)
def test_a_shown_transition_succeeds_and_any_other_from_that_state_is_refused(
    db, request, time_machine, state, role
):
    build, _ = STATUS_BUTTONS[state]
    user = request.getfixturevalue(role)

    def build_fresh():
        return fresh(build(request.getfixturevalue, time_machine))

    r = build_fresh()
    shown = {t.name for t in r.get_available_user_status_transitions(user)}
    shown -= NO_SERVICE_OF_ITS_OWN
    from_here = {t.name for t in transitions("status") if t.source == r.status}
    from_here -= NO_SERVICE_OF_ITS_OWN
    done = set()
    for name in sorted(from_here):
        try:
            perform(name, r, user)
        except ServiceError:
            continue
        done.add(name)
        r = build_fresh()

    assert done == shown


# --- a page that is out of date -------------------------------------------------------------
def _reject(r, user):
    services.request_reject(request=r, by=user, reasons=["overbroad"])


def _with_extension(original):
    """A preservation as its page showed it, with the extension request that names it."""
    original.extension = validated_extension(original)
    return original


STALE = {
    # what the page showed, what someone else did since, what the page then tries, now
    "validate after the agency was asked for information": (
        lambda: open_request(),
        lambda r: services.request_ask_info(request=r, by=None, missing=["badge"]),
        lambda r, p: services.request_validate(request=r, by=p("clerk")),
        "Needs information",
    ),
    "reject after someone started the review": (
        lambda: walk_to(S.VALIDATED),
        lambda r: services.request_start_review(request=r, by=None),
        lambda r, p: _reject(r, p("reviewer")),
        "In review",
    ),
    "ask for approval after someone else asked": (
        lambda: walk_to(S.IN_REVIEW),
        lambda r: services.request_submit_for_approval(request=r, by=walk_reviewer()),
        lambda r, p: services.request_submit_for_approval(request=r, by=p("reviewer")),
        "In review",
    ),
    "approve after someone rejected": (
        lambda: asked(),
        lambda r: _reject(r, None),
        lambda r, p: services.request_approve(request=r, by=p("approver")),
        "Rejected",
    ),
    "disclose after the approval was withdrawn": (
        lambda: with_notice(approved(), N.NOT_REQUIRED),
        lambda r: services.request_withdraw_approval(request=r, by=None, reason="Objection."),
        lambda r, p: services.request_disclose(request=r, by=p("reviewer")),
        "In review",
    ),
    "place a hold after someone rejected the preservation": (
        lambda: walk_to(S.VALIDATED, Kind.PRESERVATION),
        lambda r: _reject(r, None),
        lambda r, p: services.hold_place(request=r, by=p("reviewer")),
        "Rejected",
    ),
    "release a hold someone already released": (
        lambda: preserved(),
        lambda r: services.hold_release(request=r, by=None, reason="Subpoena arrived."),
        lambda r, p: services.hold_release(request=r, by=p("reviewer"), reason="Withdrawn."),
        "Released",
    ),
    "extend a hold someone just released": (
        lambda: _with_extension(preserved()),
        lambda r: services.hold_release(request=r, by=None, reason="Subpoena arrived."),
        lambda r, p: services.hold_extend(extension=r.extension, original=r, by=p("reviewer")),
        "Released",
    ),
    "waive the notice after someone sent it": (
        lambda: walk_to(S.IN_REVIEW),
        lambda r: notice_send(request=r, by=walk_reviewer()),
        lambda r, p: services.notice_waive(request=r, by=p("reviewer"), basis="No account."),
        "In review, notice sent",
    ),
    "close a request someone already closed": (
        lambda: walk_to(S.REJECTED),
        lambda r: services.request_close(request=r, by=None),
        lambda r, p: services.request_close(request=r, by=p("reviewer")),
        "Closed",
    ),
}


@pytest.mark.parametrize("case", list(STALE))
def test_an_action_from_an_out_of_date_page_is_refused_and_writes_nothing(db, request, case):
    build, meanwhile, attempt, now = STALE[case]
    seen = build()
    meanwhile(fresh(seen))

    refused(
        lambda: attempt(seen, request.getfixturevalue),
        RequestChanged,
        ERR_CHANGED.format(reference=seen.reference, now=now),
    )


def test_the_same_action_twice_from_two_pages_happens_once(reviewer, second_reviewer):
    page_one = walk_to(S.VALIDATED)
    page_two = fresh(page_one)

    services.request_start_review(request=page_one, by=reviewer)

    refused(
        lambda: services.request_start_review(request=page_two, by=second_reviewer),
        RequestChanged,
    )
    assert [e.action for e in fresh(page_one).events.all()].count("start_review") == 1


# --- how a refusal reads --------------------------------------------------------------------
def test_a_refusal_names_the_action_as_its_button_does(approver):
    r = walk_to(S.VALIDATED)

    error = refused(lambda: services.request_withdraw_approval(request=r, by=approver, reason="x"))

    assert str(error) == ERR_NOT_AVAILABLE.format(
        reference=r.reference, state="validated", action="withdraw approval"
    )


def test_a_refusal_names_the_request_and_where_it_stands(approver):
    r = walk_to(S.VALIDATED)

    error = refused(lambda: services.request_approve(request=r, by=approver))

    assert isinstance(error, TransitionRefused)
    assert str(error).startswith(f"{r.reference} is validated: ")


# --- the record is append-only --------------------------------------------------------------
def test_an_event_cannot_be_changed_by_saving_it(db):
    event = open_request().events.get()
    event.reason = "nothing happened"

    with pytest.raises(AppendOnlyError):
        event.save()

    assert Event.objects.get(pk=event.pk).reason == ""


def test_an_event_cannot_be_deleted(db):
    event = open_request().events.get()

    with pytest.raises(AppendOnlyError):
        event.delete()

    assert Event.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_updated_in_bulk(db):
    r = open_request()

    event = r.events.get()
    event.reason = "rewritten"

    with pytest.raises(AppendOnlyError):
        Event.objects.filter(request=r).update(reason="rewritten")
    with pytest.raises(AppendOnlyError), transaction.atomic():
        Event.objects.bulk_update([event], ["reason"])

    assert list(Event.objects.values_list("reason", flat=True)) == [""]


def test_events_cannot_be_deleted_in_bulk(db):
    open_request()
    open_request()

    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(action=EventKind.OPENED).delete()

    assert Event.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql", ["UPDATE triage_event SET reason = 'rewritten'", "DELETE FROM triage_event"]
)
def test_postgresql_refuses_to_change_events_even_in_raw_sql(db, sql):
    open_request()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert list(Event.objects.values_list("reason", flat=True)) == [""]


# --- whole lifecycles -----------------------------------------------------------------------
def record(r: Request) -> list[tuple[str, str, str, str, str]]:
    return [said(e)[:4] for e in Event.objects.filter(request_id=r.pk).order_by("seq")]


@pytest.mark.usefixtures("letters_env")
def test_a_subpoena_from_arrival_to_closing(clerk, reviewer, approver, time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False)
    r = open_request(Kind.SUBPOENA)
    r = services.request_validate(request=r, by=clerk)
    r = services.request_start_review(request=r, by=reviewer)
    r = notice_send(request=r, by=reviewer)
    r = produce(r, by=reviewer)
    r = services.request_submit_for_approval(request=r, by=reviewer)
    r = services.request_approve(request=r, by=approver)
    time_machine.move_to(datetime(2026, 6, 8, 8, 0, tzinfo=UTC), tick=False)
    r = services.request_disclose(request=r, by=reviewer)
    r = services.request_close(request=r, by=reviewer)

    r = fresh(r)
    assert (r.status, r.notice) == (S.CLOSED, N.SENT)
    assert record(r) == [
        ("opened", "", "received", "system"),
        ("validate", "received", "validated", "clerk"),
        ("start_review", "validated", "in_review", "reviewer"),
        ("notice_drafted", "", "", "reviewer"),
        ("notice_send", "not_decided", "sent", "reviewer"),
        ("production_file_added", "", "", "reviewer"),
        ("production_built", "", "", "reviewer"),
        ("submit_for_approval", "in_review", "in_review", "reviewer"),
        ("approve", "in_review", "approved", "approver"),
        ("disclose", "approved", "disclosed", "reviewer"),
        ("close", "disclosed", "closed", "reviewer"),
    ]
    assert chain_verify().intact


def test_a_preservation_held_extended_and_expired_by_lerq(clerk, reviewer, time_machine):
    time_machine.move_to(datetime(2026, 4, 4, 8, 0, tzinfo=UTC), tick=False)
    original = services.request_validate(request=open_request(Kind.PRESERVATION), by=clerk)
    services.hold_place(request=original, by=reviewer)
    time_machine.move_to(datetime(2026, 6, 20, 8, 0, tzinfo=UTC), tick=False)
    extension = open_request(Kind.PRESERVATION_EXTENSION, original=original)
    extension = services.request_validate(request=extension, by=clerk)
    services.hold_extend(extension=extension, by=reviewer)
    original = fresh(original)
    time_machine.move_to(original.hold.ends_at, tick=False)
    services.hold_expire(request=original, by=None)
    services.request_close(request=fresh(original), by=reviewer)

    assert record(original) == [
        ("opened", "", "received", "system"),
        ("validate", "received", "validated", "clerk"),
        ("preserve", "validated", "preserved", "reviewer"),
        ("extend", "preserved", "extended", "reviewer"),
        ("expire", "extended", "expired", "system"),
        ("close", "expired", "closed", "reviewer"),
    ]
    assert record(extension) == [
        ("opened", "", "received", "system"),
        ("validate", "received", "validated", "clerk"),
        ("fulfil", "validated", "closed", "reviewer"),
    ]
    assert fresh(extension).matter_id == fresh(original).matter_id
    assert chain_verify().intact


@pytest.mark.usefixtures("letters_env")
def test_an_emergency_disclosed_at_once_and_the_user_told_afterwards(reviewer, approver):
    r = open_request(Kind.EMERGENCY)
    r = services.request_start_review(request=r, by=reviewer)
    r = produce(r, by=reviewer)
    r = services.request_submit_for_approval(request=r, by=reviewer)
    r = services.request_approve(request=r, by=approver)
    r = called_back(r, by=reviewer)
    r = services.request_disclose(request=r, by=reviewer)
    r = notice_send(request=r, by=reviewer)
    r = services.request_close(request=r, by=reviewer)

    assert record(r) == [
        ("opened", "", "received", "system"),
        ("start_review", "received", "in_review", "reviewer"),
        ("production_file_added", "", "", "reviewer"),
        ("production_built", "", "", "reviewer"),
        ("submit_for_approval", "in_review", "in_review", "reviewer"),
        ("approve", "in_review", "approved", "approver"),
        ("callback", "", "", "reviewer"),
        ("disclose", "approved", "disclosed", "reviewer"),
        ("notice_drafted", "", "", "reviewer"),
        ("notice_send", "not_decided", "sent", "reviewer"),
        ("close", "disclosed", "closed", "reviewer"),
    ]
    assert chain_verify().intact


def test_a_deficient_request_that_comes_back_and_is_rejected(clerk, reviewer):
    r = open_request(Kind.SEARCH_WARRANT)
    r = services.request_ask_info(request=r, by=clerk, missing=["signature"])
    r = services.request_answer(request=r, by=clerk)
    # The deficiency notice recorded the warrant as unsigned; the signed one came back.
    r = services.request_update_fields(
        request=r, by=clerk, changes={"signed": True}, seen_status=r.status
    )
    r = services.request_validate(request=r, by=clerk)
    r = services.request_start_review(request=r, by=reviewer)
    r = services.request_reject(request=r, by=reviewer, reasons=["no_legal_basis"])
    r = services.request_close(request=r, by=reviewer)

    assert [action for action, *_ in record(r)] == [
        "opened",
        "ask_info",
        "answer",
        "fields_changed",
        "validate",
        "start_review",
        "reject",
        "close",
    ]
    assert fresh(r).rejection_reasons == ["no_legal_basis"]


def test_an_interception_demand_goes_straight_to_rejection(reviewer):
    r = open_request(Kind.INTERCEPTION)

    r = services.request_reject(request=r, by=reviewer, reasons=["no_capability"])

    assert record(r) == [
        ("opened", "", "received", "system"),
        ("reject", "received", "rejected", "reviewer"),
    ]


# --- the call-back before an emergency disclosure -------------------------------------------
def test_an_emergency_is_not_disclosed_without_a_call_back_to_the_agency(reviewer):
    from triage.models import conditions as c

    r = approved(Kind.EMERGENCY)

    with pytest.raises(TransitionRefused) as refusal:
        services.request_disclose(request=r, by=reviewer)

    assert c.callback_recorded.message in str(refusal.value)
    assert fresh(r).status == S.APPROVED


def test_an_emergency_is_disclosed_once_a_call_back_is_recorded(reviewer):
    r = called_back(approved(Kind.EMERGENCY))

    services.request_disclose(request=r, by=reviewer)

    assert fresh(r).status == S.DISCLOSED


def test_other_kinds_need_no_call_back(reviewer):
    from triage.models import conditions as c

    r = with_notice(approved(), N.NOT_REQUIRED)

    assert c.callback_recorded(r)
    services.request_disclose(request=r, by=reviewer)
    assert fresh(r).status == S.DISCLOSED
