"""What a newcomer meets, in a real browser: the home page's first screen, pages that fit a phone,
citation markers big enough to tap that show their source in place, and no serious
accessibility problem on any page of the site (every built page, not one per type).
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ARTIFACTS, CSP_LISTENER


def built_pages(built) -> list[str]:
    """Every HTML page of the built site, as a path to open ("" for the home page)."""
    out = []
    for file in sorted(built.site.rglob("index.html")):
        rel = file.parent.relative_to(built.site).as_posix()
        out.append("" if rel == "." else rel + "/")
    return out


def _context(browser, width: int, height: int = 800, touch: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        service_workers="block",
        has_touch=touch,
        is_mobile=touch and width < 600,
    )
    context.add_init_script(CSP_LISTENER)
    return context


@pytest.mark.parametrize("width", (1280, 375))
def test_first_screen_holds_the_lead_and_the_link_to_the_disagreements(browser, server, facts, width):
    leads = [s for s in facts.table("story") if getattr(s, "role", "story") == "lead"]
    if not leads or not facts.table("disagreements"):
        pytest.skip("this data has no lead or no disagreements")
    context = _context(browser, width)
    page = context.new_page()
    page.goto(server, wait_until="load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-{width}.png"))
    found = page.evaluate(
        """ids => {
      const seen = el => { if (!el) return false; const r = el.getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; };
      const lead = document.querySelector('.lead');
      const link = [...document.querySelectorAll('.disputed-line a')];
      return {lead: seen(lead), leadText: lead ? lead.innerText : '', ids: ids.map(id => !!document.getElementById(id)),
              link: link.filter(seen).map(a => a.getAttribute('href'))}; }""",
        [s.id for s in leads],
    )
    context.close()
    assert all(found["ids"]), "a lead sentence's anchor is missing from the home page"
    assert found["lead"], (
        f"the lead does not fit on the first screen at {width} x 800 (see test-artifacts/home-{width}.png)"
    )
    for s in leads:
        assert s.text[:40] in found["leadText"], f"the lead does not show {s.id}"
    assert any(h.endswith("#overview_disagreements") or "disagreements/" in h for h in found["link"]), (
        f"no link to the disagreements on the first screen at {width} x 800: {found['link']}"
    )


def test_home_page_links_every_disagreement(browser, server, facts):
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(server, wait_until="load")
    hrefs = page.eval_on_selector_all(".disputes a", "els => els.map(a => a.getAttribute('href'))")
    context.close()
    wanted = {d.id for d in facts.table("disagreements")}
    # A disagreement is linked where a reader meets it: its card on its question's page, else its own.
    linked = {h.rsplit("#", 1)[-1].removeprefix("hub_") for h in hrefs}
    assert wanted <= linked, f"the panel misses {sorted(wanted - linked)}"


SIDEWAYS = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  if (document.scrollingElement.scrollWidth > innerWidth)
    out.push('the page is ' + document.scrollingElement.scrollWidth + ' px wide');
  for (const el of document.querySelectorAll('.md-content *')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      out.push(name(el) + ' scrolls sideways (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
    const r = el.getBoundingClientRect();
    if (r.width > 1 && r.height > 1 && r.right > vw + 1) out.push(name(el) + ' ends at ' + Math.round(r.right) + ' px');
  }
  return out.slice(0, 8); }"""


def test_nothing_scrolls_sideways_at_375_px_on_any_page(browser, server, built):
    context = _context(browser, 375)
    page = context.new_page()
    problems = []
    for path in built_pages(built):
        page.goto(server + path, wait_until="load")
        found = page.evaluate(SIDEWAYS)
        wide, viewport = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        if wide > viewport:
            found.append(f"the page is {wide} px wide at a {viewport} px viewport")
        if found:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"sideways-{path.strip('/').replace('/', '_') or 'home'}.png"))
            problems.append(f"/{path}: " + "; ".join(found))
    context.close()
    assert not problems, "content wider than a 375 px phone:\n" + "\n".join(problems)


MARKERS = """() => [...document.querySelectorAll('.md-content a.footnote-ref')].map(a => {
  const r = a.getBoundingClientRect(); return [r.width, r.height]; })"""


@pytest.mark.parametrize("width", (1280, 375))
def test_citation_markers_are_at_least_24_px_square(browser, server, built, width):
    context = _context(browser, width)
    page = context.new_page()
    small = []
    for path in ("", "troop-offers/", "positions/", "quotes/"):
        if path and not (built.site / path / "index.html").is_file():
            continue
        page.goto(server + path, wait_until="load")
        sizes = page.evaluate(MARKERS)
        assert sizes, f"/{path} has no citation markers"
        small += [f"/{path}: {w:.1f} x {h:.1f}" for w, h in sizes if w < 24 or h < 24][:3]
    context.close()
    assert not small, "citation markers smaller than 24 x 24 px:\n" + "\n".join(small)


def test_tapping_a_marker_shows_its_excerpt_in_place_and_escape_closes_it(browser, server, facts):
    context = _context(browser, 375, touch=True)
    page = context.new_page()
    page.goto(server + "troop-offers/", wait_until="load")
    marker = page.locator(".md-content a.footnote-ref").nth(12)
    marker.scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    before = page.evaluate("scrollY")
    href = marker.get_attribute("href")
    expected = page.evaluate("id => document.getElementById(id).innerText", href[1:])
    marker.tap()
    pop = page.locator(".cite-pop")
    pop.wait_for(state="visible", timeout=3000)
    after = page.evaluate("scrollY")
    text = pop.inner_text()
    box = pop.bounding_box()
    focus_inside = page.evaluate("() => document.querySelector('.cite-pop').contains(document.activeElement)")
    link = pop.locator("a[href*='#cite-']")
    assert link.count() == 1, "the popover has no link to the excerpt on the source's page"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "citation-popover-375.png"))
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    closed = pop.count() == 0
    refocused = page.evaluate("h => document.activeElement && document.activeElement.getAttribute('href') === h", href)
    context.close()
    assert abs(after - before) <= 3, f"tapping a marker moved the page from scrollY {before} to {after}"
    excerpt = expected.split("“", 1)[1].split("”", 1)[0] if "“" in expected else expected[:40]
    assert excerpt[:60] in text, f"the popover does not show the excerpt: {text!r}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert focus_inside, "the keyboard focus did not move into the popover"
    assert closed, "Escape did not close the popover"
    assert refocused, "after Escape the focus did not go back to the marker"


def test_keyboard_opens_a_marker_and_hover_shows_it(browser, server):
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(server, wait_until="load")
    marker = page.locator(".lead a.footnote-ref").first
    marker.focus()
    page.keyboard.press("Enter")
    page.locator(".cite-pop").wait_for(state="visible", timeout=3000)
    page.keyboard.press("Tab")
    tabbed = page.evaluate("() => document.querySelector('.cite-pop').contains(document.activeElement)")
    page.keyboard.press("Escape")
    page.mouse.move(0, 0)
    page.locator(".key-facts a.footnote-ref").first.hover()
    page.locator(".cite-pop").wait_for(state="visible", timeout=3000)
    context.close()
    assert tabbed, "Tab left the open popover instead of reaching its link"


def test_chart_text_is_at_least_12_px_on_a_phone(browser, server):
    context = _context(browser, 375)
    page = context.new_page()
    page.goto(server + "troop-offers/", wait_until="load")
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure svg text')].map(t => {
      const svg = t.ownerSVGElement; const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]; })""")
    page.goto(server + "zones/", wait_until="load")
    sizes += page.evaluate("""() => [...document.querySelectorAll('figure svg text')].map(t => {
      const svg = t.ownerSVGElement; const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]; })""")
    context.close()
    assert sizes, "no chart text found"
    small = [f"{t!r}: {s:.1f} px" for t, s in sizes if s < 12]
    assert not small, "chart text below 12 px at 375 px:\n" + "\n".join(small[:10])


def test_tables_become_cards_on_a_phone(browser, server):
    context = _context(browser, 375)
    page = context.new_page()
    found = {}
    for path, selector in (("troop-offers/", ".stack.sortable"), ("positions/", ".stack.matrix")):
        page.goto(server + path, wait_until="load")
        found[path] = page.evaluate(
            """sel => { const box = document.querySelector(sel); if (!box) return null;
          const row = box.querySelector('tbody tr'); const label = box.querySelector('td .cell-label');
          return {row: getComputedStyle(row).display, label: label ? getComputedStyle(label).display : 'none',
                  cut: [...box.querySelectorAll('td')].filter(td => td.scrollWidth > td.clientWidth + 1).length}; }""",
            selector,
        )
    context.close()
    for path, f in found.items():
        assert f, f"/{path} has no stacked table"
        assert f["row"] == "block", f"/{path}: rows are not cards at 375 px ({f['row']})"
        assert f["label"] != "none", f"/{path}: cells do not show their column's name"
        assert f["cut"] == 0, f"/{path}: {f['cut']} cells are cut off"


@pytest.mark.parametrize("width", (1280, 375))
def test_no_serious_accessibility_problem_on_any_page(browser, server, built, axe_script, width):
    context = _context(browser, width)
    context.add_init_script(axe_script)  # through the debugging protocol: the CSP need not allow it
    page = context.new_page()
    report = []
    for path in built_pages(built):
        page.goto(server + path, wait_until="load")
        # resultTypes: only violations get their elements' selectors worked out (axe-core's API,
        # "Performance"); which rules run and what they find is the same.
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
        if serious:
            ARTIFACTS.mkdir(exist_ok=True)
            name = path.strip("/").replace("/", "_") or "home"
            (ARTIFACTS / f"axe-{width}-{name}.json").write_text(json.dumps(serious, indent=1), encoding="utf-8")
            report += [
                f"/{path}: {v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']}; e.g. {v['nodes'][0]['target']}"
                for v in serious
            ]
    context.close()
    assert not report, f"axe-core at {width} px:\n" + "\n".join(report)


# --- reading by question: every answer within two steps of the home page --------------------------

IN_VIEW = """sel => { const el = document.querySelector(sel); if (!el) return false;
  const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < innerHeight; }"""


def _tap(page, locator, touch: bool) -> None:
    """Tap (phone) or click (desktop) a link, and wait for the page it leads to if it leaves this one."""
    locator.scroll_into_view_if_needed()
    leaves = not (locator.get_attribute("href") or "#").startswith("#")
    before = page.url
    if touch:
        locator.tap()
    else:
        locator.click()
    if leaves:  # a tap does not wait for the navigation it starts
        page.wait_for_function("u => location.href !== u", arg=before)
    page.wait_for_load_state("load")


def _home(browser, server: str, width: int):
    """The home page at `width`, with touch below 600 px (a phone): (context, page, touch)."""
    touch = width < 600
    context = _context(browser, width, touch=touch)
    page = context.new_page()
    page.goto(server, wait_until="load")
    return context, page, touch


@pytest.mark.parametrize("width", (1280, 375))
def test_the_stances_on_fighting_are_two_steps_from_home(browser, server, facts, width):
    if "q-force-may-fight" not in facts.by_id:
        pytest.skip("the real data's question")
    context, page, touch = _home(browser, server, width)
    # Step 1: the home page's panel of what the sources and actors disagree on.
    _tap(page, page.locator(".disputes a[href*='q-force-may-fight']").first, touch)
    assert "/questions/q-force-may-fight/" in page.url
    # Step 2: the hub's own line of links to its sections.
    _tap(page, page.locator("article a[href='#hub_positions']").first, touch)  # not the table of contents
    page.wait_for_function(IN_VIEW, arg="#hub_positions")
    stances = page.evaluate(
        """() => { const h = document.getElementById('hub_positions'); let el = h.nextElementSibling;
          while (el && el.tagName !== 'UL') el = el.nextElementSibling; return el ? el.children.length : 0; }"""
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hub-fight-stances-{width}.png"))
    context.close()
    assert stances >= 2, f"the stances on fighting list {stances} at {width} px"


@pytest.mark.parametrize("width", (1280, 375))
def test_jordans_police_offer_is_on_the_card_one_step_from_home(browser, server, facts, width):
    if "dis-jordan-participation" not in facts.by_id:
        pytest.skip("the real data's disagreement")
    context, page, touch = _home(browser, server, width)
    _tap(page, page.locator(".disputes a[href*='hub_dis-jordan-participation']").first, touch)
    page.wait_for_function(IN_VIEW, arg="#hub_dis-jordan-participation")
    card = page.evaluate(
        """() => { const h = document.getElementById('hub_dis-jordan-participation');
          let text = '', el = h.nextElementSibling;
          while (el && !/^H[23]$/.test(el.tagName)) { text += el.innerText + ' '; el = el.nextElementSibling; }
          return text; }"""
    )
    context.close()
    assert "up to 3,000 police" in card, "the Jordan card does not show the offer of police"
    assert "ruled out" in card.lower()


@pytest.mark.parametrize("width", (1280, 375))
def test_the_first_screen_says_how_current_the_site_is(browser, server, width):
    context = _context(browser, width, touch=width < 600)
    page = context.new_page()
    page.goto(server, wait_until="load")
    seen = page.evaluate(IN_VIEW, ".dateline")
    text = page.evaluate("() => (document.querySelector('.dateline') || {}).innerText || ''")
    context.close()
    assert seen, f"no dateline on the first screen at {width} x 800"
    assert re.search(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b",
        text,
    ), text


def test_a_question_link_lands_where_its_stances_are_listed(browser, server, facts):
    dis = next((d for d in facts.table("disagreements") if getattr(d, "question", None)), None)
    if dis is None:
        pytest.skip("no disagreement names a question")
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(server + "disagreements/", wait_until="load")
    link = page.locator(f"xpath=//*[@id='{dis.id}']/following::li[starts-with(normalize-space(.), 'Question:')][1]//a")
    _tap(page, link.first, False)
    found = page.evaluate("""() => [...document.querySelectorAll('h2[id="hub_positions"] ~ ul > li')].length""")
    context.close()
    assert "/questions/" in page.url
    assert found >= 2, f"the question's page lists {found} stances"


HIT_SPAN = """() => { const out = [];
  for (const a of [...document.querySelectorAll('.md-content a.footnote-ref')].slice(0, 40)) {
    a.scrollIntoView({block: 'center'});
    const r = a.getBoundingClientRect(); let hx = 0, hy = 0;
    for (let x = Math.floor(r.left) - 4; x <= Math.ceil(r.right) + 4; x++) {
      const el = document.elementFromPoint(x, r.top + r.height / 2); if (el && (el === a || a.contains(el))) hx++; }
    for (let y = Math.floor(r.top) - 4; y <= Math.ceil(r.bottom) + 4; y++) {
      const el = document.elementFromPoint(r.left + r.width / 2, y); if (el && (el === a || a.contains(el))) hy++; }
    if (r.width > 0) out.push([a.textContent.trim(), hx, hy]); }
  return out; }"""


@pytest.mark.parametrize("width", (1280, 375))
def test_each_marker_can_be_hit_across_24_px(browser, server, built, width):
    """Not only is a marker's box 24 px: no neighbouring marker or line of text takes part of it."""
    context = _context(browser, width, touch=width < 600)
    page = context.new_page()
    short = []
    for path in ("", "troop-offers/", "quotes/"):
        if path and not (built.site / path / "index.html").is_file():
            continue
        page.goto(server + path, wait_until="load")
        short += [f"/{path} [{n}]: {hx} x {hy}" for n, hx, hy in page.evaluate(HIT_SPAN) if hx < 24 or hy < 24]
    context.close()
    assert not short, "markers that cannot be hit across 24 px:\n" + "\n".join(short[:10])


def test_an_open_popover_leaves_the_next_marker_of_its_cluster_one_tap_away(browser, server):
    context = _context(browser, 375, touch=True)
    page = context.new_page()
    page.goto(server, wait_until="load")
    pair = page.evaluate(
        """() => { for (const sup of document.querySelectorAll('.md-content sup[id^="fnref"]')) {
          const next = sup.nextElementSibling;
          if (next && next.tagName === 'SUP' && next.querySelector('a.footnote-ref'))
            return [sup.querySelector('a').getAttribute('href'), next.querySelector('a').getAttribute('href')]; }
          return null; }"""
    )
    if pair is None:
        context.close()
        pytest.skip("no cluster of markers on the home page")
    first = page.locator(f".md-content a.footnote-ref[href='{pair[0]}']").first
    first.scroll_into_view_if_needed()
    first.tap()
    page.locator(".cite-pop").wait_for(state="visible", timeout=3000)
    second = page.locator(f".md-content a.footnote-ref[href='{pair[1]}']").first
    box = second.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y); "
        "return el ? el.closest('a.footnote-ref') !== null : false; }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    second.tap()
    page.wait_for_timeout(150)
    shows = page.evaluate(
        "h => { const p = document.querySelector('.cite-pop'); return !!p && p.innerText.length > 0 && "
        "document.querySelector(`a.footnote-ref[href='${h}']`).getAttribute('aria-expanded') === 'true'; }",
        pair[1],
    )
    context.close()
    assert on_top, "the open popover covers the next marker of its cluster"
    assert shows, "one tap on the next marker did not open its citation"


def test_a_page_title_has_no_permalink_mark_and_fits_its_line(browser, server):
    """A record heading shows its ¶ (a link to it); the page title does not: its link is the page's
    own address, and at 1280 px the home page's mark wrapped onto a line of its own."""
    context, page, _ = _home(browser, server, 1280)
    title, lines, mark = page.evaluate(
        """() => { const h = document.querySelector('.md-content h1');
          const lh = parseFloat(getComputedStyle(h).lineHeight);
          const sub = document.querySelector('.md-content h2 .headerlink');
          return [h.innerText, Math.round(h.getBoundingClientRect().height / lh), sub ? sub.innerText : ''] }"""
    )
    context.close()
    assert "¶" not in title, title
    assert lines == 1, f"the title takes {lines} lines at 1280 px: {title!r}"
    assert mark == "¶", "the section headings keep their permalink"
