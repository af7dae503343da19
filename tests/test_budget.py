"""Where listings are cut (explainer/render/budget.py): today's lists stay whole; a large fact base is
still cut into pages, only between groups, and every part is reachable from the first page, by
its pager links and by search.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Position
from explainer.publish.search_index import targets
from explainer.render.budget import Budget, split, weight
from explainer.render.common import Locator, ordered
from scripts.bench_data import write_factbase
from scripts.troops import TroopOffer

from .sitebuild import ROOT, generate, mkdocs_build, render_pages, search_index

N = 2500  # claims: enough to fill several pages of most listings


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("large") / "project"
    write_factbase(root, N, ROOT)
    return root


@pytest.fixture(scope="module")
def large_facts(large):
    return build_factbase(Paths(large))


def test_todays_lists_fit_one_page_with_room_to_spare():
    facts = build_factbase(Paths(ROOT))
    budget = Budget()
    for table in facts.tables:
        if table == "sources":
            continue
        records = ordered(facts, table)
        assert len(split(records, facts.declared(table).group, budget)) == 1, f"{table} is split at today's size"
        # The budget is set just above today's largest list (bench-results.md says why): a list
        # that grows past it fails here first, and the budget or the bench target must be revisited.
        assert sum(weight(r) for r in records) <= budget.bytes, f"{table} outgrew the page budget"
        assert len(records) <= budget.rows, f"{table} outgrew the row limit"


def test_split_cuts_between_groups_within_the_budget(large_facts):
    locator = Locator.build(large_facts)
    split_tables = [t for t, parts in locator.parts.items() if len(parts) > 1]
    assert {"positions", "quotes", "troop_offers"} <= set(split_tables), split_tables
    budget = Budget()
    for table in split_tables:
        key = large_facts.declared(table).group
        parts = locator.parts[table]
        assert [r for p in parts for r in p] == list(ordered(large_facts, table)), "records lost or reordered"
        where: dict[object, set[int]] = defaultdict(set)
        for n, part in enumerate(parts):
            assert part, f"{table}: part {n + 1} is empty"
            if len(part) > 1:
                assert sum(weight(r) for r in part) <= budget.bytes and len(part) <= budget.rows, (table, n)
            for r in part:
                where[key(r) if key else r.id].add(n)
        if key is None:
            continue
        for group, found in where.items():
            records = [r for r in ordered(large_facts, table) if key(r) == group]
            fits = sum(weight(r) for r in records) <= budget.bytes and len(records) <= budget.rows
            if fits:
                assert len(found) == 1, f"{table}: group {group!r} fits one page but is cut over {sorted(found)}"


def _pager_targets(text: str, stem: str) -> set[str]:
    line = next((ln for ln in text.splitlines() if ln.startswith("Pages: ")), "")
    return set(re.findall(r"\]\((" + re.escape(stem) + r"(?:-\d+)?\.md)\)", line))


def test_every_part_is_reachable_from_the_first_page(large_facts):
    pages = {p.path: p.text for p in render_pages(large_facts)}
    locator = Locator.build(large_facts)
    for table, parts in locator.parts.items():
        if len(parts) < 2 or table in ("questions", "story"):
            continue
        stem = large_facts.declared(table).page
        wanted = {f"{stem}.md"} | {f"{stem}-{n + 1}.md" for n in range(1, len(parts))}
        seen, todo = set(), [f"{stem}.md"]
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            todo += sorted(_pager_targets(pages[path], stem) - seen)
        assert seen == wanted, f"{table}: parts not reachable from {stem}.md: {sorted(wanted - seen)}"
        for n in range(len(parts)):
            path = f"{stem}.md" if n == 0 else f"{stem}-{n + 1}.md"
            assert f"(part {n + 1} of {len(parts)})" in pages[path].splitlines()[2]


def test_a_parts_chart_and_matrix_cover_exactly_its_records(large_facts):
    pages = {p.path: p.text for p in render_pages(large_facts)}
    locator = Locator.build(large_facts)
    for n, part in enumerate(locator.parts["troop_offers"]):
        text = pages["troop-offers.md" if n == 0 else f"troop-offers-{n + 1}.md"]
        chart = text.split("<figure", 1)[1].split("</figure>", 1)[0] if "<figure" in text else ""
        bars = chart.count('class="chart-bar"')
        # One bar per country, stance and number (two claims of one number make one bar), police apart.
        drawn = {(r.country, r.stance, r.troops_max) for r in part if isinstance(r, TroopOffer) and r.troops_max}
        police = {(r.country, r.stance, r.police_max) for r in part if isinstance(r, TroopOffer) and r.police_max}
        assert bars == len(drawn) + len(police)
        rows = text.split("<tbody", 1)[1].split("</tbody>", 1)[0].count("<tr")
        assert rows == len(part), "the table of a part must list every claim of that part"
    for n, part in enumerate(locator.parts["positions"]):
        text = pages["positions.md" if n == 0 else f"positions-{n + 1}.md"]
        if "matrix stack" not in text:
            continue
        matrix = text.split('<div class="matrix stack"', 1)[1].split("</table>", 1)[0]
        for r in part:
            assert isinstance(r, Position) and f"(#{r.id})" in matrix, f"{r.id} is missing from its part's matrix"


def test_search_and_the_site_reach_every_part(large, large_facts, tmp_path):
    """A real build of the large fact base: every part is a page, in the search index, and linked."""
    step = generate(large)
    assert step.returncode == 0, step.stdout + step.stderr
    site = tmp_path / "site"
    step = mkdocs_build(large, site)
    assert step.returncode == 0, step.stdout + step.stderr
    step = search_index(large, site)  # Pagefind's, one entry per record (explainer/publish/search_index.py)
    assert step.returncode == 0, step.stdout + step.stderr
    locations = {target.split("#", 1)[0] for target in targets(site)}
    locator = Locator.build(large_facts)
    for table, parts in locator.parts.items():
        if len(parts) < 2 or table in ("questions", "story"):
            continue
        stem = large_facts.declared(table).page
        for n in range(1, len(parts)):
            url = f"{stem}-{n + 1}/"
            assert (site / url / "index.html").is_file(), url
            assert url in locations, f"{url} is not in the search index"
