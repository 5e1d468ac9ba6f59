"""axe-core in every page the browser tests open: zero serious or critical violations.

axe-core comes from npm as a development dependency, pinned in tests/e2e/package.json and package-lock.json, and
is installed by `make e2e-deps` (`npm ci --prefix tests/e2e`; .ci/run runs it through `make test`). Nothing is
downloaded while the tests run: without tests/e2e/node_modules the browser tests skip with that instruction (and
fail with CI=true, where npm is installed by .ci/run).

Each browser context gets axe-core as an init script (Playwright injects it outside the page's Content-Security-
Policy) that checks every document once it has loaded and reports through the console; `check(page)` checks the
page as it is now (after a click opened a menu, say). The `new_context` fixture fails the test on any serious or
critical violation seen in any page it opened.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

AXE_VERSION = "4.14.1"  # the same as package.json
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
REPORT = "rashinban-axe "
IMPACTS = ("serious", "critical")
INSTALL = "axe-core is not installed for the browser tests: run `make e2e-deps` (npm ci --prefix tests/e2e)"

_RUN = """
window.__rashinbanAxe = function () {
  return axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
    return result.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
      .map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " " + n.html.slice(0, 120); })};
      });
  });
};
if (window.top === window && document.contentType === "text/html") {
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      window.__rashinbanAxe().then(function (bad) {
        console.log("%s" + JSON.stringify({url: location.href, bad: bad}));
      }).catch(function () { /* already running: check() reports this page */ });
    }, 0);
  });
}
""".replace("%s", REPORT)


def installed() -> bool:
    return AXE_JS.exists()


def init_script() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n" + _RUN


def parse_report(text: str) -> dict | None:
    return json.loads(text[len(REPORT) :]) if text.startswith(REPORT) else None


def check(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """The serious and critical violations of the page as it is now (waits while the load-time run finishes)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return page.evaluate("() => window.__rashinbanAxe()")
        except Exception as error:  # axe allows one run at a time: the one started on load is still going
            if "already running" not in str(error) or time.monotonic() > deadline:
                raise
            page.wait_for_timeout(100)


def describe(findings: list[tuple[str, list[dict]]]) -> str:
    lines = []
    for url, bad in findings:
        for violation in bad:
            lines.append(f"{url}: {violation['impact']} {violation['id']} ({violation['help']}): {violation['nodes']}")
    return "\n".join(lines)
