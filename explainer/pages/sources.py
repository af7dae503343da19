"""One page per source: what it is, what it reports via, and every excerpt the site cites from it.

Never the source's full text: only the excerpts records cite, each with an anchor that the
records' citation markers link to, and a link back to the record.
"""

from __future__ import annotations

from .. import escape
from ..model import FactBase, Source
from ..registry import ARTICLES, Noun
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
        ("Seed file", f"seeds/{source.seed}"),
    ]
    if source.sha256:
        rows.append(("Seed file SHA-256", source.sha256))
    out.append(f"| About the {called.singular} | As the text gives it |\n|---|---|\n")
    for label, value in rows:
        out.append(f"| {label} | {escape.md(value)} |\n")
    if source.url:
        out.append(f"| Link | [{escape.md(source.url)}]({escape.url(source.url)}) |\n")
    out.append("\n")
    if source.note:
        out.append(f"**Note:** {prose(source.note, facts, locator, path)}\n\n")
    cited = facts.cited_by.get(source.id, ())
    # Left out of search: the records that cite these words are found on their own pages; with
    # the excerpts (and each citing record's title) indexed here too, the search index was 1.9
    # times the size of the text it serves (1.4 without), and readers download it whole.
    out.append(
        f"## Excerpts cited ({len(cited)}) {{ #excerpts_cited data-search-exclude }}\n\n"
        f"The words of this {called.singular} that the site cites, each with the record that cites it. "
        f"The {called.singular} itself is not republished.\n\n"
    )
    for record, n, cite in cited:
        link = locator.link(path, record.id)
        out.append(
            f'<div class="excerpt" id="{cite_anchor(record.id, n)}" markdown>\n\n'
            f"> “{escape.md(cite.excerpt)}”\n\n"
            f"Cited by the {facts.declared(record.table).singular} "
            f"[{escape.md(title_of(record))}]({link})\n\n</div>\n\n"
        )
    if not cited:
        out.append(f"No record cites this {called.singular} yet.\n\n")
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)


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
