"""Refuse only when it is clear (issue 16): names are names, look-alikes are caught after
Unicode normalisation, and a sender authenticated for its own unlisted domain is not refused
but left for a person (``unlisted_sender``)."""

import email
import email.policy

import pytest

from intake import govdomains
from intake.senders import (
    REASON_FREE_MAIL,
    REASON_SWITCHED_OFF,
    Method,
    Refusal,
    check_sender,
)

TRUSTED = ["mx.lerq.example"]
DMARC_PASS = "mx.lerq.example; dkim=pass header.d={d}; spf=pass; dmarc=pass header.from={d}"
DMARC_FAIL = "mx.lerq.example; dkim=fail header.d={d}; spf=fail; dmarc=fail header.from={d}"


def message(from_value, *, results=()):
    lines = [f"Authentication-Results: {value}" for value in results]
    lines += [
        "Received: from mail.sender.example by mx.lerq.example; Tue, 24 Nov 2026 09:00:00 +0000",
        f"From: {from_value}",
        "To: lawenforcement@lerq.example",
        "Subject: Preservation request",
        "Message-ID: <lookalike@sender.example>",
    ]
    return ("\r\n".join(lines) + "\r\n\r\nPlease preserve account 48213.\r\n").encode("utf-8")


def check(from_value, domain, *, results=None, **kwargs):
    raw = message(from_value, results=[DMARC_PASS.format(d=domain)] if results is None else results)
    return check_sender(
        headers=email.message_from_bytes(raw, policy=email.policy.default),
        raw=raw,
        trusted_authserv_ids=TRUSTED,
        dns_txt=lambda name, timeout=5: None,
        **kwargs,
    )


# --- display names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "from_value",
    [
        '"Morales, Dana@DPS" <dana.morales@dps.texas.gov>',
        '"Nguyen, Tran@TXDPS-CID" <dana.morales@dps.texas.gov>',
        '"Morales, Dana@DPS (Austin)" <dana.morales@dps.texas.gov>',
        '"Dana Morales @ DPS" <dana.morales@dps.texas.gov>',
    ],
)
def test_an_outlook_last_first_at_agency_display_name_is_a_name(from_value):
    result = check(from_value, "dps.texas.gov")

    assert result.ok, result
    assert result.display_name.startswith(("Morales", "Nguyen", "Dana"))


@pytest.mark.parametrize(
    "from_value",
    [
        '"Agent Cole, fbi.g\u200bov" <r.cole@dea.gov>',  # zero-width space
        '"Agent Cole, fbi.g\u00adov" <r.cole@dea.gov>',  # soft hyphen
        '"Agent Cole, fbi\u2060.gov" <r.cole@dea.gov>',  # word joiner
        '"Agent Cole (fb\u0456.gov)" <r.cole@dea.gov>',  # Cyrillic i
        '"Agent Cole (\uff46bi.gov)" <r.cole@dea.gov>',  # full-width f
    ],
)
def test_invisible_and_look_alike_letters_do_not_hide_another_government(from_value):
    result = check(from_value, "dea.gov")

    assert not result.ok, result
    assert result.refusal == Refusal.SPOOFED_DISPLAY_NAME
    assert "fbi.gov" in " ".join(result.reasons)


def test_a_zero_width_space_does_not_make_an_address_a_name():
    # Without the format character removed, "gov\u200b" is no top-level domain and the
    # address would pass for a name.
    result = check('"r.cole@fbi.go\u200bv" <x@politie.example.nl>', "politie.example.nl")

    assert result.refusal == Refusal.SPOOFED_DISPLAY_NAME, result
    assert "r.cole@fbi.gov" in " ".join(result.reasons)


# --- domains off the government list -------------------------------------------------------------


def test_a_cyrillic_i_in_fbi_gov_is_refused_as_a_look_alike_although_it_authenticates():
    result = check("Agent <agent@fb\u0456.gov>", "xn--fb-ioc.gov")

    assert result.refusal == Refusal.LOOKALIKE_DOMAIN, result
    assert result.reasons == ["xn--fb-ioc.gov imitates the government name fbi.gov."]


@pytest.mark.parametrize(
    ("address", "imitated"),
    [
        ("duty@met-police-uk.net", "met.police.uk"),
        ("agent@fbi.gov.example.com", "fbi.gov"),
        ("agent@fbi-g\u03bfv.com", "fbi.gov"),  # a Greek omicron
    ],
)
def test_a_government_name_inside_another_domain_is_a_look_alike(address, imitated):
    domain = govdomains.normalise_domain(address.rpartition("@")[2]) or "?"
    result = check(f"Duty Officer <{address}>", domain)

    assert result.refusal == Refusal.LOOKALIKE_DOMAIN, result
    assert imitated in result.reasons[0]


def test_a_sender_authenticated_for_its_own_unlisted_domain_is_left_for_a_person():
    result = check("Inspecteur P. de Vries <p.devries@politie.example.nl>", "politie.example.nl")

    assert not result.ok
    assert result.refusal == Refusal.UNLISTED_SENDER, result
    assert (result.domain, result.method) == ("politie.example.nl", Method.AUTHENTICATION_RESULTS)
    assert "held for a person to decide" in result.reasons[-1]


def test_a_government_suffix_of_another_country_is_no_look_alike():
    # police.gov.ng is registered under gov.ng; it does not imitate a "police.gov".
    result = check("Desk <desk@police.gov.ng>", "police.gov.ng")

    assert result.refusal in (Refusal.UNLISTED_SENDER, None), result


@pytest.mark.parametrize(
    "results",
    [
        [DMARC_FAIL.format(d="politie.example.nl")],  # our MX recorded the failure
        [],  # nothing from our MX: it cannot be shown to be that domain's
        ["evil.example; dmarc=pass header.from=politie.example.nl"],  # not our MX
    ],
)
def test_an_unlisted_sender_that_does_not_authenticate_is_refused(results):
    result = check("P. de Vries <p.devries@politie.example.nl>", "", results=results)

    assert result.refusal == Refusal.NOT_GOVERNMENT_SENDER, result
    assert "cannot be shown to come from politie.example.nl" in result.reasons[-1]


@pytest.mark.parametrize("address", ["fbi.desk@gmail.com", "duty.officer@yahoo.co.uk"])
def test_a_free_mail_provider_is_refused_even_when_it_authenticates(address):
    domain = address.rpartition("@")[2]
    result = check(f'"FBI Desk" <{address}>', domain)

    assert result.refusal == Refusal.NOT_GOVERNMENT_SENDER, result
    assert REASON_FREE_MAIL.format(domain=domain) in result.reasons


def test_a_domain_an_administrator_switched_off_is_refused_not_held():
    change = govdomains.RuleChange("hacked-town.gov", False, False, "compromised")
    rules = govdomains.combine_rules(govdomains.bundled_rules(), [change])

    result = check("Clerk <clerk@hacked-town.gov>", "hacked-town.gov", government_rules=rules)

    assert result.refusal == Refusal.NOT_GOVERNMENT_SENDER, result
    assert result.reasons == [REASON_SWITCHED_OFF.format(domain="hacked-town.gov")]
