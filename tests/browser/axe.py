"""axe-core, the accessibility rules engine, run on the page a browser test has open.

``make test`` installs it from package.json into node_modules/.
"""

from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async ([tags, exclude]) => {
  // preload would copy the stylesheets into inline <style> elements, which the site's
  // Content Security Policy rightly refuses (it only serves css-orientation-lock).
  const options = {resultTypes: ["violations"], preload: false};
  if (tags) options.runOnly = {type: "tag", values: tags};
  const results = await axe.run({exclude: exclude.map((selector) => [selector])}, options);
  return results.violations.flatMap((rule) => rule.nodes.map((node) =>
    `${rule.id} (${rule.impact}): ${rule.help}: ${node.target.join(" ")}: ${node.html.slice(0, 160)}`));
}"""


def accessibility_problems(page, *, tags=None, exclude=()):
    """What axe finds wrong on the page, a line per rule and element: every rule, or only
    those with one of ``tags``; elements matching a selector in ``exclude`` are skipped."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run npm ci (make test does).")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    return page.evaluate(RUN_AXE, [tags, list(exclude)])
