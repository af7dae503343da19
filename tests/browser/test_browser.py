"""What a reader does, in a real browser: search, follow a citation, read on a phone; and what the
page must never do: overflow sideways, fail accessibility checks, call another host, break its CSP.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explainer.load.seeds import fold
from explainer.model.facts import Actor
from explainer.render.common import Locator
from scripts.troops import TroopOffer

from .conftest import page_types

IN_VIEW = """id => { const el = document.getElementById(id); if (!el) return null;
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }"""


def _offer_and_country(facts) -> tuple[TroopOffer, Actor]:
    for offer in facts.table("troop_offers"):
        country = facts.by_id.get(offer.country)
        if isinstance(country, Actor):
            return offer, country
    pytest.fail("no troop offer names a country record: the data has nothing to search for")


def test_search_for_a_country_lands_on_its_record(tab, facts):
    offer, country = _offer_and_country(facts)
    targets = {offer.id, country.id}
    tab.open("")
    page = tab.page
    field = page.locator("#site-search-input")  # the header's search box (explainer/theme/partials/search.html)
    field.click()
    field.press_sequentially(country.name, delay=60)  # real key presses, one by one
    page.wait_for_function(
        "q => document.getElementById('site-search-status').dataset.query === q", arg=country.name, timeout=10_000
    )  # the results on screen answer the whole name
    links = page.locator("#site-search-results a[data-search-result]")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    wanted = [i for i, h in enumerate(hrefs) if h.rsplit("#", 1)[-1] == offer.id]
    wanted = wanted or [i for i, h in enumerate(hrefs) if h.rsplit("#", 1)[-1] in targets]
    assert wanted, f"searching {country.name!r} shows no result for {sorted(targets)}; results: {hrefs}"
    link = links.nth(wanted[0])
    record = link.get_attribute("href").rsplit("#", 1)[-1]
    link.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=record)
    page.wait_for_function(IN_VIEW, arg=record)
    assert page.evaluate("() => decodeURIComponent(location.hash.slice(1))") == record
    assert page.evaluate(IN_VIEW, record), f"#{record} is not in view after following the search result"


def test_citation_reaches_the_excerpt_on_the_source_page(tab, facts, built):
    offer, _ = _offer_and_country(facts)
    cite = offer.cite[0]
    seed_file = facts.by_id[cite.source].seed
    anchor = f"cite-{offer.id}-1"
    listing = Locator.build(facts).pages[offer.id]  # long listings are split: open the right part
    # A reader arrives by the record's link: its group, folded by country, opens for it.
    tab.open(listing.removesuffix(".md").removesuffix("index") + f"/#{offer.id}")
    page = tab.page
    page.locator(f"#{offer.id}").scroll_into_view_if_needed()
    # The citation marker after the claim, then the footnote's link to the source.
    section = page.locator(f"xpath=//*[@id='{offer.id}']/following::a[contains(@class,'footnote-ref')][1]")
    section.click()
    source_link = page.locator(f"a[href$='#{anchor}']").first
    source_link.click()
    page.wait_for_url(f"**/sources/{cite.source}/#{anchor}")
    page.wait_for_function(IN_VIEW, arg=anchor)
    excerpt = page.evaluate(
        """id => {
      const start = document.getElementById(id);
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
      walker.currentNode = start;
      while (walker.nextNode()) { if (walker.currentNode.tagName === 'BLOCKQUOTE') {
        const p = walker.currentNode.querySelector('p'); return (p || walker.currentNode).innerText; } }
      return null; }""",
        anchor,
    )
    assert excerpt, f"no excerpt follows #{anchor} on the source page"
    # The excerpt in its sentence (explainer/render/sentences.py), or, where the page would show
    # more than its share of the article (explainer/render/sources.py), its first words up to "…":
    # every piece shown is the seed's words, and one holds the cited words or is their start.
    pieces = [p.strip() for p in fold(excerpt).split("…") if p.strip()]
    seed = fold((built.project / "seeds" / seed_file).read_text(encoding="utf-8"))
    for piece in pieces:
        assert piece in seed, f"the passage shown at #{anchor} is not in seeds/{seed_file}: {piece!r}"
    cited = fold(cite.excerpt)
    assert any(cited in piece or cited.startswith(piece) for piece in pieces), (cited, pieces)


# Sideways scrolling on a phone and axe-core's serious problems are checked on every page of the
# site, at 375 and at 1280 px, by tests/browser/test_reader.py (which took over the one-page-per-kind
# versions that were here: every page of a kind is among them).


def _visit_everything(tab, facts) -> Iterator[str]:
    for path in page_types(facts).values():
        tab.open(path)
        yield path
    tab.open("")
    field = tab.page.locator("#site-search-input")
    field.click()
    field.press_sequentially(_offer_and_country(facts)[1].name, delay=30)
    tab.page.wait_for_selector("#site-search-results a[data-search-result]", timeout=10_000)
    yield "search"


def test_no_request_leaves_the_local_server(tab, facts):
    for _ in _visit_everything(tab, facts):
        pass
    assert tab.requests, "no requests were recorded at all"
    assert not tab.foreign_requests(), "requests to other hosts:\n" + "\n".join(sorted(set(tab.foreign_requests())))


def test_no_content_security_policy_violations(tab, facts):
    found: list[str] = []
    for where in _visit_everything(tab, facts):
        found.extend(f"/{where}: {v}" for v in tab.csp_violations())
        tab.page.evaluate("() => { window.__csp = []; }")
    console = [m for m in tab.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert not found and not console, "CSP violations:\n" + "\n".join(found + console)
    assert not tab.errors, "script errors:\n" + "\n".join(tab.errors)


def test_every_page_carries_the_policy(tab, facts):
    tab.open("")
    policy = tab.page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert policy and "default-src 'none'" in policy and "'unsafe-inline'" not in policy
