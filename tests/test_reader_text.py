"""What every built page says to a reader, read as text: no doubled units, no record id shown as
text, no "As of: unknown"; every list of today's subject on one page; and the Atom feed of the
Changes page, parsed as Atom, with every link in it leading somewhere real.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from explainer.model.registry import load_subject

from .sitebuild import load_facts, shared_site

ATOM = "{http://www.w3.org/2005/Atom}"
SKIP = {"script", "style", "svg", "template"}


class _Text(HTMLParser):
    """The text a reader sees (not scripts, styles, attributes or the hidden search data), and
    every id and <link> of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.links: list[dict[str, str | None]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "link":
            self.links.append(a)
        if tag in SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


@pytest.fixture(scope="module")
def site():
    return shared_site()


@pytest.fixture(scope="module")
def pages(site) -> dict[str, _Text]:
    out = {}
    for file in sorted(site.site.rglob("*.html")):
        parser = _Text()
        parser.feed(file.read_text(encoding="utf-8"))
        out[file.relative_to(site.site).as_posix()] = parser
    return out


UNITS = ("percent", "per cent", "troops", "soldiers", "points", "years", "miles", "people", "officers")
DOUBLED = re.compile(
    r"%\s*(percent|per cent)\b|\b(" + "|".join(UNITS) + r")\s+\2\b|\bnumber (troops|soldiers)\b", re.IGNORECASE
)


def test_no_doubled_units_on_any_page(pages):
    found = [f"{path}: {m.group(0)!r}" for path, p in pages.items() for m in DOUBLED.finditer(p.text)]
    assert not found, "doubled units:\n" + "\n".join(found[:20])


def test_no_record_id_is_shown_as_text(pages, site):
    facts = load_facts(site.project)
    ids = {rid for rid in facts.by_id if "-" in rid}
    word = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
    found = [f"{path}: {tok}" for path, p in pages.items() for tok in set(word.findall(p.text)) if tok in ids]
    assert not found, "record ids shown as text (they belong in anchors and URLs):\n" + "\n".join(sorted(found)[:20])


def test_no_unknown_dates_are_shown(pages):
    bad = re.compile(r"as of:?\s*unknown|published:?\s*unknown", re.IGNORECASE)
    found = [f"{path}: {m.group(0)!r}" for path, p in pages.items() for m in bad.finditer(p.text)]
    assert not found, "an unknown date is shown instead of left out:\n" + "\n".join(found[:20])


def test_sources_list_says_once_per_undated_article_that_it_gives_no_date(pages, site):
    facts = load_facts(site.project)
    undated = [s for s in facts.sources if s.published == "unknown"]
    text = pages["sources/index.html"].text
    assert text.count("the article gives no date") == len(undated)


def test_no_list_of_todays_subject_is_split(site):
    if site.kind != "real":
        pytest.skip("the shared site is built from the fixture, not today's data")
    stems = {t.page for t in load_subject().tables if t.page}
    parts = sorted(
        p.name
        for p in site.site.iterdir()
        if p.is_dir() and re.fullmatch(r"(.+)-\d+", p.name) and p.name.rsplit("-", 1)[0] in stems
    )
    assert not parts, f"lists of today's subject split into parts: {parts}"
    for stem in stems:
        html = (site.site / ("" if stem == "index" else stem) / "index.html").read_text(encoding="utf-8")
        assert "(part 1 of" not in html, stem


def test_every_page_links_the_feed_from_its_head(pages, site):
    for path, p in pages.items():
        feeds = [a for a in p.links if a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, f"{path} does not link the Atom feed from its head"
        target = urljoin("http://site/" + path, feeds[0]["href"] or "")
        assert target == "http://site/changes.xml", (path, feeds[0]["href"])


def _resolve(site: Path, base: str, href: str, pages: dict[str, _Text]) -> str | None:
    """None if `href` (relative to `base`, a site URL) leads to a built file and anchor; else why not."""
    url = urlparse(urljoin("http://site/" + base, href))
    if url.netloc != "site":
        return f"{href} leaves the site"
    path = url.path.lstrip("/")
    file = path + "index.html" if path.endswith("/") or not path else path
    if not (site / file).is_file():
        return f"{href}: no {file}"
    if url.fragment and url.fragment not in pages[file].ids:
        return f"{href}: no #{url.fragment} in {file}"
    return None


def test_the_feed_is_atom_and_its_links_resolve(site, pages):
    facts = load_facts(site.project)
    root = ET.parse(site.site / "changes.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
    for name in ("id", "title", "updated"):  # RFC 4287 4.1.1: exactly one of each
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert stamp.fullmatch(root.findtext(f"{ATOM}updated") or "")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # entries have no author of their own
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(facts.table("changes"))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    problems = []
    links = [(link.get("href") or "") for link in root.findall(f"{ATOM}link")]
    for e in entries:
        assert stamp.fullmatch(e.findtext(f"{ATOM}updated") or ""), "an entry's <updated> is not RFC 3339"
        assert e.findtext(f"{ATOM}title"), "an entry without a title"
        alternate = [link for link in e.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert alternate, "an entry without a link to its change"
        links += [link.get("href") or "" for link in alternate]
        content = e.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        links += re.findall(r'href="([^"]+)"', content.text or "")
    for change in facts.table("changes"):
        assert any(change.id in h for h in links), f"the feed has no link to {change.id}"
    for href in links:
        why = _resolve(site.site, "changes.xml", href, pages)
        if why and not href.endswith("changes.xml"):
            problems.append(why)
    assert (site.site / "changes.xml").is_file()
    assert not problems, "feed links that lead nowhere:\n" + "\n".join(problems)


DOUBLED_QUOTES = re.compile(r"““|””|„„|«« |»»")


def test_no_doubled_quotation_marks_on_any_page(pages):
    """An excerpt that opens with a quotation of its own is not wrapped in a second mark."""
    found = [f"{path}: {m.group(0)!r}" for path, p in pages.items() for m in DOUBLED_QUOTES.finditer(p.text)]
    assert not found, "doubled quotation marks:\n" + "\n".join(found[:20])


class _Headings(HTMLParser):
    """Each h2/h3 of a page's content and the text of the paragraph or quotation right under it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.heading: list[str] | None = None
        self.after: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP or (tag == "a" and ("class", "headerlink") in attrs):
            self.skip += 1
        elif tag in ("h2", "h3"):
            self.heading, self.after = [], None
        elif tag in ("p", "blockquote") and self.after is not None and not self.after:
            self.after.append("")

    def handle_endtag(self, tag):
        if (tag in SKIP or tag == "a") and self.skip:
            self.skip -= 1
        elif tag in ("h2", "h3") and self.heading is not None:
            self.after, self.heading_text, self.heading = [], " ".join(self.heading).strip(), None
        elif tag in ("p", "blockquote") and self.after:
            self.pairs.append((self.heading_text, re.sub(r"\s+", " ", "".join(self.after)).strip()))
            self.after = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.after:
            self.after[-1] += data


def test_no_heading_repeats_the_start_of_the_sentence_under_it(site):
    found = []
    for file in sorted(site.site.rglob("*.html")):
        parser = _Headings()
        parser.feed(file.read_text(encoding="utf-8"))
        for heading, text in parser.pairs:
            start = re.sub(r"[“”\"]", "", heading.rstrip("¶ …").strip())
            if len(start) >= 20 and re.sub(r"[“”\"]", "", text).startswith(start[:40]):
                found.append(f"{file.relative_to(site.site)}: {heading!r}")
    assert not found, "headings that repeat the sentence under them:\n" + "\n".join(found[:20])


def test_no_seed_file_name_outside_the_verify_detail(site):
    facts = load_facts(site.project)
    names = [s.seed for s in facts.sources]
    found = []
    for file in sorted(site.site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        outside = re.sub(r'<details class="verify".*?</details>', "", html, flags=re.S)
        # Generated pages' first line names no seed; search data and JSON-LD are not shown.
        parser = _Text()
        parser.feed(outside)
        found += [f"{file.relative_to(site.site)}: {n}" for n in names if n in parser.text]
    assert not found, "seed file names shown to readers:\n" + "\n".join(found[:20])
