"""Foreign police, prosecutors, courts and ministries whose domains carry no government marker
(issue 17): the shipped list, ``manage.py government_domains_refresh``, and what intake does
with their mail."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from intake import foreign_domains, govdomains
from intake.models import GovernmentDomain, InboundMessage, SecurityLogEntry
from intake.routing import ingest
from tests.web import sign_in
from triage.models import Event, EventKind, Request

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail" / "unlisted"
HEADER = "domain,country,organisation,kind,source_url\n"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    govdomains.rules_changed()
    yield
    govdomains.rules_changed()


def refresh(path=None) -> str:
    out = StringIO()
    call_command("government_domains_refresh", *(["--file", str(path)] if path else []), stdout=out)
    return out.getvalue().strip()


def write(tmp_path, *rows: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


# --- the shipped file --------------------------------------------------------------------------


def test_the_shipped_list_has_sixty_sourced_entries_from_twenty_countries():
    entries = foreign_domains.read_foreign_domains()

    assert len(entries) >= 60
    assert len({entry.country for entry in entries}) >= 20
    assert {entry.kind for entry in entries} <= foreign_domains.KINDS
    assert all(entry.source_url.startswith("https://") for entry in entries)


def test_the_shipped_list_adds_only_what_the_bundled_rules_do_not_cover():
    covered = {
        entry.domain: found.rule
        for entry in foreign_domains.read_foreign_domains()
        if (found := govdomains.is_government_domain(entry.domain)) is not None
    }
    assert covered == {}


# --- the refresh ---------------------------------------------------------------------------------


def test_the_refresh_loads_every_entry_with_its_source_and_says_so():
    entries = foreign_domains.read_foreign_domains()

    said = refresh()

    assert said.startswith(
        f"foreign government domains: {len(entries)} read; {len(entries)} created"
    )
    psp = GovernmentDomain.objects.get(domain="psp.pt")
    assert (psp.kind, psp.country, psp.source, psp.active) == ("exact", "PT", "curated", True)
    assert psp.source_url.startswith("https://www.psp.pt/")
    assert psp.source_url in psp.note and "police" in psp.note
    event = Event.objects.get(action=EventKind.GOVERNMENT_DOMAIN_ADDED)
    assert event.actor is None and "psp.pt" in event.data["created"]


def test_administrators_see_each_loaded_domain_with_its_source_and_can_switch_it_off(
    client, admin_user
):
    refresh()
    admin_user.is_staff = True
    admin_user.save()
    sign_in(client, admin_user)
    psp = GovernmentDomain.objects.get(domain="psp.pt")

    listing = client.get(reverse("admin:intake_governmentdomain_changelist"), {"q": "psp.pt"})

    assert f'href="{psp.source_url}"' in listing.text
    page = client.post(
        reverse("admin:intake_governmentdomain_change", args=[psp.pk]),
        {
            "domain": "psp.pt",
            "kind": "exact",
            "country": "PT",
            "organisation": psp.organisation,
            "note": psp.note,
            "source_url": psp.source_url,
        },
    )
    assert page.status_code == 302
    assert not govdomains.is_government_domain("psp.pt", rules=govdomains.current_rules())
    assert (
        "0 created, 0 updated" in refresh() and not GovernmentDomain.objects.get(pk=psp.pk).active
    )


def test_an_entry_an_administrator_rewrote_is_theirs_and_the_refresh_keeps_it(client, admin_user):
    refresh()
    admin_user.is_staff = True
    admin_user.save()
    sign_in(client, admin_user)
    psp = GovernmentDomain.objects.get(domain="psp.pt")

    client.post(
        reverse("admin:intake_governmentdomain_change", args=[psp.pk]),
        {
            "domain": "psp.pt",
            "kind": "exact",
            "country": "PT",
            "organisation": psp.organisation,
            "note": "Confirmed with the PSP liaison officer by phone.",
            "source_url": psp.source_url,
            "active": "on",
        },
    )

    assert "1 kept as an administrator left them" in refresh()
    psp.refresh_from_db()
    assert (psp.source, psp.note) == ("admin", "Confirmed with the PSP liaison officer by phone.")


def test_running_the_refresh_again_changes_nothing():
    refresh()
    before = list(GovernmentDomain.objects.order_by("pk").values_list("pk", "updated_at"))
    events = Event.objects.count()

    said = refresh()

    assert " 0 created, 0 updated, " in said
    assert list(GovernmentDomain.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Event.objects.count() == events


def test_the_refresh_keeps_what_administrators_did(tmp_path):
    GovernmentDomain.objects.create(
        domain="police.be", country="BE", organisation="mine", note="phoned them", source="admin"
    )
    refresh(write(tmp_path, "police.be,BE,Belgian Police,police,https://www.police.be/"))
    GovernmentDomain.objects.filter(domain="police.be").update(source="curated", active=False)
    first = write(
        tmp_path,
        "police.be,BE,Belgian Police,police,https://www.police.be/",
        "psp.pt,PT,PSP,police,https://www.psp.pt/",
    )
    refresh(first)
    renamed = write(tmp_path, "psp.pt,PT,Polícia de Segurança Pública,police,https://www.psp.pt/")

    said = refresh(renamed)

    assert " 0 created, 1 updated, " in said
    assert (
        GovernmentDomain.objects.get(domain="psp.pt").organisation == "Polícia de Segurança Pública"
    )
    # Dropped from the file, switched off by an administrator: still there, still off.
    police = GovernmentDomain.objects.get(domain="police.be")
    assert not police.active
    assert not govdomains.is_government_domain("police.be", rules=govdomains.current_rules())


def test_a_row_an_administrator_wrote_is_left_as_it_is(tmp_path):
    GovernmentDomain.objects.create(
        domain="psp.pt", country="PT", organisation="mine", note="phoned them", source="admin"
    )

    said = refresh(write(tmp_path, "psp.pt,PT,PSP,police,https://www.psp.pt/"))

    assert "0 created, 0 updated, 0 unchanged, 1 kept as an administrator left them" in said
    row = GovernmentDomain.objects.get()
    assert (row.organisation, row.note, row.source, row.source_url) == (
        "mine",
        "phoned them",
        "admin",
        "",
    )


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ("com,PT,X,police,https://x.example/", "public suffix"),
        ("co.uk,GB,X,police,https://x.example/", "public suffix"),
        ("psp.pt,PT,X,army,https://www.psp.pt/", "kind"),
        ("psp.pt,Portugal,X,police,https://www.psp.pt/", "country"),
        ("psp.pt,PT,X,police,http://www.psp.pt/", "https"),
        ("psp.pt,PT,,police,https://www.psp.pt/", "organisation"),
    ],
)
def test_a_bad_line_stops_the_refresh_before_anything_is_written(tmp_path, row, why):
    path = write(tmp_path, "gnr.pt,PT,GNR,police,https://www.gnr.pt/", row)

    with pytest.raises(CommandError, match=why):
        refresh(path)
    assert not GovernmentDomain.objects.exists()


def test_another_file_is_an_error_not_a_crash(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,kind\npsp.pt,police\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no column domain"):
        refresh(other)
    with pytest.raises(CommandError, match="cannot read"):
        refresh(tmp_path / "missing.csv")


# --- intake ----------------------------------------------------------------------------------


def test_a_listed_foreign_police_officer_is_government_once_the_list_is_loaded():
    raw = (MAIL / "psp_preservation.eml").read_bytes()
    before = ingest(raw, source="test")
    assert (before.outcome, before.reasons[0]) == ("held", "unlisted_sender")
    InboundMessage.objects.all().delete()

    refresh()
    again = raw.replace(b"2026-0457@", b"2026-0458@")
    result = ingest(again, source="test")

    assert result.outcome == "created", result.reasons
    request = Request.objects.get()
    assert request.agent_email == "r.almeida@psp.pt"
    assert request.targets.get().email == "sardinha.deals.88@gmail.com"
    assert not SecurityLogEntry.objects.exists()


def test_an_unknown_authenticated_domain_is_still_held_not_refused():
    refresh()

    result = ingest((MAIL / "politie_preservation.eml").read_bytes(), source="test")

    assert (result.outcome, result.reasons[0]) == ("held", "unlisted_sender")
    message = InboundMessage.objects.get(pk=result.message_pk)
    assert message.unlisted_domain == "politie.example.nl"
    assert bytes(message.raw) and not SecurityLogEntry.objects.exists()
