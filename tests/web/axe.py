"""axe-core in the browser tests: `check_axe(page)` fails on any WCAG 2.2 AA violation.

axe-core comes from node_modules (npm install, from the repository's package.json; scripts/test
runs it). It is evaluated in every frame of the page, the widget's cross-origin iframe too,
through the browser's debugging protocol, so no page's Content-Security-Policy is loosened
for it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    iframes: false,  // each frame is checked on its own (cross-origin frames included)
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200),
                                 summary: n.failureSummary })),
  }));
}"""


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm install` in the repository (scripts/test does)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Every violation in every frame of `page`, each with the frame's URL."""
    source = axe_source()
    found: list[dict[str, Any]] = []
    for frame in page.frames:
        blank = frame.url in ("", "about:blank") and frame != page.main_frame
        if blank or frame.is_detached():
            continue
        if not frame.evaluate("() => typeof axe !== 'undefined'"):
            frame.evaluate(source)
        for violation in frame.evaluate(RUN, tags or WCAG_22_AA):
            found.append({"frame": frame.url, **violation})
    return found


def check_axe(page: Any, tags: list[str] | None = None) -> None:
    """Fail with a readable list when axe finds any violation of `tags` (WCAG 2.2 AA)."""
    violations = axe_violations(page, tags)
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}) in {v['frame']}: {v['help']}\n"
            + "\n".join(f"    {n['target']}: {n['html']}" for n in v["nodes"][:5])
            for v in violations
        ]
        pytest.fail("axe found WCAG violations:\n" + "\n".join(lines), pytrace=False)


def dump(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2)
