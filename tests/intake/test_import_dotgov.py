"""``manage.py import_dotgov CSV``: CISA's .gov list into the government-domain table."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intake import govdomains
from intake.models import GovernmentDomain

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "mail" / "senders" / "dotgov-sample.csv"


def run(path) -> str:
    out = StringIO()
    call_command("import_dotgov", str(path), stdout=out)
    return out.getvalue().strip()


def test_it_stores_each_domain_with_who_holds_it():
    assert run(SAMPLE) == (
        "dotgov: 2 domains read; 2 created, 0 updated, 0 unchanged, "
        "0 kept as an administrator left them"
    )
    fbi = GovernmentDomain.objects.get(domain="fbi.gov")
    assert fbi.organisation == "Federal Bureau of Investigation (Department of Justice)"
    assert (fbi.kind, fbi.source, fbi.country, fbi.active) == ("exact", "dotgov", "US", True)
    assert "Federal - Executive" in fbi.note and "Washington, DC" in fbi.note
    found = govdomains.is_government_domain("fbi.gov", rules=govdomains.current_rules())
    assert found.rule == "fbi.gov"
    assert "Federal Bureau of Investigation" in found.description


def test_running_it_again_changes_nothing():
    run(SAMPLE)
    before = list(GovernmentDomain.objects.values_list("pk", "updated_at"))
    assert "0 created, 0 updated, 2 unchanged" in run(SAMPLE)
    assert list(GovernmentDomain.objects.values_list("pk", "updated_at")) == before


def test_a_domain_an_administrator_switched_off_stays_off():
    run(SAMPLE)
    GovernmentDomain.objects.filter(domain="29palms.gov").update(active=False)
    run(SAMPLE)
    assert not GovernmentDomain.objects.get(domain="29palms.gov").active


def test_a_changed_organisation_is_updated_and_an_administrators_row_kept(tmp_path):
    run(SAMPLE)
    GovernmentDomain.objects.filter(domain="fbi.gov").update(source="admin", note="mine")
    newer = tmp_path / "newer.csv"
    newer.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("City of Twentynine Palms", "Twentynine Palms"),
        encoding="utf-8",
    )
    assert "0 created, 1 updated, 0 unchanged, 1 kept" in run(newer)
    assert GovernmentDomain.objects.get(domain="29palms.gov").organisation == "Twentynine Palms"
    assert GovernmentDomain.objects.get(domain="fbi.gov").note == "mine"


def test_another_csv_is_an_error_not_a_crash(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,kind\nfbi.gov,federal\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Domain name"):
        run(other)
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.csv")
