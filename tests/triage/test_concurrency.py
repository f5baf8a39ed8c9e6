"""Two people acting on one request at the same moment, on real PostgreSQL: one wins, the
other is told clearly, and the record holds one event."""

import io
import re
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from tests.factories import open_request, request_in
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.triage.services.helpers import asked, package_prepare
from triage import services
from triage.models import Event, Request, Status
from triage.package import package_of, package_sha256

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def _race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released at the same instant; return results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(i: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:  # the loser's error is the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_approvers_at_once_one_wins_and_one_event_is_written(
    reviewer, approver, second_approver
):
    r = package_prepare(request_in("in_review"))
    services.request_submit_for_approval(request=r, by=reviewer)
    # Both approvers have the page open: each holds the request as it was.
    seen_by_first, seen_by_second = Request.objects.get(pk=r.pk), Request.objects.get(pk=r.pk)

    results = _race(
        lambda: services.request_approve(request=seen_by_first, by=approver),
        lambda: services.request_approve(request=seen_by_second, by=second_approver),
    )

    winners = [x for x in results if isinstance(x, Request)]
    losers = [x for x in results if isinstance(x, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], services.RequestChanged)
    assert "changed by someone else" in str(losers[0]) and "Approved" in str(losers[0])
    assert Event.objects.filter(request=r, action="approve").count() == 1
    fresh = Request.objects.get(pk=r.pk)
    assert fresh.status == Status.APPROVED
    assert fresh.approved_by == winners[0].approved_by


def test_a_rejection_and_an_approval_at_once_leave_one_decision(reviewer, approver):
    r = package_prepare(request_in("in_review"))
    services.request_submit_for_approval(request=r, by=reviewer)
    a, b = Request.objects.get(pk=r.pk), Request.objects.get(pk=r.pk)

    results = _race(
        lambda: services.request_approve(request=a, by=approver),
        lambda: services.request_reject(request=b, by=reviewer, reasons=["no_legal_basis"]),
    )

    assert sum(isinstance(x, Request) for x in results) == 1
    assert sum(isinstance(x, services.RequestChanged) for x in results) == 1
    decisions = Event.objects.filter(request=r, action__in=["approve", "reject"])
    assert decisions.count() == 1
    assert Request.objects.get(pk=r.pk).status == decisions.get().to_state


def test_a_double_click_validates_once(clerk):
    r = open_request()
    clicks = [Request.objects.get(pk=r.pk) for _ in range(4)]

    results = _race(*[lambda c=c: services.request_validate(request=c, by=clerk) for c in clicks])

    assert sum(isinstance(x, Request) for x in results) == 1
    assert all(isinstance(x, (Request, services.RequestChanged)) for x in results)
    assert Event.objects.filter(request=r, action="validate").count() == 1


def test_references_opened_at_once_are_unique_and_without_gaps():
    results = _race(*[lambda: open_request() for _ in range(8)])

    assert all(isinstance(x, Request) for x in results), results
    numbers = sorted(int(re.fullmatch(r"LER-\d{4}-(\d{6})", x.reference)[1]) for x in results)
    assert numbers == list(range(numbers[0], numbers[0] + 8))
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.usefixtures("letters_env")
def test_approvers_racing_a_record_upload_never_leave_an_approval_that_does_not_match(
    reviewer, approver, second_approver
):
    for attempt in range(3):
        r = asked(produced=True)
        upload = io.BytesIO(f"ip,at\n198.51.100.{attempt},2026-05-01\n".encode())

        results = _race(
            lambda r=r: services.request_approve(request=r, by=approver),
            lambda r=r: services.request_approve(request=r, by=second_approver),
            lambda r=r, upload=upload: services.production_file_add(
                request=r,
                by=reviewer,
                upload=upload,
                name="late.csv",
                description="IP logs",
                category="ip_logs",
            ),
        )

        r = Request.objects.get(pk=r.pk)
        assert not isinstance(results[2], Exception), results[2]
        if r.status == Status.APPROVED:
            assert r.approved_package_sha256 == package_sha256(package_of(r))
        else:
            assert (r.status, r.approved_package_sha256) == (Status.IN_REVIEW, "")
        # Whatever the order, the record added is not in an approved package.
        assert r.status != Status.APPROVED or not package_of(r)["unbuilt"]
