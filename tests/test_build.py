"""One real, strict build of a small project (by the builder `make site` uses), end to end, in a temporary folder."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from explainer.publish.compact import compact_html
from explainer.publish.search_index import read_fragments

from .sitebuild import built_fixture, generate, make_project, site_build


def build(project: Path) -> subprocess.CompletedProcess:
    """What `make site` runs: generate (must pass), then the strict build, whose result is returned."""
    gen = generate(project)
    assert gen.returncode == 0, gen.stderr
    return site_build(project, project / "site")


@pytest.fixture(scope="module")
def site() -> Path:
    """The fixture project built as `make site` builds it (generate, the strict build, the search
    index), once per test run (tests/sitebuild.py); the tests here only read it."""
    return built_fixture().site


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_record_has_its_anchor_on_its_page(site):
    assert 'id="fig-police"' in html(site, "figures/index.html")
    assert 'id="offer-italy"' in html(site, "troop-offers/index.html")
    assert 'id="quote-very-fluid"' in html(site, "quotes/index.html")
    assert 'id="dis-police"' in html(site, "disagreements/index.html")


def test_citation_links_reach_the_excerpt_on_the_source_page(site):
    page = html(site, "figures/index.html")
    links = set(re.findall(r'href="([^"]*sources/src-two/#cite-fig-police-1)"', page))
    assert links, "no citation link from the figure to its source"
    for link in links:
        target = urlparse(urljoin("https://x/figures/", link))
        source = html(site, target.path.lstrip("/") + "index.html")
        assert f'id="{target.fragment}"' in source
        # The excerpt's words, or (where the page would show more than its share of the article,
        # explainer/render/sources.py) their start, follow the anchor.
        after = source.split(f'id="{target.fragment}"', 1)[1].split("</blockquote>", 1)[0]
        assert "<mark>growing within a" in after


def test_search_index_holds_the_records(site):
    entries = read_fragments(site)  # Pagefind's, written by explainer/publish/search_index.py
    text = " ".join(e["content"] for e in entries)
    assert "1,500" in text and "Italy" in text
    assert any(e["meta"]["target"].endswith("#offer-italy") for e in entries)
    assert not (site / "search" / "search_index.json").exists(), "Material's lunr index is built again"


def test_pages_hold_no_blank_lines_between_tags(site):
    """The build's last step folded them (explainer/publish/compact.py): Material leaves thousands."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        raw = page.read_bytes()
        assert compact_html(raw) == raw, page


def test_strict_build_fails_on_a_broken_anchor(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs" / "method.md").write_text("# Method\n\n[broken](figures.md#no-such-record)\n", encoding="utf-8")
    run = build(project)
    assert run.returncode != 0
    assert "no-such-record" in run.stderr
