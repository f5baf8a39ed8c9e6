from pathlib import Path

from django.conf import settings

from triage.diagram import mermaid
from triage.management.commands.state_diagram import END, START


def test_the_readme_shows_the_state_machines_that_run():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    shown = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == mermaid().strip(), "run: python manage.py state_diagram --write"


def test_the_diagram_has_every_transition_of_the_status_machine():
    from triage.models import Request

    names = {t.name for t in Request._meta.get_field("status").get_all_transitions(Request)}
    diagram = mermaid()
    assert names <= {
        n.strip() for line in diagram.splitlines() for n in line.split(":")[-1].split(",")
    }
    assert "in_review --> approved: approve" in diagram
    assert "approved --> disclosed: disclose" in diagram
