"""axe-core in a Playwright page: the vendored, unmodified build (vendor/axe-core/README.md).

Evaluated through the DevTools protocol rather than added as a script element: the pages'
Content-Security-Policy allows no inline script, and the test must not loosen it.
"""

from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# WCAG 2.1 A and AA, and axe's best practices (the skip link, landmarks) besides.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every violation axe-core finds in ``page`` as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    assert page.evaluate("axe.version") == AXE_VERSION
    return page.evaluate(_RUN, TAGS)


def serious(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical ones, one readable line each (what a failing test shows)."""
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


# A placeholder is not a label (it goes when one types): axe accepts it, the team's users did not.
_UNLABELLED = """() => Array.from(document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
  )).filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                  && !el.getAttribute("aria-labelledby"))
    .map(el => el.outerHTML.slice(0, 120))"""


def unlabelled_inputs(page: Any) -> list[str]:
    """The form fields of ``page`` with neither a label element nor an ARIA label."""
    return page.evaluate(_UNLABELLED)
