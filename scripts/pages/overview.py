"""The overview: the story in a few cited paragraphs, the key figures, links into every section."""
from __future__ import annotations

from .. import escape
from ..model import FactBase, Figure
from .common import TABLE_PAGES, Footnotes, Locator, Page, header


def overview_page(facts: FactBase, locator: Locator) -> Page:
    path = "index.md"
    inputs = ("data/story.yaml", "data/figures.yaml", "data/sources.yaml")
    notes = Footnotes(facts, locator, path)
    out = [header(inputs), "# Overview\n\n"]
    for para in facts.table("story"):
        out.append(f'<span id="{para.id}"></span>\n{escape.md(para.text)}{notes.marks(para)}\n\n')
    featured = [f for f in facts.table("figures") if isinstance(f, Figure) and f.featured]
    if featured:
        out.append("## Key figures\n\n")
        for fig in featured:
            out.append(f"- **{escape.md(fig.value)}** {escape.md(fig.unit)}: {escape.md(fig.label)}"
                       f"{notes.marks(fig)} ([details]({locator.link(path, fig.id)}))\n")
        out.append("\n")
    out.append("## Sections\n\n")
    for table in ("zones", "troop_offers", "positions", "quotes", "events", "disagreements", "figures", "actors"):
        stem, title = TABLE_PAGES[table]
        out.append(f"- [{title}]({stem}.md)\n")
    out.append("- [Sources](sources/index.md)\n")
    out.append(notes.render())
    return Page(path, "".join(out), inputs)
