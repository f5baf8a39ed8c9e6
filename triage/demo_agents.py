"""Who asks, in the demo: the fields an agency's officer brings to a request. Its own module so
that the demo's stories (triage/demo.py) and the EU orders' (triage/demo_eu.py), which demo.py
imports, share one definition."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Agent:
    agency: str
    agent_name: str
    badge: str
    agent_email: str
    agent_phone: str
    postal_address: str
    country: str
    language: str = "en"
