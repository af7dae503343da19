"""The overview: the story in two minutes, the key figures as cards, links into every section.

Each story paragraph is a claim: it has its anchor (`#<id>`) with a visible permalink, its
citation markers, and its status and as-of date. The page also carries the site's schema.org
Dataset description (JSON-LD).
"""
from __future__ import annotations

from .. import escape
from ..model import FactBase, Figure, StoryParagraph
from .common import TABLE_PAGES, Ctx, Locator, Page, header, section_heading
from .jsonld import dataset

NAME = "Gaza's stabilization force and zone plan: a sourced explainer"
DESCRIPTION = ("The planned International Stabilization Force (ISF) for Gaza and the US green zone / red zone plan: "
               "a fact base in which every claim links to the exact words of its source.")

SECTIONS = (
    ("zones", "what each zone is, who controls it and what is planned there, with a schematic diagram"),
    ("troop_offers", "which countries offered, were asked for or ruled out troops, with the numbers"),
    ("positions", "where each actor stands on the open questions"),
    ("quotes", "what was said, by whom, in which article"),
    ("events", "what happened, in order, with dates as the articles wrote them"),
    ("disagreements", "where the sources give different accounts, side by side"),
    ("figures", "every number in the fact base"),
    ("actors", "the countries, groups and people in the story"),
)


def paragraphs(facts: FactBase) -> list[list[StoryParagraph]]:
    """Consecutive story sentences with the same paragraph number, in file order."""
    groups: list[list[StoryParagraph]] = []
    for sentence in facts.table("story"):
        assert isinstance(sentence, StoryParagraph)
        if groups and sentence.paragraph is not None and groups[-1][-1].paragraph == sentence.paragraph:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups


def story(facts: FactBase, ctx: Ctx) -> str:
    """Each sentence carries its own anchor and citation markers; the paragraph its date and ¶."""
    out = []
    for group in paragraphs(facts):
        dates = {s.as_of for s in group}
        sentences = []
        for s in group:
            meta = [] if s.status == "current" else [ctx.status(s)]
            if len(dates) > 1:
                meta.append(f"as of {escape.md(s.as_of)}")
            note = f' <small class="claim-meta">({"; ".join(meta)})</small>' if meta else ""
            sentences.append(f'<span id="{s.id}"></span>{escape.md(s.text)}{ctx.notes.marks(s)}{note}')
        when = f"as of {escape.md(group[0].as_of)}" if len(dates) == 1 else "dates as marked"
        out.append(" ".join(sentences) + f' <small class="claim-meta">({when}) '
                   f'[¶](#{group[0].id} "Permanent link to this paragraph")</small>\n\n')
    return "".join(out)


def cards(facts: FactBase, ctx: Ctx) -> str:
    featured = [f for f in facts.table("figures") if isinstance(f, Figure) and f.featured]
    if not featured:
        return ""
    out = [section_heading(2, "Key figures", "overview_figures", exclude_from_search=True), "\n",
           '<div class="grid cards" markdown>\n\n']
    for fig in featured:
        state = "" if fig.status == "current" else f" — {ctx.status(fig)}"
        out.append(f"- **{escape.md(fig.value)}** {escape.md(fig.unit)}{ctx.notes.marks(fig)}\n\n"
                   f"    {escape.md(fig.label)}\n\n"
                   f"    <small>As of {escape.md(fig.as_of)}{state} · {ctx.link(fig.id, 'details')}</small>\n\n")
    out.append("</div>\n\n")
    return "".join(out)


def sections(ctx: Ctx) -> str:
    out = [section_heading(2, "Sections", "overview_sections", exclude_from_search=True), "\n"]
    for table, what in SECTIONS:
        stem, title = TABLE_PAGES[table]
        n = len(ctx.facts.table(table))
        out.append(f"- [{title}]({stem}.md): {what} ({n} record{'s' if n != 1 else ''})\n")
    n = len(ctx.facts.sources)
    out.append(f"- [Sources](sources/index.md): the {n} article{'s' if n != 1 else ''} everything here comes from\n")
    out.append("- [Method](method.md), [Changes](changes.md) and [Data](data.md): how facts are checked, "
               "what was corrected, and every table to download\n\n")
    return "".join(out)


def overview_page(facts: FactBase, locator: Locator) -> Page:
    path = "index.md"
    inputs = ("data/story.yaml", "data/figures.yaml", "data/sources.yaml")
    ctx = Ctx.make(facts, locator, path)
    out = [header(inputs), "# Overview\n\n",
           "Every sentence below links to the words of the article it comes from: hover over or tap a "
           "numbered marker to read them.\n\n",
           story(facts, ctx), cards(facts, ctx), sections(ctx), dataset(facts, NAME, DESCRIPTION), ctx.notes.render()]
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)
