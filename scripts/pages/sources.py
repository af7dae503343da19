"""One page per source: what it is, what it reports via, and every excerpt the site cites from it.

Never the article's full text: only the excerpts records cite, each with an anchor that the
records' citation markers link to, and a link back to the record.
"""
from __future__ import annotations

from .. import escape
from ..model import FactBase, Source
from .common import Locator, Page, cite_anchor, header, source_name, title_of


def source_page(source: Source, facts: FactBase, locator: Locator) -> Page:
    path = locator.pages[source.id]
    inputs = ("data/sources.yaml", "the records citing it")
    out = [header(inputs), f"# {escape.title(source_name(source))} {{ #{source.id} }}\n\n"]
    rows = [("Outlet", source.outlet), ("Title", source.title), ("Published", source.published), ("Kind", source.kind),
            ("Reports via", ", ".join(source.via) if source.via else "none stated"),
            ("Seed file", f"seeds/{source.seed}")]
    out.append("| About the article | As the text gives it |\n|---|---|\n")
    for label, value in rows:
        out.append(f"| {label} | {escape.md(value)} |\n")
    if source.url:
        out.append(f"| Link | [{escape.md(source.url)}]({escape.url(source.url)}) |\n")
    out.append("\n")
    if source.note:
        out.append(f"**Note:** {escape.md(source.note)}\n\n")
    cited = facts.cited_by.get(source.id, ())
    out.append(f"## Excerpts cited ({len(cited)}) {{ #excerpts_cited }}\n\n"
               "The words of this article that the site cites, each with the record that cites it. "
               "The article itself is not republished.\n\n")
    for record, n, cite in cited:
        link = locator.link(path, record.id)
        out.append(f'<div class="excerpt" id="{cite_anchor(record.id, n)}" markdown>\n\n'
                   f"> “{escape.md(cite.excerpt)}”\n\n"
                   f"Cited by the {record.singular} [{escape.md(title_of(record))}]({link})\n\n</div>\n\n")
    if not cited:
        out.append("No record cites this article yet.\n\n")
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)


def sources_index(facts: FactBase, locator: Locator) -> Page:
    path = "sources/index.md"
    out = [header(("data/sources.yaml",)), "# Sources\n\n",
           "The articles the fact base is built from. Each has a page with every excerpt the site cites from it "
           "and links back to the records that cite it. The articles themselves are not republished.\n\n",
           "| Source | Kind | Published | Reports via | Excerpts cited |\n|---|---|---|---|---|\n"]
    for source in facts.sources:
        assert isinstance(source, Source)
        link = locator.link(path, source.id).split("#")[0]
        via = ", ".join(source.via) if source.via else "none stated"
        out.append(f"| [{escape.md(source_name(source))}]({link}) | {escape.md(source.kind)} | "
                   f"{escape.md(source.published)} | {escape.md(via)} | {len(facts.cited_by.get(source.id, ()))} |\n")
    return Page(path, "".join(out), ("data/sources.yaml",))
