import base64
import email
import email.policy
import email.utils
from pathlib import Path

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import govdomains
from intake.senders import Method, Refusal, SenderCheck, check_sender, parse_from

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "senders"
TRUSTED = ["mx.lerq.example"]
SELECTOR = b"s2026"


# --- helpers --------------------------------------------------------------------------------------


def message(from_value, *, results=(), extra_headers=(), body="Please preserve account 48213.\r\n"):
    """Raw bytes of a plain message: Authentication-Results on top, as a receiving MTA adds them."""
    lines = [f"Authentication-Results: {value}" for value in results]
    lines += [
        "Received: from mail.sender.example by mx.lerq.example; Tue, 24 Nov 2026 09:00:00 +0000",
        *([f"From: {from_value}"] if from_value is not None else []),
        *extra_headers,
        "To: lawenforcement@lerq.example",
        "Subject: Preservation request",
        "Date: Tue, 24 Nov 2026 08:59:58 +0000",
        "Message-ID: <test@sender.example>",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode("utf-8")


def check(raw, *, trusted=TRUSTED, dns_txt=None, **kwargs):
    headers = email.message_from_bytes(raw, policy=email.policy.default)
    return check_sender(
        headers=headers,
        raw=raw,
        trusted_authserv_ids=trusted,
        dns_txt=dns_txt or (lambda name, timeout=5: None),
        **kwargs,
    )


@pytest.fixture(scope="module")
def rsa_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public_der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public_der)


@pytest.fixture
def dns(rsa_key):
    """DNS as dkimpy sees it: only the published key of each signing domain, nothing else."""
    lookups = []
    published = {}

    def publish(domain):
        published[SELECTOR + b"._domainkey." + domain.encode() + b"."] = rsa_key[1]

    def dns_txt(name, timeout=5):
        lookups.append(name)
        return published.get(name)

    dns_txt.publish = publish
    dns_txt.lookups = lookups
    return dns_txt


def signed(raw, rsa_key, domain, **kwargs):
    signature = dkim.sign(raw, SELECTOR, domain.encode(), rsa_key[0], **kwargs)
    return signature + raw


def refused_with(result, refusal):
    assert isinstance(result, SenderCheck)
    assert not result.ok, result
    assert result.refusal == refusal, result
    assert result.reasons and all(isinstance(reason, str) for reason in result.reasons)


# --- authentication by the trusted receiving server ---------------------------------------------

DMARC_PASS = "mx.lerq.example; dkim=pass header.d={d}; spf=pass; dmarc=pass header.from={d}"


@pytest.mark.parametrize(
    ("from_value", "domain", "rule"),
    [
        ('"Special Agent R. Cole" <r.cole@fbi.gov>', "fbi.gov", ".gov"),
        ("DC Jane Hollis <jane.hollis@met.police.uk>", "met.police.uk", ".police.uk"),
        (
            "=?utf-8?q?Adjudant_B=C3=A9atrice_Morel?= <b.morel@gendarmerie.interieur.gouv.fr>",
            "gendarmerie.interieur.gouv.fr",
            ".interieur.gouv.fr",
        ),
        ("KHK Huber <k11.pp-mue@polizei.bayern.de>", "polizei.bayern.de", "polizei.bayern.de"),
        ("<duty.officer@europol.europa.eu>", "europol.europa.eu", "europol.europa.eu"),
        ("agent@FBI.GOV", "fbi.gov", ".gov"),
        ('"r.cole@fbi.gov" <r.cole@fbi.gov>', "fbi.gov", ".gov"),
        ('"Cole, R. (FBI - fbi.gov)" <r.cole@fbi.gov>', "fbi.gov", ".gov"),
    ],
)
def test_it_accepts_a_government_sender_with_dmarc_pass(from_value, domain, rule):
    result = check(message(from_value, results=[DMARC_PASS.format(d=domain)]))

    assert result.ok, result
    assert result.refusal is None
    assert result.domain == domain
    assert result.government_rule == rule
    assert result.method == Method.AUTHENTICATION_RESULTS
    assert result.authserv_id == "mx.lerq.example"
    assert result.address.endswith("@" + domain)


def test_it_accepts_a_headers_mapping_too():
    raw = message("r.cole@fbi.gov", results=[DMARC_PASS.format(d="fbi.gov")])

    result = check_sender(
        headers={
            "From": "r.cole@fbi.gov",
            "authentication-results": [DMARC_PASS.format(d="fbi.gov")],
        },
        raw=raw,
        trusted_authserv_ids=["MX.LERQ.EXAMPLE"],
    )

    assert result.ok, result


def test_a_forged_header_from_an_untrusted_server_is_ignored():
    forged = "mx.attacker.example; dkim=pass header.d=fbi.gov; dmarc=pass header.from=fbi.gov"

    result = check(message("r.cole@fbi.gov", results=[forged]))

    refused_with(result, Refusal.NO_AUTHENTICATION)
    assert result.method == Method.DKIM


def test_a_forged_header_below_ours_does_not_outvote_it():
    ours = "mx.lerq.example; dkim=none; dmarc=fail header.from=fbi.gov"
    forged = "mx.attacker.example; dkim=pass header.d=fbi.gov; dmarc=pass header.from=fbi.gov"

    result = check(message("r.cole@fbi.gov", results=[forged, ours]))

    refused_with(result, Refusal.AUTHENTICATION_FAILED)
    assert "dmarc=fail" in result.reasons[0]


def test_the_topmost_trusted_header_decides():
    top = "mx.lerq.example; dmarc=fail header.from=fbi.gov"
    older = DMARC_PASS.format(d="fbi.gov")

    result = check(message("r.cole@fbi.gov", results=[top, older]))

    refused_with(result, Refusal.AUTHENTICATION_FAILED)


@pytest.mark.parametrize(
    ("results", "fragment"),
    [
        (["mx.lerq.example; dmarc=fail (p=reject) header.from=fbi.gov"], "dmarc=fail"),
        (["mx.lerq.example; dmarc=pass header.from=evil.com"], "not for the From domain"),
        (["mx.lerq.example; dmarc=pass"], "unnamed domain"),
        (["mx.lerq.example; dkim=pass header.d=evil.com"], "not aligned"),
        (["mx.lerq.example; dkim=fail header.d=fbi.gov"], "dkim=fail"),
        (["mx.lerq.example; spf=pass smtp.mailfrom=fbi.gov"], "no DMARC or DKIM"),
        (["mx.lerq.example; none"], "no DMARC or DKIM"),
        (["mx.lerq.example; ;;; garbage =="], "cannot be read"),
    ],
)
def test_a_trusted_header_without_an_aligned_pass_is_refused(results, fragment):
    result = check(message("r.cole@fbi.gov", results=results))

    refused_with(result, Refusal.AUTHENTICATION_FAILED)
    assert fragment in " ".join(result.reasons)


def test_an_aligned_dkim_pass_on_a_subdomain_is_enough_without_dmarc():
    results = ["mx.lerq.example; dkim=pass header.d=mailout.fbi.gov header.s=sel"]

    result = check(message("r.cole@fbi.gov", results=results))

    assert result.ok, result
    assert result.dkim_domain == "mailout.fbi.gov"


def test_dmarc_pass_for_a_parent_domain_is_not_this_from():
    results = ["mx.lerq.example; dmarc=pass header.from=interieur.gouv.fr"]

    result = check(message("x@gendarmerie.interieur.gouv.fr", results=results))

    refused_with(result, Refusal.AUTHENTICATION_FAILED)


# --- DKIM verified by lerq ------------------------------------------------------------------------


def test_it_verifies_a_real_dkim_signature_through_the_injected_dns(rsa_key, dns):
    dns.publish("fbi.gov")
    raw = signed(message('"SA Cole" <r.cole@fbi.gov>'), rsa_key, "fbi.gov")

    result = check(raw, trusted=[], dns_txt=dns)

    assert result.ok, result
    assert result.method == Method.DKIM
    assert result.dkim_domain == "fbi.gov"
    assert dns.lookups == [b"s2026._domainkey.fbi.gov."]


def test_a_body_changed_after_signing_fails(rsa_key, dns):
    dns.publish("fbi.gov")
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "fbi.gov")
    tampered = raw.replace(b"account 48213", b"account 99999")

    result = check(tampered, trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)
    assert "body hash mismatch" in result.reasons[0]


def test_a_from_changed_after_signing_fails(rsa_key, dns):
    dns.publish("fbi.gov")
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "fbi.gov")

    result = check(raw.replace(b"r.cole@fbi.gov", b"director@fbi.gov"), trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)


def test_a_valid_signature_of_another_domain_is_not_aligned(rsa_key, dns):
    dns.publish("evil.com")
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "evil.com")

    result = check(raw, trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)
    assert "not aligned" in result.reasons[0]


def test_a_signature_of_a_subdomain_aligns(rsa_key, dns):
    dns.publish("mail.police.govt.nz")
    raw = signed(message("detective@police.govt.nz"), rsa_key, "mail.police.govt.nz")

    result = check(raw, trusted=[], dns_txt=dns)

    assert result.ok, result


def test_a_second_aligned_signature_rescues_a_foreign_first_one(rsa_key, dns):
    dns.publish("fbi.gov")
    dns.publish("relay.example.net")
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "fbi.gov")
    raw = signed(raw, rsa_key, "relay.example.net")

    result = check(raw, trusted=[], dns_txt=dns)

    assert result.ok, result
    assert result.dkim_domain == "fbi.gov"


def test_a_signature_whose_key_is_not_published_fails(rsa_key, dns):
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "fbi.gov")

    result = check(raw, trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)


def test_a_signature_limited_to_part_of_the_body_is_refused(rsa_key, dns):
    dns.publish("fbi.gov")
    raw = signed(message("r.cole@fbi.gov"), rsa_key, "fbi.gov", length=True)

    result = check(raw, trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)
    assert "l=" in result.reasons[0]


def test_an_unsigned_message_without_trusted_results_has_no_authentication():
    result = check(message("r.cole@fbi.gov"))

    refused_with(result, Refusal.NO_AUTHENTICATION)


def test_a_garbled_signature_is_refused_not_raised(dns):
    raw = message("r.cole@fbi.gov", extra_headers=["DKIM-Signature: v=1; a=rsa-sha256; d=fbi.gov"])

    result = check(raw, trusted=[], dns_txt=dns)

    refused_with(result, Refusal.AUTHENTICATION_FAILED)


# --- the From header ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "from_value",
    [
        "alice@gov.example@evil.com",
        "alice@fbi.gov@evil.com",
        '"alice@fbi.gov"@evil.com',
        "r.cole@fbi.gov, accomplice@evil.com",
        "R Cole <r.cole@fbi.gov>, x@evil.com",
        "Cole, R <r.cole@fbi.gov>",
        "undisclosed-recipients:;",
        "FBI: r.cole@fbi.gov;",
        "r.cole@fbi.gov (Special Agent)",
        "alice@example.org)<bob@fbi.gov>",
        "<r.cole@fbi.gov",
        "r.cole@fbi.gov>",
        "<<r.cole@fbi.gov>>",
        "Cole <r.cole@fbi.gov> trailing",
        "r.cole@",
        "@fbi.gov",
        "r.cole",
        "r.cole@[192.0.2.1]",
        "r..cole@fbi.gov",
        "=?utf-8?q?r.cole?=@fbi.gov",
        "r.cole@=?utf-8?q?fbi.gov?=",
        "=?utf-8?q?FBI=0D=0ABcc=3A_x?= <r.cole@fbi.gov>",
        "=?x-unknown?q?FBI?= <r.cole@fbi.gov>",
        '"unterminated <r.cole@fbi.gov>',
        "",
        "   ",
        "r.cole@fbi..gov",
        "r.cole@fbi.gov.",
        "\u0440.cole@fbi.gov",
    ],
)
def test_it_refuses_a_malformed_from(from_value):
    result = check(message(from_value, results=[DMARC_PASS.format(d="fbi.gov")]))

    refused_with(result, Refusal.MALFORMED_FROM)


def test_it_refuses_a_message_without_from():
    result = check(message(None, results=[DMARC_PASS.format(d="fbi.gov")]))

    refused_with(result, Refusal.MALFORMED_FROM)


def test_it_refuses_two_from_headers():
    raw = message(
        "r.cole@fbi.gov",
        results=[DMARC_PASS.format(d="fbi.gov")],
        extra_headers=["From: x@evil.com"],
    )

    result = check(raw)

    refused_with(result, Refusal.MALFORMED_FROM)
    assert "2 From headers" in result.reasons[0]


def test_it_refuses_headers_that_disagree_with_the_raw_message():
    raw = message("x@evil.com")

    result = check_sender(headers={"From": "r.cole@fbi.gov"}, raw=raw, trusted_authserv_ids=TRUSTED)

    refused_with(result, Refusal.MALFORMED_FROM)


def test_the_strict_parser_reads_the_usual_forms():
    parsed = parse_from('"Hollis, Jane (DC)" <Jane.Hollis@Met.Police.UK>')

    assert parsed.address == "Jane.Hollis@met.police.uk"
    assert parsed.domain == "met.police.uk"
    assert parsed.display_name == "Hollis, Jane (DC)"


def test_an_internationalised_domain_is_compared_in_punycode():
    parsed = parse_from("Agent <agent@fb\u0456.gov>")

    assert parsed.domain == "xn--fb-ioc.gov"


# --- display names and look-alike domains ---------------------------------------------------------


@pytest.mark.parametrize(
    "from_value",
    [
        '"fbi.gov" <x@gmail.com>',
        '"FBI <agent@fbi.gov>" <x@evil.com>',
        '"agent@fbi.gov" <x@evil.com>',
        "agent@fbi.gov <x@evil.com>",
        '"Met Police (met.police.uk)" <duty@gmail.com>',
        '"Police UK - police.uk" <duty@gmail.com>',
        '"agent\uff20fbi.gov" <x@evil.com>',  # full-width @
        "=?utf-8?q?FBI_=3Cagent=40fbi.gov=3E?= <x@evil.com>",
        '"DC Hollis <jane.hollis@met.police.uk>" <jane.hollis@kent.police.uk>',
        '"Sheriff \u202eVOG.IBF\u202c" <sheriff@county.gov>',
    ],
)
def test_it_refuses_a_display_name_that_names_someone_else(from_value):
    result = check(message(from_value, results=[DMARC_PASS.format(d="gmail.com")]))

    refused_with(result, Refusal.SPOOFED_DISPLAY_NAME)


@pytest.mark.parametrize(
    ("from_value", "refusal"),
    [
        ('"FBI" <x@gmail.com>', Refusal.NOT_GOVERNMENT_SENDER),
        ("x@fbi-gov.com", Refusal.LOOKALIKE_DOMAIN),
        ("agent@fbi.gov.example.com", Refusal.LOOKALIKE_DOMAIN),
        ("agent@gov.uk.evil.net", Refusal.LOOKALIKE_DOMAIN),
        ("agent@xn--fb-ioc.gov", Refusal.LOOKALIKE_DOMAIN),
        ("agent@fb\u0456.gov", Refusal.LOOKALIKE_DOMAIN),
        ("agent@polizei.evil.de", Refusal.NOT_GOVERNMENT_SENDER),
        ("duty@gov.uk", Refusal.NOT_GOVERNMENT_SENDER),
        ("agent@fbi.gov.local", Refusal.NOT_GOVERNMENT_SENDER),
    ],
)
def test_it_refuses_a_sender_outside_government(from_value, refusal):
    # Authenticated for fbi.gov, not for its own domain: nothing here is held for a person.
    result = check(message(from_value, results=[DMARC_PASS.format(d="fbi.gov")]))

    refused_with(result, refusal)


def test_an_admin_addition_makes_a_sender_governmental():
    raw = message(
        "deputy@sheriff.example.org", results=[DMARC_PASS.format(d="sheriff.example.org")]
    )

    result = check(raw, extra_government_domains=["sheriff.example.org"])

    assert result.ok, result
    assert result.government.source == "extra"


# --- sample messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ok", "refusal"),
    [
        ("met-police-dmarc-pass.eml", True, None),
        ("fbi-spoofed-dmarc-fail.eml", False, Refusal.AUTHENTICATION_FAILED),
        ("bayern-forged-untrusted-results.eml", False, Refusal.NO_AUTHENTICATION),
    ],
)
def test_sample_messages(name, ok, refusal):
    result = check((DATA / name).read_bytes())

    assert result.ok is ok, result
    assert result.refusal == refusal


def test_the_record_is_json_ready():
    result = check((DATA / "fbi-spoofed-dmarc-fail.eml").read_bytes())

    record = result.as_record()

    assert record["refusal"] == "authentication_failed"
    assert record["address"] == "r.cole@fbi.gov"
    assert record["government_rule"] == ".gov"
    assert record["method"] == "authentication_results"


# --- never raises ---------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    from_value=st.text(max_size=120),
    results=st.lists(st.text(max_size=120), max_size=3),
    raw=st.binary(max_size=400),
)
def test_it_never_raises_on_arbitrary_headers(from_value, results, raw):
    headers = {"From": from_value, "Authentication-Results": results}

    result = check_sender(
        headers=headers,
        raw=raw,
        trusted_authserv_ids=["mx.lerq.example", ""],
        dns_txt=lambda name, timeout=5: None,
    )

    assert isinstance(result, SenderCheck)
    assert result.refusal != Refusal.CHECK_FAILED, result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    from_value=st.text(alphabet=st.sampled_from('a@b.gov<>"=?,;:() \\\r\n\t\u00e9'), max_size=60),
    result_text=st.text(
        alphabet=st.sampled_from("mx.lerq.example;=dkimarcpsfhd() \r\n"), max_size=80
    ),
    signature=st.binary(max_size=80),
)
def test_it_never_raises_on_mail_shaped_bytes(from_value, result_text, signature):
    raw = (
        b"Authentication-Results: " + result_text.encode() + b"\r\n"
        b"DKIM-Signature: " + signature + b"\r\n"
        b"From: " + from_value.encode("utf-8", "surrogatepass") + b"\r\n\r\nbody\r\n"
    )
    parsed = email.message_from_bytes(raw, policy=email.policy.default)

    result = check_sender(
        headers=parsed,
        raw=raw,
        trusted_authserv_ids=TRUSTED,
        dns_txt=lambda name, timeout=5: None,
    )

    assert isinstance(result, SenderCheck)
    assert result.refusal != Refusal.CHECK_FAILED, result


FROM_PIECES = st.sampled_from(
    [*'ab.@<>"=?,;:()\\ \t\u00e9\uff20\u0456', "fbi.gov", "=?utf-8?q?", "?=", "x@y.gov"]
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.lists(FROM_PIECES, max_size=25).map("".join))
def test_whatever_the_strict_parser_accepts_the_standard_library_reads_the_same(value):
    # The CVE-2023-27043 class of bug is two parsers disagreeing about one header.
    try:
        parsed = parse_from(value)
    except Exception:
        return
    pairs = email.utils.getaddresses([value])

    assert len(pairs) == 1, pairs
    local, _, domain = pairs[0][1].rpartition("@")
    assert local == parsed.local
    assert govdomains.normalise_domain(domain) == parsed.domain


def test_the_trusted_ids_may_come_as_the_settings_string():
    raw = message("r.cole@fbi.gov", results=[DMARC_PASS.format(d="fbi.gov")])

    result = check(raw, trusted="mx.backup.example, MX.LERQ.EXAMPLE")

    assert result.ok, result
