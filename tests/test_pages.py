"""The pages, as text: golden files, the anchor contract, and hostile text kept inert.

Golden files: tests/golden/project is a small project (data/ and seeds/, every table) and
tests/golden/expected holds the Markdown the renderer must make from it, page by page. After an
intended change to the pages, regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py
"""
from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from scripts.model import cites_of
from scripts.pages import render_all
from scripts.pages.common import GENERATED_MARK, Locator, cite_anchor
from scripts.validate import Paths, build_factbase

from .conftest import make_project

GOLDEN = Path(__file__).resolve().parent / "golden"
PROJECT, EXPECTED = GOLDEN / "project", GOLDEN / "expected"
HOSTILE = ('<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> '
           '{: onclick="alert(4)" } | # !!! note `code` *em* ]]> </script>')


def facts_of(project: Path):
    return build_factbase(Paths(project))


@pytest.fixture(scope="module")
def golden_pages(tmp_path_factory) -> dict[str, str]:
    project = make_project(tmp_path_factory.mktemp("golden") / "project", PROJECT)
    return {p.path: p.text for p in render_all(facts_of(project))}


def test_pages_match_golden_files(golden_pages):
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, text in golden_pages.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*.md")}
    assert expected == set(golden_pages), "pages added or removed: run UPDATE_GOLDEN=1 and review the diff"
    for path, text in golden_pages.items():
        expected_text = (EXPECTED / path).read_text(encoding="utf-8")
        assert text == expected_text, f"{path} differs from tests/golden/expected/{path}"


def test_every_page_starts_with_the_generated_line(golden_pages):
    for path, text in golden_pages.items():
        assert text.startswith(GENERATED_MARK), path


def test_every_record_has_its_anchor_where_the_locator_says(tmp_path):
    project = make_project(tmp_path / "project", PROJECT)
    facts = facts_of(project)
    pages = {p.path: p.text for p in render_all(facts)}
    locator = Locator.build(facts)
    for record_id, path in locator.pages.items():
        assert f"{{ #{record_id} }}" in pages[path] or f'id="{record_id}"' in pages[path], (record_id, path)
    for records in facts.tables.values():
        for record in records:
            for n, cite in enumerate(cites_of(record)):
                assert f'id="{cite_anchor(record.id, n)}"' in pages[locator.pages[cite.source]], (record.id, n)


def test_pagination_keeps_anchors_and_links_consistent(tmp_path):
    project = make_project(tmp_path / "project", PROJECT)
    facts = facts_of(project)
    locator = Locator.build(facts, page_size=1)
    assert locator.pages["offer-a"] == "troop-offers.md"  # sorted by country: Country A first
    assert locator.pages["offer-b-ruled-out"] != locator.pages["offer-b-opposed"]
    assert locator.pages["ev-resolution"] == "timeline.md"  # sequence 1 comes first


def test_rendering_is_deterministic(tmp_path):
    project = make_project(tmp_path / "project", PROJECT)
    first = [(p.path, p.text) for p in render_all(facts_of(project))]
    second = [(p.path, p.text) for p in render_all(facts_of(project))]
    assert first == second


# Fields an editor writes freely (not ids, references, enums, dates, or excerpts checked against seeds).
FREE_TEXT = {"name", "summary", "description", "label", "value", "unit", "controlled_by", "territory_share",
             "population", "planned", "speaker", "role", "context", "topic", "note", "date_text", "troops",
             "outlet", "title", "text", "claim", "roles", "via"}


def poison(value, key=""):
    """Every free-text value of a record with hostile text appended (lists item by item)."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if key in FREE_TEXT and isinstance(value, str):
        return f"{value} {HOSTILE}"
    return value


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", PROJECT)
    for file in (project / "data").glob("*.yaml"):
        records = yaml.safe_load(file.read_text(encoding="utf-8"))
        schema = json.loads((project / "data" / "schema" / f"{file.stem}.schema.json").read_text(encoding="utf-8"))
        out = []
        for record in records:
            record = poison(record)
            if file.stem == "quotes":  # a quote's text must be verbatim in its seed: leave it
                record["text"] = record["text"].replace(f" {HOSTILE}", "")
            if "note" in schema["items"]["properties"]:
                record.setdefault("note", f"Note {HOSTILE}")
            out.append(record)
        file.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_pages(hostile_project) -> dict[str, str]:
    return {p.path: p.text for p in render_all(facts_of(hostile_project))}


RAW_BLOCKS = re.compile(r'<script type="application/ld\+json">[^<]*</script>|<figure class="[a-z]+">.*?</figure>', re.S)
PAGE_TYPES = ("index.md", "zones.md", "troop-offers.md", "positions.md", "quotes.md", "timeline.md",
              "disagreements.md", "figures.md", "actors.md", "changes.md", "sources/index.md", "sources/src-alpha.md")


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_hostile_text_is_inert_on_every_page_type(hostile_pages, path):
    text = hostile_pages[path]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, "the hostile text should be shown, escaped"
    # The only raw <script> elements are our JSON-LD blocks, and nothing in them can close them early.
    assert text.count("<script") == text.count('<script type="application/ld+json">')
    assert text.count("</script>") == text.count("<script")
    text = RAW_BLOCKS.sub("", text)  # JSON-LD and SVG, escaped for HTML and left alone by Markdown (see below)
    for live in ("<script>alert", "](javascript:", "<img", "onerror=alert(3)>", '{: onclick="alert(4)" }',
                 "`code`", "*em*", "]]>"):
        assert live not in text, f"{live!r} reached {path} unescaped"
    # No hostile text starts a line, where it could become raw HTML or an admonition.
    assert not re.search(r"^\s*(!!!|<script>|<img|\{:)", text, re.M)


def test_hostile_text_in_svg_and_json_ld_is_escaped(hostile_pages):
    zones = hostile_pages["zones.md"]
    assert "<desc" in zones and "&lt;script&gt;" in zones.split("<desc", 1)[1].split("</desc>", 1)[0]
    ld = hostile_pages["quotes.md"].split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003cscript\\u003e" in ld and "<" not in ld


class _Elements(HTMLParser):
    """Every element of a page, with its attributes, and the text of its <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []  # text of every <script> that is not JSON-LD
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"
        if self.in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data


def test_hostile_text_stays_inert_in_the_built_site(tmp_path, hostile_project):
    from .sitebuild import build

    site = build(hostile_project, tmp_path / "site").site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "alert(1)</script>" not in html, page
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.elements:
            where = f"<{tag}> in {page.relative_to(site)}"
            assert not any(name.startswith("on") for name in attrs), where
            assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), where
            assert not (tag == "img" and attrs.get("src") == "x"), where
        assert not any("alert" in script for script in parser.scripts), page


def test_anchor_map_names_each_record_page_as_a_site_url(tmp_path):
    from scripts.extras import anchors_page

    project = make_project(tmp_path / "project", PROJECT)
    data = json.loads(anchors_page(facts_of(project)).text)
    assert data["story-zones"] == "" and data["offer-a"] == "troop-offers/"
    assert data["src-alpha"] == "sources/src-alpha/" and data["q-mandate"] == "positions/"
