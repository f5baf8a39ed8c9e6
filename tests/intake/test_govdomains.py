from pathlib import Path

import pytest

from intake import govdomains
from intake.govdomains import import_dotgov, is_government_domain, read_dotgov

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "senders"


@pytest.mark.parametrize(
    ("domain", "rule"),
    [
        ("fbi.gov", ".gov"),
        ("ic.fbi.gov", ".gov"),
        ("army.mil", ".mil"),
        ("fs.fed.us", ".fed.us"),
        ("homeoffice.gov.uk", ".gov.uk"),
        ("met.police.uk", ".police.uk"),
        ("scotland.police.uk", ".police.uk"),
        ("mod.uk", "mod.uk"),
        ("gendarmerie.interieur.gouv.fr", ".interieur.gouv.fr"),
        ("justice.gouv.fr", ".gouv.fr"),
        ("bka.bund.de", ".bund.de"),
        ("polizei.bund.de", ".bund.de"),
        ("polizei.bayern.de", "polizei.bayern.de"),
        ("pp-muenchen.polizei.bayern.de", "polizei.bayern.de"),
        ("polizei.nrw.de", "polizei.nrw.de"),
        ("afp.gov.au", ".gov.au"),
        ("police.govt.nz", ".govt.nz"),
        ("justice.gov.ie", ".gov.ie"),
        ("garda.ie", "garda.ie"),
        ("europol.europa.eu", "europol.europa.eu"),
        ("ec.europa.eu", "europa.eu"),
        ("interpol.int", "interpol.int"),
        ("fedpol.admin.ch", ".admin.ch"),
        ("politie.nl", "politie.nl"),
        ("interior.gob.es", ".gob.es"),
        ("interno.it", "interno.it"),
        ("pec.interno.it", "interno.it"),
        ("mha.gov.in", ".gov.in"),
        ("pf.gov.br", ".gov.br"),
        ("npa.go.jp", ".go.jp"),
        ("rcmp-grc.gc.ca", ".gc.ca"),
    ],
)
def test_it_recognises_government_domains_and_names_the_rule(domain, rule):
    found = is_government_domain(domain)

    assert found is not None
    assert found.rule == rule
    assert found.source == "bundled"
    assert found.domain == domain
    assert found.description


@pytest.mark.parametrize(
    "domain",
    [
        "fbi-gov.com",
        "fbi.gov.example.com",
        "gov.uk.evil.net",
        "x.gov.evil.com",
        "fbigov.com",
        "police.uk.co",
        "polizei.evil.de",  # anyone can register evil.de: no wildcard over the Laender
        "polizei-bayern.de",
        "europol.eu",
        "europa.eu.evil.org",
        "interpol.int.example.com",
        "gmail.com",
        "gov",  # a bare public suffix is nobody's mail domain
        "gov.uk",
        "police.uk",
        "gouv.fr",
        "fbi.gov.local",  # unknown top-level domain
        "xn--fb-ioc.gov",  # fbi.gov with a Cyrillic i, in punycode
        "fb\u0456.gov",  # the same, in Unicode
        "\uff26\uff22\uff29.gov",  # full-width FBI, which IDNA maps back to ASCII
        "a..gov",
        "-fbi.gov",
        ".gov",
        "",
        "   ",
        "fbi.gov/evil",
        "fbi gov",
        "x" * 64 + ".gov",
    ],
)
def test_it_refuses_look_alikes_and_non_domains(domain):
    assert is_government_domain(domain) is None


def test_it_normalises_case_trailing_dot_and_spaces():
    found = is_government_domain("  FBI.Gov. ")

    assert found is not None
    assert found.domain == "fbi.gov"
    assert found.registrable_domain == "fbi.gov"


def test_it_reports_the_most_specific_rule():
    found = is_government_domain("gendarmerie.interieur.gouv.fr")

    assert found.rule == ".interieur.gouv.fr"
    assert "Interior" in found.description
    assert found.registrable_domain == "interieur.gouv.fr"


def test_it_never_raises_on_odd_input():
    for value in [None, 42, "\x00", "a@b.gov", "\udcff.gov", "é" * 300 + ".gov"]:
        assert is_government_domain(value) is None


def test_admin_additions_match_the_domain_and_below():
    extra = ["sheriff-county.example.org"]

    found = is_government_domain("mail.sheriff-county.example.org", extra=extra)

    assert found is not None
    assert found.rule == "sheriff-county.example.org"
    assert found.source == "extra"
    assert is_government_domain("sheriff-county.example.org.evil.com", extra=extra) is None
    assert is_government_domain("other.example.org", extra=extra) is None


def test_admin_additions_that_are_public_suffixes_are_skipped():
    assert is_government_domain("evil.com", extra=["com", "co.uk", "", "not a domain"]) is None


def test_an_admin_may_list_an_internationalised_domain_compared_in_punycode():
    found = is_government_domain("POLIZEI.bürgeramt.de", extra=["Bürgeramt.de"])

    assert found is not None
    punycode = "bürgeramt.de".encode("idna").decode("ascii")
    assert punycode.startswith("xn--")
    assert found.domain == f"polizei.{punycode}"
    assert found.rule == punycode
    assert is_government_domain("bürgeramt.de") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("com", "public suffix"),
        ("co.uk", "public suffix"),
        ("gov.uk", "public suffix"),
        ("", "empty"),
        ("not a domain", "not a valid domain"),
    ],
)
def test_validate_extra_domain_explains_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        govdomains.validate_extra_domain(value)


def test_validate_extra_domain_normalises():
    assert govdomains.validate_extra_domain(" .Sheriff.Example.ORG. ") == "sheriff.example.org"


def test_the_bundled_rules_load_without_duplicates():
    rules = govdomains.bundled_rules()
    names = [rule.text for rule in rules]

    assert len(rules) > 40
    assert len(names) == len(set(names))
    assert all(rule.description for rule in rules)


def test_an_exact_rule_on_a_public_suffix_is_rejected_with_its_line():
    with pytest.raises(ValueError, match=r"line 2: 'gov\.uk' is a public suffix"):
        govdomains.parse_rules("# comment\ngov.uk   United Kingdom\n")


def test_a_rule_with_upper_case_is_rejected():
    with pytest.raises(ValueError, match="line 1"):
        govdomains.parse_rules(".GOV  United States\n")


def test_organisational_domain_follows_the_public_suffix_list():
    assert govdomains.organisational_domain("mail.fbi.gov") == "fbi.gov"
    assert govdomains.organisational_domain("gendarmerie.interieur.gouv.fr") == "interieur.gouv.fr"
    assert govdomains.organisational_domain("polizei.bayern.de") == "bayern.de"
    assert govdomains.organisational_domain("gov.uk") is None
    assert govdomains.organisational_domain("fbi.gov.local") is None


def test_import_dotgov_reads_cisas_csv():
    domains = import_dotgov(DATA / "dotgov-sample.csv")

    assert domains == ["fbi.gov", "29palms.gov"]


def test_read_dotgov_keeps_type_and_organisation():
    rows = read_dotgov(DATA / "dotgov-sample.csv")

    assert rows[0].domain == "fbi.gov"
    assert rows[0].domain_type == "Federal - Executive"
    assert rows[0].organisation == "Department of Justice"


def test_import_dotgov_refuses_another_csv(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,kind\nfbi.gov,federal\n", encoding="utf-8")

    with pytest.raises(ValueError, match="Domain name"):
        import_dotgov(path)


def test_import_dotgov_skips_domains_outside_gov(tmp_path):
    path = tmp_path / "dotgov.csv"
    path.write_text(
        "\ufeffDomain name,Domain type\nfbi.gov.evil.com,City\ncity.gov,City\n", encoding="utf-8"
    )

    assert import_dotgov(path) == ["city.gov"]


@pytest.mark.parametrize(
    ("domain", "government"),
    [
        ("fbi.gov", True),
        ("army.mil", True),
        ("met.police.uk", True),
        ("justice.gov.uk", True),
        ("interieur.gouv.fr", True),
        ("rcmp-grc.gc.ca", True),
        ("bka.bund.de", True),
        ("police.gov.au", True),
        ("dps.state.tx.us", True),
        ("state.tx.us", False),  # the suffix itself is not a sender's domain
        ("evil.tx.us", False),  # any locality name can be registered under .tx.us
        ("gmail.com", False),
        ("fbi-gov.com", False),
        ("gov.example.com", False),
    ],
)
def test_the_domains_a_request_comes_from(domain, government):
    assert (govdomains.is_government_domain(domain) is not None) is government
