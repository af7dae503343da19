"""One page per source: what it is, what it reports via, and every excerpt the site cites from it.

Never the source's full text: each excerpt records cite, once, in the order of the source,
in its sentence (bounded by explainer/render/sentences.py) with the excerpt marked, and the records
that cite it. Every citation of it keeps its own anchor (`cite-<record id>-<n>`), which the
records' citation markers link to; the excerpt a link leads to is highlighted. The seed file and
its fingerprint, which only someone checking this copy needs, sit in a folded "Verify this copy".
"""

from __future__ import annotations

from ..model.facts import Cite, FactBase, Record, Source
from ..model.registry import ARTICLES, Noun
from . import escape, sentences
from .common import (
    PAGE_SIZE,
    Locator,
    Page,
    chunks,
    cite_anchor,
    header,
    human_date,
    noun,
    pager,
    prose,
    source_name,
    title_of,
)


def published(source: Source, called: Noun = ARTICLES) -> str:
    """The publication date, or, said once on the sources list and the source's page, that the
    source gives none (elsewhere an unknown date is simply not shown)."""
    return human_date(source.published) if source.published != "unknown" else f"the {called.singular} gives no date"


def source_page(source: Source, facts: FactBase, locator: Locator) -> Page:
    path = locator.pages[source.id]
    called = noun(facts)
    inputs = ("data/sources.yaml", "the records citing it")
    out = [header(inputs), f"# {escape.title(source_name(source))} {{ #{source.id} }}\n\n"]
    rows = [
        ("Outlet", source.outlet if source.outlet != "unknown" else "not named in the text"),
        ("Title", source.title if source.title != "unknown" else "not given in the text"),
        ("Published", published(source, called)),
        ("Kind", source.kind),
        ("Reports via", ", ".join(source.via) if source.via else "none stated"),
    ]
    out.append(f"| About the {called.singular} | As the text gives it |\n|---|---|\n")
    for label, value in rows:
        out.append(f"| {label} | {escape.md(value)} |\n")
    if source.url:
        out.append(f"| Link | [{escape.md(source.url)}]({escape.url(source.url)}) |\n")
    out.append("\n")
    if source.note:
        out.append(f"**Note:** {prose(source.note, facts, locator, path)}\n\n")
    out.append(verify(source, called))
    cited = facts.cited_by.get(source.id, ())
    uses: dict[str, list[Use]] = {}
    for use in cited:
        uses.setdefault(use[2].excerpt, []).append(use)
    found, missing = sentences.passages(facts.texts.get(source.id, ""), list(uses))
    # Left out of search: the records that cite these words are found on their own pages; with
    # the excerpts (and each citing record's title) indexed here too, the search index was 1.9
    # times the size of the text it serves (1.4 without), and readers download it whole.
    out.append(
        f"## Excerpts cited ({len(uses)}) {{ #excerpts_cited data-search-exclude }}\n\n"
        f"The words of this {called.singular} that the site cites, once each, in the {called.singular}'s order "
        f"and in their sentences, the cited words marked, with the records that cite them. The {called.singular} "
        "itself is not republished.\n\n"
    )
    for passage in found:
        out.append(
            passage_block(passage.segments, [u for e in passage.excerpts for u in uses[e]], facts, locator, path)
        )
    for excerpt in missing:  # not in the seed (reported by the check): shown as cited
        out.append(passage_block(((excerpt, True),), uses[excerpt], facts, locator, path))
    if not cited:
        out.append(f"No record cites this {called.singular} yet.\n\n")
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)


Use = tuple[Record, int, Cite]  # a citation: the record, its number within the record, the cite


def passage_block(
    segments: tuple[tuple[str, bool], ...], uses: list[Use], facts: FactBase, locator: Locator, path: str
) -> str:
    """One passage: an anchor for every citation in it, its sentences with the cited words
    marked, and the records that cite them (each once)."""
    anchors = "".join(f'<span id="{cite_anchor(record.id, n)}"></span>' for record, n, _ in uses)
    words = "".join(f"<mark>{escape.md(s)}</mark>" if marked else _md_keep_spaces(s) for s, marked in segments)
    links = ", ".join(
        f"the {facts.declared(record.table).singular} [{escape.md(title_of(record))}]({locator.link(path, record.id)})"
        for record in dict.fromkeys(record for record, _, _ in uses)
    )
    return f'<div class="excerpt" markdown>\n\n{anchors}\n\n> {words}\n\nCited by {links}\n\n</div>\n\n'


def _md_keep_spaces(text: str) -> str:
    """escape.md, keeping the spaces at the ends that separate the text from a marked excerpt."""
    lead = " " if text[:1] == " " else ""
    trail = " " if text[-1:] == " " and text.strip() else ""
    return lead + escape.md(text) + trail if text.strip() else text


def verify(source: Source, called: Noun = ARTICLES) -> str:
    """The seed file and its SHA-256, folded: what a reader who checks this copy needs."""
    lines = [f"- **Seed file:** `seeds/{escape.md(source.seed)}`"]
    if source.sha256:
        lines.append(f"- **SHA-256 of its bytes:** `{escape.md(source.sha256)}`")
    return (
        '<details class="verify" markdown>\n<summary>Verify this copy</summary>\n\n'
        f"The excerpts below are checked, character for character, against this copy of the {called.singular}. "
        "Its fingerprint changes if a single byte of it does.\n\n" + "\n".join(lines) + "\n\n</details>\n\n"
    )


def index_path(n: int) -> str:
    """Page n (0-based) of the sources index: sources/index.md, sources/index_2.md, ... (the
    underscore keeps them apart from source pages, whose names are ids)."""
    return "sources/index.md" if n == 0 else f"sources/index_{n + 1}.md"


def sources_index(facts: FactBase, locator: Locator, page_size: int = PAGE_SIZE) -> list[Page]:
    """The list of sources, PAGE_SIZE to a page like the listings, so no page grows with the site."""
    inputs = ("data/sources.yaml",)
    called = noun(facts)
    parts = chunks(facts.sources, page_size)
    pages = []
    for n, part in enumerate(parts):
        path = index_path(n)
        suffix = f" (part {n + 1} of {len(parts)})" if len(parts) > 1 else ""

        def part_link(i: int, here: str = path) -> str:
            return locator.page_link(here, index_path(i))

        links = pager("sources/index", n, len(parts), part_link)
        out = [
            header(inputs),
            f"# Sources{suffix}\n\n",
            f"The {called.plural} the fact base is built from. Each has a page with every excerpt the site cites "
            f"from it and links back to the records that cite it. The {called.plural} themselves are not "
            "republished.\n\n",
            links,
            # A sortable table that becomes one card per source on a phone (extra.css, `.stack`).
            '<div class="sortable stack" markdown>\n\n<table markdown>\n<thead><tr><th>Source</th><th>Kind</th>'
            "<th>Published</th><th>Reports via</th><th>Excerpts cited</th></tr></thead>\n<tbody markdown>\n",
        ]
        for source in part:
            assert isinstance(source, Source)
            link = locator.page_link(path, locator.pages[source.id])
            via = ", ".join(source.via) if source.via else "none stated"
            cells = [
                ("Kind", escape.md(source.kind)),
                ("Published", escape.md(published(source, called))),
                ("Reports via", escape.md(via)),
                ("Excerpts cited", str(len(facts.cited_by.get(source.id, ())))),
            ]
            out.append(
                f'<tr markdown><th scope="row" markdown="span">[{escape.md(source_name(source))}]({link})</th>'
                + "".join(
                    f'<td markdown="span"><span class="cell-label">{label}</span> {value}</td>'
                    for label, value in cells
                )
                + "</tr>\n"
            )
        out.append("</tbody>\n</table>\n\n</div>\n")
        if links:
            out.append("\n" + links)
        pages.append(Page(path, "".join(out).rstrip("\n") + "\n", inputs))
    return pages
