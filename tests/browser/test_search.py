"""The site's search (Pagefind), as a reader uses it: in Chromium, over http, on the built site.

Reader questions (at least 12, and 12 more typed as plain questions) each expect a record among
the first three results; the expected records are named by id (ids are never renamed), widened
by what the data says belongs with them: the positions filed under an expected question, and
any disagreement that ties an expected record (a disagreement ranks above the claims it ties,
so it may come first). The questions are about the real data: on the mini fixture they are
skipped, the other tests run.
"""

from __future__ import annotations

import json
import re

import pytest

from explainer.model.facts import Disagreement, Figure, Position

from .conftest import ARTIFACTS
from .test_browser import _offer_and_country

# The results on screen answer this query (search.js marks the status with it when they are shown).
DONE = "q => document.getElementById('site-search-status').getAttribute('data-query') === q"
RESULTS = """() => [...document.querySelectorAll('#site-search-results a[data-search-result]')].map(a => ({
  href: a.getAttribute('href'), id: decodeURIComponent(a.hash.slice(1)),
  kind: (a.querySelector('.site-search__kind') || {}).textContent || '',
  title: (a.querySelector('.site-search__title') || {}).textContent || '',
  key: (a.querySelector('.site-search__key') || {}).textContent || ''}))"""

# (what a reader types, the records that answer it)
QUESTIONS = [
    ("Jordan", {"dis-jordan-participation", "offer-jordan-ruled-out-guardian"}),
    ("green zone", {"zone-green-zone"}),
    ("fight Hamas", {"q-force-may-fight"}),
    ("red zone", {"zone-red-zone"}),
    ("yellow line", {"zone-yellow-line"}),
    ("Indonesia 20,000", {"offer-indonesia-20000-fp", "fig-indonesia-offer-20000"}),
    ("1,500", {"fig-uk-troops-centcom-plan", "offer-uk-centcom-plan-guardian"}),
    ("3,000–4,000", {"fig-police-force-after-one-year"}),
    ("4,000", {"fig-police-force-after-one-year"}),
    ("Turkey role", {"q-turkey-qatar-role"}),
    ("how large will the force be", {"dis-force-size"}),
    ("UN mandate", {"q-un-mandate"}),
    ("Hamas disarm", {"q-hamas-disarmament"}),
    ("Kiryat Gat", {"cmcc", "event-cmcc-set-up"}),
    ("European troops core", {"dis-european-core"}),
    ("Italy offered troops", {"offer-italy-possible-guardian"}),
    ("King Abdullah", {"king-abdullah-ii"}),
    ("territory Hamas controls", {"fig-hamas-held-share-lerman"}),
    ("Netanyahu", {"benjamin-netanyahu"}),
    ("Palestinian police force", {"fig-police-force-after-one-year", "fig-police-initial-recruits"}),
    # Plain questions, as a reader types them (question words stay; "is", "the" and such are left out).
    ("how many troops", {"fact-planned-size", "fig-isf-planned-20000", "fig-isf-initial-few-hundred"}),
    ("how big is the force", {"fact-planned-size", "dis-force-size"}),
    ("when is the UN vote", {"event-un-resolution-hoped-early-next-week", "event-un-resolution-push-this-week"}),
    ("who is drafting the plan", {"centcom"}),
    ("who would lead the force", {"dis-force-command", "offer-egypt-likely-lead-fp"}),
    ("will Jordan send troops", {"dis-jordan-participation"}),
    ("may the force fight", {"q-force-may-fight"}),
    ("what is the green zone", {"zone-green-zone"}),
    ("how much of Gaza does Hamas control", {"fig-hamas-held-share-lerman", "dis-territory-share"}),
    ("is the ceasefire holding", {"dis-ceasefire-accounts"}),
    ("who will pay for reconstruction", {"pos-trump-no-us-troops-or-funding"}),
    ("where will the troops serve", {"zone-green-zone", "dis-red-zone-control"}),
    ("how many police will Jordan send", {"fig-jordan-police-offer", "offer-jordan-us-offer-guardian"}),
]


def search(tab, query: str, typed: bool = True) -> list[dict]:
    """Type `query` into the header's search box, key by key (as a reader does: each key starts a
    search, and only the last one's results may stay), or, with `typed=False`, put it in at once
    (one search: for the tests of ranking alone, which search many times); the results on
    screen, in order."""
    page = tab.page
    field = page.locator("#site-search-input")
    field.click()
    if field.input_value():
        field.fill("")
        page.wait_for_function("() => !document.querySelector('#site-search-results a')")
    if typed:
        field.press_sequentially(query, delay=20)
    else:
        field.fill(query)
    page.wait_for_function(DONE, arg=query, timeout=15_000)
    return page.evaluate(RESULTS)


def answers(facts, wanted: set[str]) -> set[str]:
    """The wanted records, the positions filed under a wanted question, and the disagreements
    that tie any of them or are filed under a wanted question."""
    out = set(wanted)
    out |= {p.id for p in facts.table("positions") if isinstance(p, Position) and p.question in wanted}
    for d in facts.table("disagreements"):
        if isinstance(d, Disagreement) and (set(d.records) & out or getattr(d, "question", None) in wanted):
            out.add(d.id)
    return out


@pytest.fixture(scope="module")
def ranking_log():
    rows: list[dict] = []
    yield rows
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-ranking.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("query,wanted", QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_a_reader_question_finds_its_record_in_the_first_three(tab, facts, built, ranking_log, query, wanted):
    if built.kind != "real":
        pytest.skip("the reader questions are about the real data; this build uses the mini fixture")
    missing = sorted(w for w in wanted if w not in facts.by_id)
    assert not missing, f"the ranking test expects records that the data no longer has: {missing}"
    tab.open("")
    results = search(tab, query)
    ids = [r["id"] for r in results]
    good = answers(facts, wanted)
    at = next((i + 1 for i, rid in enumerate(ids) if rid in good), None)
    ranking_log.append({"query": query, "wanted": sorted(wanted), "position": at, "top": ids[:5]})
    assert at is not None and at <= 3, (
        f"searching {query!r}: none of {sorted(wanted)} (or what belongs with "
        f"them) is among the first three results; got {ids[:10]}"
    )


def test_a_count_question_shows_the_key_fact_with_the_count_first_and_lands_on_its_answer(tab, facts, built):
    """A key fact sums up the records found with it: it comes first, and leads to the answer that
    opens its question's page, on screen."""
    if built.kind != "real":
        pytest.skip("a question about the real data")
    tab.open("")
    results = search(tab, "how many troops")
    assert results[0]["kind"] == "Key fact", f"a single record comes before the key facts: {results[:3]}"
    planned = results[0]
    first = [r["id"] for r in results[:5]]
    assert planned["id"] == "fact-planned-size", f"the planned size is not the first result: {first}"
    assert planned["title"].startswith("Planned size"), planned
    page = tab.page
    page.locator(f"#site-search-results a[href='{planned['href']}']").click()
    page.wait_for_function("() => location.hash === '#fact-planned-size'")
    assert "/questions/q-troop-contributions/" in page.url, page.url
    top = page.evaluate("() => document.getElementById('fact-planned-size').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, f"the answer is not on screen where the link lands ({top} px)"


def test_words_no_record_has_together_show_what_one_word_less_finds(tab, facts, built):
    if built.kind != "real":
        pytest.skip("words of the real data")
    tab.open("")
    results = search(tab, "Jordan Egypt zone", typed=False)
    status = tab.page.locator("#site-search-status").inner_text()
    assert re.fullmatch(r"No record has every word; \d+ records? without “zone”", status), status
    assert results, "the status counts records that are not shown"


def test_a_disagreement_ranks_above_the_claims_it_ties(tab, facts, built):
    """For every disagreement, search its tied records' words: no tied record comes before it."""
    tab.open("")
    checked = 0
    for d in facts.table("disagreements"):
        assert isinstance(d, Disagreement)
        if not d.records:
            continue
        results = [r["id"] for r in search(tab, d.topic, typed=False)]
        if d.id not in results:
            continue
        above = [r for r in results[: results.index(d.id)] if r in d.records]
        assert not above, f"searching {d.topic!r}: {above} (tied by {d.id}) rank above the disagreement"
        checked += 1
    if facts.table("disagreements"):
        assert checked, "no disagreement was found by its own topic"


def test_results_are_records_titled_with_their_key_value(tab, facts):
    _offer, country = _offer_and_country(facts)
    tab.open("")
    results = search(tab, country.name)
    assert results, f"searching {country.name!r} finds nothing"
    for r in results:
        assert r["id"] in facts.by_id, f"a result leads to {r['href']}, which is not a record's anchor"
        assert not r["href"].split("#")[0].rstrip("/").endswith(tuple(s.id for s in facts.sources)), (
            f"a source's back-link page is a result: {r['href']}"
        )
        assert r["title"] and r["kind"], f"result {r['href']} has no title or kind: {r}"
    figure = next((f for f in facts.table("figures") if isinstance(f, Figure) and f.value != "unknown"), None)
    if figure is not None:
        found = [r for r in search(tab, figure.label) if r["id"] == figure.id]
        assert found, f"searching a figure's label {figure.label!r} does not find {figure.id}"
        assert figure.value in found[0]["key"] + found[0]["title"], (
            f"the result for {figure.id} does not show its number {figure.value!r}: {found[0]}"
        )


def test_search_from_the_keyboard_reaches_a_record(tab, facts):
    _, country = _offer_and_country(facts)
    tab.open("")
    page = tab.page
    page.locator("body").press("/")
    assert page.evaluate("() => document.activeElement.id") == "site-search-input"
    page.keyboard.type(country.name, delay=20)
    page.wait_for_function(DONE, arg=country.name)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-search-result') !== null")
    assert focused, "ArrowDown from the search box does not move to the first result"
    href = page.evaluate("() => document.activeElement.hash.slice(1)")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.hash.slice(1)") == href
    page.keyboard.press("Enter")
    page.wait_for_function("id => location.hash === '#' + id", arg=href)
    assert page.evaluate("id => !!document.getElementById(id)", href), f"#{href} is not on the page it leads to"
    # Escape closes the search again.
    page.locator("body").press("/")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")


def test_search_on_a_phone(phone, facts):
    _, country = _offer_and_country(facts)
    phone.open("")
    page = phone.page
    button = page.locator("[data-search-open]")
    assert button.is_visible(), "on a phone the header shows the search button"
    button.focus()  # a keyboard on a phone (or a narrow window): the button takes Enter
    page.keyboard.press("Enter")
    field = page.locator("#site-search-input")
    field.wait_for(state="visible")
    page.wait_for_function("() => document.activeElement.id === 'site-search-input'")
    field.press_sequentially(country.name, delay=20)
    page.wait_for_function(DONE, arg=country.name)
    first = page.locator("#site-search-results a[data-search-result]").first
    first.wait_for(state="visible")
    box = first.bounding_box()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "375px-search.png"))
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"the first result does not fit the screen: {box}"
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"the open search makes the page {width[0]} px wide at {width[1]} px"


def test_the_open_search_dialog_has_no_serious_accessibility_problems(tab, facts, axe_script):
    _, country = _offer_and_country(facts)
    tab.page.context.add_init_script(axe_script)
    tab.open("")
    search(tab, country.name)
    violations = tab.page.evaluate("async () => (await axe.run(document.querySelector('[data-search]'))).violations")
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    report = "\n".join(f"  {v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['target']}" for v in serious)
    assert not serious, f"axe-core finds serious problems in the open search dialog:\n{report}"


def test_the_first_search_stays_on_this_site_and_small(tab, facts):
    _, country = _offer_and_country(facts)
    tab.open("")
    before = len(tab.requests)
    results = search(tab, country.name)
    assert results
    fetched = tab.requests[before:]
    assert any("/pagefind/" in u for u in fetched), "the search fetched nothing from the Pagefind index"
    assert not tab.foreign_requests(), f"the search asked other hosts: {tab.foreign_requests()}"
    assert not any(u.endswith("search_index.json") for u in tab.requests), "Material's lunr index is still fetched"
    assert not tab.csp_violations(), f"the search breaks the page's CSP: {tab.csp_violations()}"
