"""The search entries (explainer/publish/search_entries.py) and the index built from them
(explainer/publish/search_index.py)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import cast

import pytest

from explainer.check.validate import Paths
from explainer.model.facts import Disagreement, Figure, Record, Source, StoryParagraph
from explainer.publish import search_index
from explainer.publish.search_entries import entries, searched, sentence_asks, synonyms_of
from explainer.publish.search_index import ALONE, ALSO_MARK, document, group_document, groups, read_fragments
from explainer.publish.tasks import render
from explainer.render.common import Locator, ordered, page_url
from scripts.troops import TroopOffer

from .sitebuild import load_facts, shared_site


@pytest.fixture(scope="module")
def built():
    return shared_site()


@pytest.fixture(scope="module")
def facts(built):
    return load_facts(built.project)


@pytest.fixture(scope="module")
def items(facts):
    return entries(facts, Locator.build(facts))


def test_page_urls_are_the_served_folders():
    assert page_url("index.md") == ""
    assert page_url("zones.md") == "zones/"
    assert page_url("troop-offers-2.md") == "troop-offers-2/"
    assert page_url("sources/index.md") == "sources/"


def test_one_entry_per_record_of_the_searched_tables_and_none_for_sources(facts, items):
    wanted = [
        r.id
        for t in searched(facts)
        for r in ordered(facts, t.name)
        if t.search is not None and (t.search.only is None or t.search.only(r))
    ]
    assert [e.record_id for e in items] == wanted
    sources = {s.id for s in facts.sources}
    assert not any(e.url.split("#")[0].rstrip("/").endswith(tuple(sources)) for e in items if sources)
    locator = Locator.build(facts)
    for e in items:
        via = facts.declared(e.table).search.via
        lands = getattr(facts.by_id[e.record_id], via, None) if via else None
        page = locator.pages[lands] if lands in locator.pages else locator.pages[e.record_id]
        assert e.url == page_url(page) + "#" + e.record_id


def test_a_key_fact_is_a_result_that_leads_to_the_answer_on_its_questions_page(built, facts, items):
    """Only the overview's key facts are results of the story table, shown first, titled by their
    label, and leading to their place at the top of their question's page (its "In short")."""
    by_id = {e.record_id: e for e in items}
    key_facts = [s for s in facts.table("story") if isinstance(s, StoryParagraph) and s.role == "fact" and s.fact]
    if not key_facts:
        pytest.skip("this fact base has no key facts")
    for s in facts.table("story"):
        assert (s.id in by_id) == (s in key_facts), f"{s.id}: only key facts are results"
    locator = Locator.build(facts)
    for s in key_facts:
        entry = by_id[s.id]
        assert entry.kind == "Key fact" and entry.first and entry.title.startswith(s.fact)
        if s.question in locator.pages:
            assert entry.url == page_url(locator.pages[s.question]) + "#" + s.id
            page = next(p for p in render(facts, Paths(built.project)) if p.path == locator.pages[s.question])
            answer = page.text.split("## In short", 1)[1].split("\n## ", 1)[0]
            assert f'<span id="{s.id}"></span>' in answer, f"{s.id} has no anchor in its question's answer"
        assert 'data-first="1"' in document(entry)
    assert not any('data-first="1"' in document(e) for e in items if not e.first)


def test_a_key_fact_answers_how_many_only_with_a_number_and_when_only_with_a_time():
    def asks(text: str) -> tuple[str, ...]:
        return sentence_asks(cast(Record, SimpleNamespace(text=text)))

    assert asks("The US envisions a few hundred troops, gradually expanding to 20,000.") == ("many", "much")
    assert asks("Indonesia offered twenty battalions.") == ("many", "much")
    assert asks("The US hopes a UN resolution will give the force a mandate.") == ()
    assert asks("A vote is expected next week.") == ("when",)
    assert asks("Today the draft was shared.") == ("when",)
    assert asks("Who may contribute is open.") == (), "the verb 'may' is no month"
    assert asks("Israel would withdraw after Hamas disarms; 53% of Gaza is held.") == ("many", "much", "when")
    assert asks("Someone hopes to be tenacious.") == (), "whole words only: 'one', 'ten' inside a word are no number"


def test_only_a_conflict_between_the_sources_is_called_a_disagreement(facts, items):
    by_id = {e.record_id: e for e in items}
    kinds = {"conflict": "Disagreement", "actors": "Actors disagree", "compared": "Accounts compared"}
    for d in facts.table("disagreements"):
        assert isinstance(d, Disagreement)
        assert by_id[d.id].kind == kinds[d.kind], d.id


def test_titles_say_what_the_record_is_and_keys_hold_its_value(facts, items):
    by_id = {e.record_id: e for e in items}
    for offer in facts.table("troop_offers"):
        assert isinstance(offer, TroopOffer)
        country = facts.by_id.get(offer.country)
        entry = by_id[offer.id]
        assert entry.title.startswith(f"{getattr(country, 'name', 'unknown')}: "), entry.title
        assert re.search(r"\([^()]+\)$", entry.title), f"no outlet at the end of {entry.title!r}"
        # the number when the article gives one; "troops: unknown" is no answer to show
        assert (offer.troops in entry.key) if offer.troops != "unknown" else ("unknown" not in entry.key), entry.key
    for figure in facts.table("figures"):
        assert isinstance(figure, Figure)
        assert figure.value in by_id[figure.id].key
        assert f"{figure.unit} {figure.unit}" not in by_id[figure.id].key, "the unit is doubled"


def test_no_title_names_its_outlet_twice(items):
    """A speaker named by the outlet ("US official speaking anonymously (The Guardian)") was
    titled with the outlets it cites after it: "... (The Guardian) (The Guardian)"."""
    doubled = [e.title for e in items if re.search(r"(\([^()]+\)) \1$", e.title)]
    assert not doubled, doubled


def test_a_disagreement_carries_the_records_it_ties(facts, items):
    by_id = {e.record_id: e for e in items}
    for d in facts.table("disagreements"):
        assert isinstance(d, Disagreement)
        entry = by_id[d.id]
        assert entry.ties == tuple(dict.fromkeys(d.records))
        for ref in d.records:
            assert by_id[ref].title in entry.related if ref in by_id else True
        assert entry.title_weight > by_id[d.records[0]].title_weight if d.records and d.records[0] in by_id else True


def test_the_document_escapes_text_and_splits_number_ranges(items):
    entry = items[0].__class__(
        url="zones/#x",
        record_id="x",
        table="zones",
        kind="Zone",
        title='<script>alert("t")</script>',
        key="3,000–4,000 officers",
        body=("a & b <img src=x onerror=alert(1)>",),
    )
    html = document(entry)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "3,000 – 4,000 officers" in html, "a range is indexed as its two numbers"
    assert 'data-key="3,000–4,000 officers"' in html, "the key value is shown as written"


def test_the_built_site_has_the_index_with_every_entry(built, items):
    bundle = built.site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not (bundle / "pagefind-ui.js").exists(), "Pagefind's unused UI bundles are removed"
    stored = read_fragments(built.site)
    targets = sorted(f["meta"]["target"] for f in stored)
    assert targets == sorted(e.url for e in items)
    pages: dict[str, str] = {}
    for fragment in stored:  # every result, including those that lead to another record's page (Search.via)
        page, anchor = fragment["meta"]["target"].split("#")
        if page not in pages:
            pages[page] = (built.site / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in pages[page], f"the result {fragment['meta']['target']} leads to no such anchor"


def test_sources_are_not_entries_but_their_records_are(facts, items):
    if not any(isinstance(s, Source) for s in facts.sources):
        pytest.skip("no sources")
    assert not any(e.kind == "Source" for e in items)


def test_records_share_pagefind_pages_only_past_the_limit(items):
    assert {len(g) for g in groups(items)} == {1}, "below MAX_PAGES every record has a Pagefind page of its own"

    few = groups(items, max_pages=max(2, len(items) // 4))
    assert len(few) <= max(2, len(items) // 4) + len({e.kind for e in items}), "the limit is kept (one run per kind)"
    assert sorted(e.record_id for g in few for e in g) == sorted(e.record_id for e in items), "nothing lost"
    for g in few:
        assert len({e.kind for e in g}) == 1, "a shared page holds records of one listing"
        if g[0].table in ALONE:
            assert len(g) == 1, f"a {g[0].kind} shares a page"
    shared = next(g for g in few if len(g) > 1)
    html = group_document(shared)
    for e in shared:
        assert f'<h2 id="{e.record_id}"' in html, "each record is a heading Pagefind returns as a sub-result"
    assert 'data-pagefind-meta="title[data-title], records[data-records]"' in html


def test_synonyms_index_a_record_with_the_words_readers_type():
    groups = (("vote", "resolution"), ("troops", "soldiers", "forces"))
    assert synonyms_of(("A draft UN Security Council resolution",), groups) == ("vote",)
    assert synonyms_of(("Up to 1,500 soldiers",), groups) == ("troops", "forces")
    assert synonyms_of(("Nothing to add",), groups) == ()
    assert synonyms_of(("Resolutions",), groups) == ()  # whole words only: a reader's prefix still finds it


def test_a_record_is_indexed_with_the_questions_it_answers_but_shows_none_of_them(facts, items):
    by_id = {e.record_id: e for e in items}
    event = next(e for e in items if e.kind == "Event")
    assert "when" in event.also
    actor = next(e for e in items if e.kind == "Actor")
    assert "who" in actor.also and "who" not in actor.title.casefold().split()
    html = document(event)
    # marked where they begin, so that a result's passage is cut there (search.js: cutAlso)
    assert f'data-pagefind-weight="0.5">{ALSO_MARK} when' in html
    assert "when" not in event.key
    if "event-un-resolution-hoped-early-next-week" in by_id:  # the real data: "UN vote" finds the resolution
        assert "vote" in by_id["event-un-resolution-hoped-early-next-week"].also


def test_an_actors_whole_description_is_indexed(facts, items):
    centcom = next((e for e in items if e.record_id == "centcom"), None)
    if centcom is None:
        pytest.skip("the real data's actor")
    assert any("drafting process" in words for words in (*centcom.body, centcom.key))


@pytest.mark.parametrize(("count", "said"), [(1, "search index: 1 record in "), (2, "search index: 2 records in ")])
def test_the_count_of_records_indexed_is_in_words_that_agree(tmp_path, monkeypatch, capsys, count, said):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(search_index, "build", lambda root, site, max_pages: count)
    assert search_index.main(["--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(said)
