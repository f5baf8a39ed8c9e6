"""The request's state machines as Mermaid, generated from the transitions in the code.

The README embeds the output; a test checks the README against it, so the picture the team
reads is the machine that runs.
"""

from triage.models import Notice, Request, Status


def _lines(field_name: str, initial: str, title: str) -> list[str]:
    field = Request._meta.get_field(field_name)
    edges: dict[tuple[str, str], list[str]] = {}
    for transition in field.get_all_transitions(Request):
        edges.setdefault((transition.source, transition.target), []).append(transition.name)
    lines = ["```mermaid", "---", f"title: {title}", "---", "stateDiagram-v2"]
    lines.append(f"    [*] --> {initial}")
    for (source, target), names in sorted(edges.items()):
        lines.append(f"    {source} --> {target}: {', '.join(sorted(names))}")
    return [*lines, "```"]


def mermaid() -> str:
    status = _lines("status", Status.RECEIVED, "Request status")
    notice = _lines("notice", Notice.NOT_DECIDED, "User notice")
    return "\n".join([*status, "", *notice]) + "\n"
