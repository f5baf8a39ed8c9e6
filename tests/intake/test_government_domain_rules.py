"""The administrators' government-domain rows combined with the shipped file."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import govdomains
from intake.govdomains import RuleChange, combine_rules, current_rules, is_government_domain
from intake.models import GovernmentDomain
from intake.senders import check_sender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    govdomains.rules_changed()
    yield
    govdomains.rules_changed()


def row(domain, kind="exact", active=True, **extra):
    found = GovernmentDomain(domain=domain, kind=kind, active=active, **extra)
    found.full_clean()
    found.save()
    return found


def accepted(domain: str) -> bool:
    return is_government_domain(domain, rules=current_rules()) is not None


def test_an_added_domain_is_accepted_with_its_organisation():
    assert not accepted("mail.sheriff-county.example.org")
    row("sheriff-county.example.org", organisation="Example County Sheriff", country="us")
    found = is_government_domain("mail.sheriff-county.example.org", rules=current_rules())
    assert (found.rule, found.source) == ("sheriff-county.example.org", "admin")
    assert found.description == "Example County Sheriff"
    assert GovernmentDomain.objects.get().country == "US"


def test_a_disabled_shipped_suffix_refuses_what_it_accepted():
    assert accepted("met.police.uk")
    row("police.uk", kind="suffix", active=False, note="compromised, see ticket 42")
    assert not accepted("met.police.uk")


def test_a_disabled_domain_is_refused_below_a_suffix_that_stays():
    row("hacked-town.gov", active=False)
    assert not accepted("hacked-town.gov")
    assert not accepted("mail.hacked-town.gov")
    assert accepted("fbi.gov")


def test_a_more_specific_active_row_wins_over_a_disabled_suffix():
    row("gov", kind="suffix", active=False)
    row("fbi.gov", organisation="Federal Bureau of Investigation")
    assert accepted("fbi.gov")
    assert not accepted("city.gov")


def test_switching_a_row_back_on_accepts_again():
    found = row("hacked-town.gov", active=False)
    found.active = True
    found.save()
    assert accepted("hacked-town.gov")


@pytest.mark.parametrize(
    ("domain", "kind"),
    [
        ("com", "exact"),
        ("co.uk", "exact"),
        ("com", "suffix"),
        ("co.uk", "suffix"),
        ("a b", "exact"),
    ],
)
def test_an_administrator_cannot_add_an_open_registry(domain, kind):
    with pytest.raises(ValidationError):
        row(domain, kind=kind)


def test_a_shipped_rule_name_may_be_written_to_override_it():
    assert row("gov", kind="suffix", active=False).domain == "gov"
    assert row(".gov.uk", kind="suffix", active=False).domain == "gov.uk"


@pytest.mark.parametrize(
    "domain",
    ["fbi-gov.com", "fbi.gov.example.com", "gov.uk.evil.net", "xn--fb-ioc.gov", "fbi.gov.evil"],
)
def test_look_alikes_stay_refused_with_administrators_rows(domain):
    row("fbi.gov", organisation="Federal Bureau of Investigation")
    row("example.com", kind="suffix", active=False)
    assert not accepted(domain)


def test_a_display_name_naming_a_government_domain_stays_refused():
    row("sheriff-county.example.org")
    raw = b'From: "FBI fbi.gov" <x@gmail.com>\r\n\r\n'
    result = check_sender(
        headers={"From": '"FBI fbi.gov" <x@gmail.com>'},
        raw=raw,
        trusted_authserv_ids=[],
        government_rules=current_rules(),
    )
    assert result.refusal == "spoofed_display_name"


def test_a_burst_of_messages_reads_the_table_once():
    row("sheriff-county.example.org")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(500):
            assert accepted("mail.sheriff-county.example.org")
    assert len(queries) == 2  # the table's version, then its rows


def test_an_expired_cache_of_an_unchanged_table_costs_one_small_query():
    row("sheriff-county.example.org")
    first = current_rules()
    govdomains._cache["loaded_at"] -= 3600
    with CaptureQueriesContext(connection) as queries:
        assert current_rules() is first
    assert len(queries) == 1


def test_a_save_forgets_the_cached_rules_at_once():
    assert not accepted("sheriff-county.example.org")
    row("sheriff-county.example.org")
    assert accepted("sheriff-county.example.org")


def test_other_processes_reload_after_the_cache_period(settings):
    settings.LERQ_GOVDOMAINS_CACHE_SECONDS = 60
    assert not accepted("sheriff-county.example.org")
    # Another process writes the row: this one's signal never fires.
    GovernmentDomain.objects.bulk_create([GovernmentDomain(domain="sheriff-county.example.org")])
    assert not accepted("sheriff-county.example.org")
    govdomains._cache["loaded_at"] -= 61
    assert accepted("sheriff-county.example.org")


def test_combine_rules_skips_a_malformed_row_instead_of_failing():
    bundled = govdomains.bundled_rules()
    rules = combine_rules(bundled, [RuleChange("not a domain", False, True, "bad")])
    assert len(rules) == len(bundled)
