"""An EPOC is answered only with the data categories its certificate ticks (Regulation (EU)
2023/1543, Article 5, Annex I), and traffic or content data only once the enforcing authority
was notified (Article 8(1), unless the issuing authority says 8(2) applies). Each record says
its category; the approval binds them; other kinds' productions are as they were."""

import io

import pytest

from tests.factories import request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    signing_pair,
)
from tests.triage.services.helpers import (
    approved,
    asked,
    conditions_unmet,
    fresh,
    refused,
    walk_approver,
    walk_reviewer,
)
from triage import package, services
from triage.models import Event, EventKind, Kind, Status
from triage.models import eu_conditions as eu
from triage.services import InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "eu_issuing_authority": "Procura della Repubblica di Milano",
    "eu_issuing_state": "IT",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Truffa",
    "eu_legal_basis": "Art. 640 c.p.",
    "eu_enforcing_notified": True,
}
IP_LOG = "ip,seen_at\n192.0.2.1,2026-11-01T10:00:00Z\n"


def epoc_in_review(**fields):
    return request_in("in_review", Kind.EU_PRODUCTION_ORDER, **{**CERTIFICATE, **fields})


def add(request, *, name="ips.csv", category="ip_logs", eu_category="", body=IP_LOG):
    return services.production_file_add(
        request=fresh(request),
        by=walk_reviewer(),
        upload=io.BytesIO(body.encode()),
        name=name,
        description="Connection logs",
        category=category,
        eu_category=eu_category,
    )


def test_a_record_is_produced_with_the_data_category_it_belongs_to():
    r = epoc_in_review()

    record = add(r, eu_category="traffic")

    assert record.eu_category == "traffic"
    event = Event.objects.filter(request=r, action=EventKind.PRODUCTION_FILE_ADDED).get()
    assert event.data["eu_category"] == "traffic"


def test_a_category_the_certificate_does_not_tick_is_refused_by_name():
    r = epoc_in_review()

    refused(
        lambda: add(r, name="chats.csv", category="chats"),
        error=InvalidInput,
        message=package.ERR_EU_CATEGORY_NOT_ORDERED.format(
            name="chats.csv", category="content data", ordered="subscriber data, traffic data"
        ),
    )


def test_ip_logs_say_whether_they_are_traffic_or_identification_data():
    r = epoc_in_review()

    refused(
        lambda: add(r),
        error=InvalidInput,
        message=package.ERR_EU_CATEGORY_MISSING.format(name="ips.csv"),
    )


def test_subscriber_information_is_subscriber_data_and_nothing_else():
    r = epoc_in_review()

    assert add(r, name="subscriber.csv", category="subscriber").eu_category == "subscriber"
    refused(
        lambda: add(r, name="s2.csv", category="subscriber", eu_category="traffic"),
        error=InvalidInput,
    )


def test_traffic_data_without_the_enforcing_authority_notified_is_refused():
    r = epoc_in_review(
        eu_enforcing_notified=False, eu_data_categories=["identification", "traffic"]
    )

    refused(
        lambda: add(r, eu_category="traffic"),
        error=InvalidInput,
        message=package.ERR_EU_CATEGORY_NOT_NOTIFIED.format(
            name="ips.csv", category="traffic data"
        ),
    )
    # Identification data need no notification (Article 8(1)); nor does traffic where the
    # issuing authority states Article 8(2) applies.
    assert add(r, name="ids.csv", eu_category="identification").eu_category == "identification"
    exempt = epoc_in_review(eu_enforcing_notified=False, eu_notification_exempt=True)

    assert add(exempt, eu_category="traffic").eu_category == "traffic"


def test_a_certificate_corrected_after_approval_withdraws_it_and_blocks_the_records():
    r = approved(Kind.EU_PRODUCTION_ORDER, produced=True, **CERTIFICATE, eu_emergency=True)
    assert [rec["eu_category"] for rec in r.approved_package["production"]["records"]] == [
        "subscriber"
    ]
    assert r.approved_package["eu_data_categories"] == ["subscriber", "traffic"]

    services.request_update_fields(
        request=r,
        by=walk_reviewer(),
        changes={"eu_data_categories": ["traffic"]},
        seen_status=Status.APPROVED,
    )

    r = fresh(r)
    assert r.status == Status.IN_REVIEW
    withdrawn = Event.objects.filter(request=r, action=EventKind.WITHDRAW_APPROVAL).get()
    assert "data categories changed from subscriber, traffic to traffic" in withdrawn.reason
    assert package.eu_category_problems(r) == [
        package.ERR_EU_CATEGORY_NOT_ORDERED.format(
            name="subscriber.csv", category="subscriber data", ordered="traffic data"
        )
    ]
    refused(
        lambda: services.request_approve(request=r, by=walk_approver()),
        message=conditions_unmet(r, "approve disclosure", eu.production_within_certificate),
    )


def test_other_kinds_productions_and_packages_are_unchanged():
    r = asked(Kind.SEARCH_WARRANT, produced=True)

    built = package.package_of(r)

    assert "eu_data_categories" not in built
    assert set(built["production"]["records"][0]) == {"name", "sha256", "size", "category"}
    assert r.productions.get().files.get().eu_category == ""
