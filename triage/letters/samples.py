"""Demo contexts for `letter_preview`: one plausible letter of each kind, dated around today."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from triage import rules
from triage.models.choices import AnnexIIIReason, RejectionReason

_AGENCY = {
    "name": "Det. Jordan Ellis",
    "title": "Cyber Crimes Unit",
    "organisation": "Springfield Police Department",
    "address": "200 Main Street\nSpringfield, IL 62701\nUnited States",
    "email": "j.ellis@springfield.il.gov",
}
_TARGETS = ["User id 48213377 (email lena.ward@example.net)", "IP address 203.0.113.45"]
_SHA = "9f2c1e7b4a0d5c3e8b6a1f0e2d4c6b8a0f1e3d5c7b9a2e4d6c8b0a1f3e5d7c9b"

# The issuing authority of the EU samples (Regulation (EU) 2023/1543).
_EU_ISSUER = {
    "addressee": {
        "name": "Oberstaatsanwalt Jonas Weber",
        "organisation": "Staatsanwaltschaft Berlin, Zentralstelle Cybercrime",
        "address": "Turmstraße 91\n10559 Berlin\nDeutschland",
        "email": "cybercrime@sta.berlin.de",
    },
    "their_reference": "276 Js 1184/26",
    "issuing_authority": "Staatsanwaltschaft Berlin",
    "issuing_state": "DE",
    "language": "en",
}


def sample_context(kind: str, today: date) -> dict[str, Any]:
    received = today - timedelta(days=3)
    common = {
        "reference": f"LER-{today.year}-000042",
        "their_reference": "SPD-2026-11873",
        "date": today,
        "addressee": _AGENCY,
        "received_at": received,
        "reply_to": settings.LERQ_MAILBOX_ADDRESS,
    }
    hold_start = received + timedelta(days=1)
    hold_end = hold_start + timedelta(days=settings.LERQ_HOLD_DAYS)
    specific: dict[str, dict[str, Any]] = {
        "acknowledgement": {
            "request_kind": "Subpoena",
            "targets": _TARGETS,
            "response_due": today + timedelta(days=21),
        },
        "deficiency": {
            "deficiencies": [
                rules.Deficiency(name, rules.SENTENCES[name])
                for name in (rules.BADGE, rules.PHONE, rules.SIGNATURE)
            ],
            "answer_by": today + timedelta(days=settings.LERQ_NEEDS_INFO_DAYS),
        },
        "preservation": {"hold_start": hold_start, "hold_end": hold_end, "targets": _TARGETS},
        "extension": {
            "original_reference": f"LER-{today.year}-000017",
            "previous_end": hold_end,
            "new_end": hold_end + timedelta(days=settings.LERQ_EXTENSION_DAYS),
            "targets": _TARGETS,
        },
        "rejection": {
            "reasons": [RejectionReason.OVERBROAD, RejectionReason.NO_LEGAL_BASIS],
            "explanation": "The subpoena asks for the content of messages of every user who "
            "joined the meeting; content can only be disclosed on a search warrant.",
        },
        "eu_annex_iii": {
            "addressee": {
                "name": "Claire Fontaine, vice-procureure",
                "organisation": "Parquet de Lyon",
                "address": "67 rue Servient\n69003 Lyon\nFrance",
                "email": "cybercrim.parquet-lyon@justice.gouv.fr",
            },
            "their_reference": "PR 26/204/0117",
            "reasons": [AnnexIIIReason.DATA_DELETED],
            "explanation": "The account was deleted by its holder on 2 March; its data were "
            "erased 30 days later, before the order was received.",
            "order_name": "EPOC",
            "order_title": "European Production Order Certificate (EPOC)",
            "issuing_authority": "Parquet de Lyon",
            "issuing_state": "FR",
            "data_categories": ["Subscriber data", "Traffic data"],
            "targets": _TARGETS,
            "preserved": False,
            "language": "en",
        },
        "eu_preservation": {
            **_EU_ISSUER,
            "order_name": "EPOC-PR",
            "data_categories": ["subscriber", "traffic"],
            "targets": _TARGETS,
            "hold_start": received,
            "hold_end": received + timedelta(days=60),
            "first_end": received + timedelta(days=60),
            "extended": False,
            "confirmed_at": None,
        },
        "eu_disclosure": {
            **_EU_ISSUER,
            "order_name": "EPOC",
            "data_categories": ["subscriber", "traffic"],
            "emergency": False,
            "records": [
                {
                    "name": "subscriber_48213377.csv",
                    "description": "Subscriber data of the account",
                    "category": "subscriber",
                    "size": 2_348,
                    "sha256": _SHA,
                },
                {
                    "name": "logins_48213377.csv",
                    "description": "Login IP addresses, 1 June to 30 September",
                    "category": "ip_logs",
                    "size": 18_112,
                    "sha256": _SHA[::-1],
                },
            ],
        },
        "disclosure": {
            "legal_process": "subpoena",
            "records": [
                {
                    "name": "subscriber_48213377.csv",
                    "description": "Basic subscriber information",
                    "size": 2_348,
                    "sha256": _SHA,
                },
                {
                    "name": "logins_48213377.csv",
                    "description": "Login IP addresses, 1 June to 30 September",
                    "size": 18_112,
                    "sha256": _SHA[::-1],
                },
            ],
        },
        "user_notice": {
            "addressee": {
                "name": "Lena Ward",
                "address": "14 Orchard Lane\nSpringfield, IL 62704",
                "email": "lena.ward@example.net",
            },
            "agency": _AGENCY["organisation"],
            "account": "48213377 (lena.ward@example.net)",
            "requested": "Basic subscriber information and login IP addresses from 1 June to "
            "30 September.",
            "legal_process": "a grand jury subpoena",
            "objection_ends": today + timedelta(days=settings.LERQ_OBJECTION_WINDOW_DAYS),
            "object_to": settings.LERQ_MAILBOX_ADDRESS,
        },
        "nondisclosure": {
            "order": "order under 18 U.S.C. § 2705(b), Circuit Court of Sangamon County",
            "order_end": today + timedelta(days=180),
        },
    }
    return {**common, **specific[kind]}
