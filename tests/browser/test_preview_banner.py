"""The live preview shows data problems in the browser (explainer/preview/messages.py).

A real `python -m explainer.preview.serve` on a free port (the fixture of tests/test_serve.py) and a real
Chromium: a bad edit puts a banner listing each problem at the top of every previewed page while
the page itself stays the last good version; fixing the file takes it away. The browser is not
told to reload by the test: the preview's own live reload does it, which also shows that its
script runs under the site's Content-Security-Policy.
"""

from __future__ import annotations

from explainer.preview import messages as preview_messages

from ..conftest import ROOT
from ..test_serve import preview, wait_for  # noqa: F401  (preview is a fixture)
from .conftest import CSP_LISTENER

BANNER = "#preview-problems"
HOSTILE = '"<img src=x onerror=alert(1)>"'


def test_problems_banner_appears_on_every_page_and_goes_when_fixed(preview, browser):  # noqa: F811
    url, project, log = preview
    offers, figures = project / "data" / "troop_offers.yaml", project / "data" / "figures.yaml"
    good_offers, good_figures = offers.read_text(encoding="utf-8"), figures.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(20_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        page.goto(f"{url}/troop-offers/", wait_until="load")
        assert page.locator(BANNER).count() == 0
        good_page = page.inner_text("article")
        assert wait_for(lambda: "Enabled live reload" in console, 5), console

        offers.write_text(good_offers.replace("stance: offered", f"stance: {HOSTILE}", 1), encoding="utf-8")
        figures.write_text(good_figures.replace("status: superseded", "status: maybe", 1), encoding="utf-8")
        page.wait_for_selector(BANNER)  # the preview reloads the page itself
        # The two saves may be seen as two runs: then the banner first lists one problem.
        assert wait_for(lambda: page.locator(f"{BANNER} li").count() == 2), page.content()[:2000]
        items = page.locator(f"{BANNER} li").all_inner_texts()
        assert len(items) == 2, items
        assert items[0].startswith("data/figures.yaml:12:11 figure 'fig-uk-troops': status is \"maybe\""), items
        assert items[1].startswith("data/troop_offers.yaml:4:11 troop offer"), items
        assert 'stance is "<img src=x onerror=alert(1)>"' in items[1], "shown as text"
        assert all("Fix: " in item for item in items), items
        assert page.locator(f"{BANNER} img").count() == 0 and not dialogs, "escaped, never markup"
        assert "2 problems in the data" in page.inner_text(f"{BANNER} .admonition-title")
        banner_text = page.inner_text(BANNER)
        assert page.inner_text("article").replace(banner_text, "").strip() == good_page.strip(), (
            "the rest of the page is the last good version"
        )
        assert page.evaluate("() => window.__csp") == []
        page.screenshot(path=str(_artifact("preview-banner-1280.png")))

        page.goto(f"{url}/", wait_until="load")  # every page, not just the one edited
        assert page.locator(BANNER).count() == 1

        offers.write_text(good_offers, encoding="utf-8")
        figures.write_text(good_figures, encoding="utf-8")
        page.wait_for_selector(BANNER, state="detached")  # reloaded again, by the preview
        page.reload(wait_until="load")
        assert page.locator(BANNER).count() == 0
        text = log.read_text()
        assert "problem found" in text or "problems found" in text
        assert "'dirty' build is being performed" not in text, "MkDocs' per-build warning is silenced"
        assert text.count(preview_messages.DIRTY_NOTE) == 1, "and explained once"
    finally:
        context.close()
        offers.write_text(good_offers, encoding="utf-8")
        figures.write_text(good_figures, encoding="utf-8")


def _artifact(name: str):
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
