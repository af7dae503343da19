"""A real browser on the real site: one build, one local server, one headless Chromium per session.

The site is built once (tests/sitebuild.py: the real data once it passes `make check`, else the
mini fixture), served by `python -m http.server` on 127.0.0.1 and a free port, and opened in
Debian's chromium through Playwright (never `playwright install`). Without chromium the tests
skip, unless REQUIRE_BROWSER=1 (CI), where they fail. Every page a test opens records its
requests and any Content-Security-Policy violation, for the tests that check them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest

from tests.support.localsite import CHROMIUM_ARGS, INSTALL, chromium_binary, served
from tests.support.nodedeps import NodeToolsMissing, ensure

from ..sitebuild import ROOT, Built, load_facts, shared_site

ARTIFACTS = ROOT / "test-artifacts"

# Collects CSP violations from the first moment of every document (injected by the browser over
# its debugging protocol, which the page's own policy does not govern).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
   sample: e.sample}));
"""


def _require_or_skip(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_binary()
    if path is None:
        _require_or_skip(f"no headless Chromium is installed ({INSTALL})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require_or_skip("Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def built() -> Built:
    return shared_site()


@pytest.fixture(scope="session")
def facts(built: Built):
    return load_facts(built.project)


@pytest.fixture(scope="session")
def server(built: Built):
    """Base URL of the built site, served on 127.0.0.1 (the search's WebAssembly and index need http)."""
    with served(built.site) as base:
        yield base


@pytest.fixture(scope="package")  # Playwright's threads end with the browser tests: other tests fork
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Tab:
    """A page plus what it did: every request URL, every CSP violation and console message."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path.lstrip("/"), wait_until="load")  # type: ignore[attr-defined]

    def csp_violations(self) -> list[dict]:
        return self.page.evaluate("() => window.__csp || []")  # type: ignore[attr-defined]

    def foreign_requests(self) -> list[str]:
        local = urlparse(self.base).netloc
        return [
            u for u in self.requests if urlparse(u).netloc != local and not u.startswith(("data:", "blob:", "about:"))
        ]


@pytest.fixture
def tab(browser, server):
    yield from _tab(browser, server, width=1280, height=900)


@pytest.fixture
def phone(browser, server):
    yield from _tab(browser, server, width=375, height=812)


def _tab(browser, server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    t = Tab(page, server)
    context.on("request", lambda r: t.requests.append(r.url))
    page.on("console", lambda m: t.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: t.errors.append(str(e)))
    yield t
    context.close()


def page_types(facts) -> dict[str, str]:
    """Every kind of page, by name: the path to open for it."""
    source = facts.sources[0].id if facts.sources else None
    out = {
        "overview": "",
        "zones": "zones/",
        "troop-offers": "troop-offers/",
        "positions": "positions/",
        "quotes": "quotes/",
        "timeline": "timeline/",
        "disagreements": "disagreements/",
        "figures": "figures/",
        "actors": "actors/",
        "sources": "sources/",
        "method": "method/",
        "changes": "changes/",
        "data": "data/",
    }
    if source:
        out["source-page"] = f"sources/{source}/"
    return out


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's source, injected by the accessibility tests through the debugging protocol."""
    try:
        modules = ensure()
    except NodeToolsMissing as exc:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    return (modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
