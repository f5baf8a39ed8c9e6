"""An agency's reply to a mail of ours, as raw bytes for intake: DMARC-verified by our trusted
mail server, threaded under ``in_reply_to``. Not a test module: tests import it."""


def reply(*, sender: str, in_reply_to: str, subject: str) -> bytes:
    domain = sender.rpartition("@")[2]
    return (
        f"Authentication-Results: mx.lerq.example; dmarc=pass header.from={domain}\n"
        f"Received: from mail.{domain} (mail.{domain} [198.51.100.9]) by mx.lerq.example\n"
        " with ESMTPS id 7Qz02; Wed, 11 Nov 2026 10:00:00 +0000\n"
        f"From: AUSA Walter Skinner <{sender}>\n"
        "To: lawenforcement@lerq.example\n"
        f"Subject: {subject}\n"
        "Date: Wed, 11 Nov 2026 09:59:40 +0000\n"
        f"Message-ID: <answer-1@{domain}>\n"
        f"In-Reply-To: {in_reply_to}\n"
        f"References: {in_reply_to}\n"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "\n"
        "The account is the one ending in 4471.\n"
    ).encode()
