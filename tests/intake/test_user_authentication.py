"""senders.user_authentication: is a notified user's reply authenticated for the user's own
domain? Only the trusted Authentication-Results decides (issue 15 point 6); pure."""

import pytest

from intake.senders import user_authentication

TRUSTED = ["mx.lerq.example"]


def judge(*results: str):
    headers = {"Authentication-Results": list(results), "From": "jane.user@example.com"}
    return user_authentication(headers=headers, domain="example.com", trusted_authserv_ids=TRUSTED)


@pytest.mark.parametrize(
    "result",
    [
        "mx.lerq.example; dmarc=pass header.from=example.com",
        "mx.lerq.example; dkim=pass header.d=mail.example.com",
    ],
)
def test_dmarc_or_an_aligned_dkim_pass_from_our_server_authenticates(result):
    assert judge(result).ok


@pytest.mark.parametrize(
    ("results", "why"),
    [
        ((), "no trusted Authentication-Results header"),
        (("mx.evil.example; dmarc=pass header.from=example.com",), "no trusted"),
        (("mx.lerq.example; dmarc=fail header.from=example.com",), "dmarc=fail"),
        (("mx.lerq.example; dmarc=pass header.from=other.example",), "not for the From domain"),
        (("mx.lerq.example; dkim=pass header.d=other.example",), "not aligned"),
    ],
)
def test_anything_else_does_not(results, why):
    found = judge(*results)
    assert not found.ok
    assert why in found.sentence


def test_only_the_topmost_trusted_header_counts():
    found = judge(
        "mx.lerq.example; dmarc=fail header.from=example.com",
        "mx.lerq.example; dmarc=pass header.from=example.com",
    )
    assert not found.ok
