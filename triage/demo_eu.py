"""The demo's EU orders (Regulation (EU) 2023/1543), played with the other stories by
triage/demo.py: an emergency EPOC just received, an EPOC notified to the enforcing authority
waiting for its 10 days, and an EPOC-PR extended once by Annex VI."""

from collections.abc import Callable, Generator
from datetime import datetime, timedelta
from typing import Any

from triage import services
from triage.demo_agents import Agent
from triage.models import Kind, Request
from triage.services.eu_orders import eu_preservation_extend

Story = Generator[datetime | timedelta, None, None]
HOUR = timedelta(hours=1)


PARQUET_PARIS = Agent(
    agency="Parquet de Paris, section J3 (cybercriminalité)",
    agent_name="Claire Fontaine, vice-procureure",
    badge="",
    agent_email="cybercrim.parquet-paris@justice.gouv.fr",
    agent_phone="+33 1 44 32 51 51 poste 4417",
    postal_address="Parvis du Tribunal de Paris\n75017 Paris\nFrance",
    country="FR",
    language="fr",
)
STA_BERLIN = Agent(
    agency="Staatsanwaltschaft Berlin, Zentralstelle Cybercrime",
    agent_name="Oberstaatsanwalt Jonas Weber",
    badge="",
    agent_email="cybercrime@sta.berlin.de",
    agent_phone="+49 30 9014 0 Durchwahl 2231",
    postal_address="Turmstraße 91\n10559 Berlin\nDeutschland",
    country="DE",
    language="de",
)
FISCALIA_MADRID = Agent(
    agency="Fiscalía Provincial de Madrid, Sección de Criminalidad Informática",
    agent_name="Fiscal Lucía Moreno",
    badge="",
    agent_email="criminalidad.informatica@fiscal.es",
    agent_phone="+34 91 493 10 00 ext. 318",
    postal_address="Calle de Manuel Tovar 9\n28034 Madrid\nEspaña",
    country="ES",
    language="es",
)


def _certificate(issuer: Agent, **fields: Any) -> dict[str, Any]:
    return {
        "eu_issuing_authority": issuer.agency,
        "eu_issuing_state": issuer.country,
        "response_due_date": None,
        **fields,
    }


def _epoc_emergency(d: Any) -> Story:
    yield d.ago(minutes=25)
    d.open(
        "parquet-paris-epoc-emergency",
        Kind.EU_PRODUCTION_ORDER,
        PARQUET_PARIS,
        case_number="PR 26/118/0042",
        subject="EPOC - urgence - PR 26/118/0042",
        summary="Enlèvement d'un enfant de 9 ans ce matin: the account that arranged the meeting "
        "and the IP addresses used in the last 48 hours, to locate him (Article 3(18)).",
        targets=[{"type": "user", "email": "kidnap.suspect.77@example.com"}],
        **_certificate(
            PARQUET_PARIS,
            eu_data_categories=["subscriber", "traffic"],
            eu_emergency=True,
            eu_offence="Enlèvement et séquestration de mineur",
            eu_legal_basis="Article 224-1 du code pénal",
        ),
    )


def _epoc_enforcing_notified(d: Any) -> Story:
    yield d.ago(days=4, hours=3)
    r = d.open(
        "sta-berlin-epoc",
        Kind.EU_PRODUCTION_ORDER,
        STA_BERLIN,
        case_number="276 Js 1184/26",
        subject="Europäische Herausgabeanordnung (EPOC) 276 Js 1184/26",
        summary="Content of the messages exchanged in the meetings of an account used to "
        "distribute ransomware; the enforcing authority (Ireland) was notified.",
        targets=[{"type": "account", "email": "lockbit.affiliate@example.org"}],
        **_certificate(
            STA_BERLIN,
            eu_validating_authority="Amtsgericht Tiergarten, Ermittlungsrichter",
            eu_data_categories=["content"],
            eu_enforcing_notified=True,
            eu_offence="Computersabotage, Erpressung",
            eu_legal_basis="§§ 303b, 253 StGB",
        ),
    )
    yield HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield HOUR
    services.request_start_review(request=r, by=d.reviewer)


def _epoc_pr_extended(d: Any) -> Story:
    yield d.ago(days=70, hours=5)
    r = d.open(
        "fiscalia-madrid-epoc-pr",
        Kind.EU_PRESERVATION_ORDER,
        FISCALIA_MADRID,
        case_number="DP 2291/2026",
        subject="EPOC-PR - Diligencias Previas 2291/2026",
        summary="Preserve subscriber and traffic data of an account used for investment fraud.",
        targets=[{"type": "account", "email": "inversiones.seguras@example.net"}],
        **_certificate(
            FISCALIA_MADRID,
            eu_data_categories=["subscriber", "traffic"],
            eu_offence="Estafa",
            eu_legal_basis="Artículo 248 del Código Penal",
        ),
    )
    yield HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield HOUR
    services.hold_place(request=r, by=d.reviewer, note="Snapshot SNAP-26-0488.")
    yield d.ago(days=12)
    eu_preservation_extend(
        request=Request.objects.get(pk=r.pk), by=d.reviewer, note="Annex VI received by email."
    )


EU_STORIES: tuple[Callable[[Any], Story], ...] = (
    _epoc_emergency,
    _epoc_enforcing_notified,
    _epoc_pr_extended,
)
