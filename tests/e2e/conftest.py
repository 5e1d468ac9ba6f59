"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never a browser downloaded by Playwright (`playwright install`): only /usr/bin/chromium.
Without it the tests skip, except with CI=true, where a missing browser is a failure.

RASHINBAN_SCREENSHOTS=DIR saves the screenshots the tests take (see docs/screenshots/README.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e import accessibility

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's sync API keeps an asyncio loop running in this thread, so Django's ORM (fixtures,
    the database flush after each test) would refuse to run; allow it only while the browser tests run."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server, settings) -> str:
    """The live server's address; links the app puts in pages and mails (BASE_URL) point at it too."""
    settings.BASE_URL = live_server.url
    return live_server.url


@dataclass
class ConsoleWatch:
    """Every console error, uncaught page error and failed request seen in the watched contexts.

    A Content-Security-Policy violation shows up here as a console error ("Refused to ...")."""

    problems: list[str] = field(default_factory=list)
    # axe-core's reports: (url, serious or critical violations) per page checked (tests/e2e/accessibility.py)
    axe: list[tuple[str, list[dict]]] = field(default_factory=list)

    def attach(self, context) -> None:  # type: ignore[no-untyped-def]
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"page error: {error.error}"))
        context.on("requestfailed", self._request_failed)

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        report = accessibility.parse_report(message.text) if message.type == "log" else None
        if report is not None:
            self.axe.append((report["url"], report["bad"]))
            return
        if message.type in {"error", "assert"} or (
            message.type == "warning" and "Content-Security-Policy" in message.text
        ):
            where = message.location.get("url", "")
            self.problems.append(f"console {message.type}: {message.text} ({where})")

    def _request_failed(self, request) -> None:  # type: ignore[no-untyped-def]
        # ERR_ABORTED: the page navigated away while this (e.g. the favicon) was loading; not a fault.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} {request.failure}")

    def take(self, expected: str | None = None) -> list[str]:
        """The problems so far (minus those matching `expected`), and forget them all."""
        seen, self.problems = self.problems, []
        return [p for p in seen if not (expected and re.search(expected, p))]


@pytest.fixture
def console() -> ConsoleWatch:
    return ConsoleWatch()


@pytest.fixture(scope="session")
def axe_script() -> str:
    if not accessibility.installed():  # like a missing browser: a failure with CI=true, a skip on a laptop
        if in_ci():
            pytest.fail(f"CI=true: {accessibility.INSTALL}", pytrace=False)
        pytest.skip(accessibility.INSTALL)
    return accessibility.init_script()


@pytest.fixture
def new_context(browser, console, axe_script):  # type: ignore[no-untyped-def]
    """Open a browser context (desktop by default) that reports its console errors to `console`.

    axe-core checks every page the context loads; a serious or critical violation fails the test."""
    contexts = []

    def open_context(**options):  # type: ignore[no-untyped-def]
        options = {"viewport": DESKTOP, "locale": "ja-JP", "timezone_id": "Asia/Tokyo", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(script=axe_script)
        console.attach(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    violations = [(url, bad) for url, bad in console.axe if bad]
    assert not violations, "axe-core: serious or critical violations\n" + accessibility.describe(violations)


@pytest.fixture
def shoot():  # type: ignore[no-untyped-def]
    """shoot(page, name, full_page=False): save DIR/name.png when RASHINBAN_SCREENSHOTS=DIR is set."""
    target = os.environ.get("RASHINBAN_SCREENSHOTS")

    def save(page, name: str, full_page: bool = False) -> None:  # type: ignore[no-untyped-def]
        if not target:
            return
        folder = Path(target)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page, animations="disabled")

    return save
