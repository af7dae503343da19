"""What a reader's first search costs, measured in a real browser (for `make bench`).

The built site is served on 127.0.0.1 (python -m http.server, a free port), the home page is
opened in headless Chromium (Debian's, through Playwright; a fresh profile, so nothing cached),
and from the moment the reader clicks into the search box every response is counted, headers
and body as they came over the wire, until the first page of results is on screen: the search
library, its WebAssembly, the index chunks the query needs, and one fragment per shown result.
Without Chromium or Playwright the measure is `nan`, with a note on stderr; it is not a test.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.localsite import CHROMIUM_ARGS, chromium_binary, served

DONE = "q => document.getElementById('site-search-status').getAttribute('data-query') === q"


@dataclass(frozen=True)
class FirstSearch:
    kb: float  # bytes fetched for the query and its first page of results, / 1000
    requests: int  # how many responses that was
    results: int  # results on screen
    seconds: float  # from the first key press to the results on screen


def first_search(site: Path, query: str, timeout_s: float = 60) -> FirstSearch | None:
    """Measure one first search on `site`; None when no browser is available here."""
    chromium = chromium_binary()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if chromium is None or sync_playwright is None:
        print("# first_search_kb: no chromium or Playwright here, not measured", file=sys.stderr)
        return None
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            page = context.new_page()
            page.set_default_timeout(timeout_s * 1000)
            page.goto(base, wait_until="load")
            counted: list[int] = []
            recording = {"on": False}

            def finished(request) -> None:
                if recording["on"]:
                    sizes = request.sizes()
                    body = sizes["responseBodySize"]
                    response = request.response()
                    if body <= 0 and response is not None:  # a worker's script reports 0: take its length
                        body = int(response.headers.get("content-length", "0") or 0)
                    counted.append(body + max(0, sizes["responseHeadersSize"]))

            page.on("requestfinished", finished)
            field = page.locator("#site-search-input")
            recording["on"] = True
            field.click()
            start = time.perf_counter()
            field.press_sequentially(query, delay=40)
            page.wait_for_function(DONE, arg=query)
            seconds = time.perf_counter() - start
            page.wait_for_timeout(300)  # anything still arriving for this page of results
            results = page.locator("#site-search-results a[data-search-result]").count()
            recording["on"] = False
            return FirstSearch(sum(counted) / 1000, len(counted), results, seconds)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m explainer.bench_search", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("query", nargs="+")
    args = parser.parse_args(argv)
    for query in args.query:
        print(query, first_search(args.site, query))
    return 0


if __name__ == "__main__":
    sys.exit(main())
