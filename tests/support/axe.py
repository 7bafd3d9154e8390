"""axe-core (WCAG 2.1 A/AA) checks for Playwright pages, with a local axe.min.js (no CDN).

``make axe`` (part of ``make test``) installs the pinned npm package ``axe-core`` into
``.cache/axe``; ``GLAZENSTAD_AXE_JS`` may point elsewhere.

Usage::

    from tests.support.axe import assert_no_axe_violations, format_violations, run_axe

    page.goto(base_url + "/")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    # or simply: assert_no_axe_violations(page)
"""

from __future__ import annotations

import functools
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.support import REPO_ROOT, skip_or_fail

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_ENV = "GLAZENSTAD_AXE_JS"
REQUIRE_ENV = "GLAZENSTAD_REQUIRE_BROWSER"
DEFAULT_AXE_JS = REPO_ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN_AXE_JS = """
async ([context, options]) => {
    const results = await window.axe.run(context || document, options);
    return results.violations;
}
"""


def axe_path() -> Path:
    return Path(os.environ.get(AXE_ENV) or DEFAULT_AXE_JS)


@functools.cache
def _axe_source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def axe_source() -> str:
    """The axe.min.js source; skips (or fails in CI) when it has not been installed."""
    path = axe_path()
    if not path.is_file():
        skip_or_fail(f"axe-core not found at {path}: run `make axe` (or set {AXE_ENV})", REQUIRE_ENV)
    return _axe_source(path)


def run_axe(
    page: Page,
    *,
    tags: tuple[str, ...] | list[str] = WCAG21_AA_TAGS,
    context: str | dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Inject axe-core into ``page`` and return its violations for the WCAG 2.1 A/AA rules.

    ``context`` narrows the check (a CSS selector or an axe context object, e.g.
    ``{"exclude": [["#map"]]}``); ``options`` are merged into the axe options (e.g.
    ``{"rules": {"color-contrast": {"enabled": False}}}``). Injection goes through the DevTools
    protocol, so it also works on pages whose Content-Security-Policy forbids inline scripts.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;void 0;")
    axe_options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
    }
    axe_options.update(options or {})
    return page.evaluate(_RUN_AXE_JS, [context, axe_options])


def format_violations(violations: list[dict[str, Any]], *, max_nodes: int = 10) -> str:
    """Readable multi-line summary of axe violations, for assertion messages."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s) (axe-core, WCAG 2.1 A/AA):"]
    for violation in violations:
        nodes = violation.get("nodes", [])
        lines.append(
            f"\n[{violation.get('impact') or 'n/a'}] {violation.get('id')}: "
            f"{violation.get('help')} ({len(nodes)} node(s))"
        )
        if violation.get("helpUrl"):
            lines.append(f"    {violation['helpUrl']}")
        for node in nodes[:max_nodes]:
            target = ", ".join(
                " > ".join(part) if isinstance(part, list) else str(part)
                for part in node.get("target", [])
            )
            html = " ".join(str(node.get("html", "")).split())
            lines.append(f"  - target: {target}")
            lines.append(f"    html:   {textwrap.shorten(html, 200, placeholder=' ...')}")
            summary = node.get("failureSummary")
            if summary:
                for summary_line in summary.splitlines():
                    lines.append(f"    {summary_line.strip()}")
        if len(nodes) > max_nodes:
            lines.append(f"  ... and {len(nodes) - max_nodes} more node(s)")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, **kwargs: Any) -> None:
    """``run_axe`` + assert with a readable message."""
    violations = run_axe(page, **kwargs)
    assert not violations, format_violations(violations)


__all__ = [
    "WCAG21_AA_TAGS",
    "assert_no_axe_violations",
    "axe_path",
    "axe_source",
    "format_violations",
    "run_axe",
]
