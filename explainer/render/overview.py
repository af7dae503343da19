"""The home page: what this is about first, then what is disputed, then the cited story.

Top to bottom: a lead of two or three sentences (story records with `role: lead`), a box of key
facts (`role: fact`, each under its `fact` label), a panel that links every disagreement (derived
from data/disagreements.yaml, never listed by hand), then the story, the key figures as cards
and links into every section. Every sentence is a claim with its anchor (`#<id>`) and citation
markers; a date is shown only where it is known. The page also carries the site's schema.org
Dataset description (JSON-LD).
"""

from __future__ import annotations

from ..model.facts import Disagreement, FactBase, Figure, StoryParagraph
from ..model.registry import Table
from . import escape
from .common import Ctx, Locator, Page, chunk_path, header, human_date, noun, section_heading, title_of
from .jsonld import dataset
from .units import with_unit


def sentences(facts: FactBase, role: str) -> list[StoryParagraph]:
    return [s for s in facts.table("story") if isinstance(s, StoryParagraph) and s.role == role]


def meta(s: StoryParagraph, ctx: Ctx, dated: bool = True) -> str:
    """A sentence's status (only when not current) and date (only when known), small, after it."""
    parts = [] if s.status == "current" else [ctx.status(s)]
    if dated and s.as_of != "unknown":
        parts.append(f"as of {escape.md(human_date(s.as_of))}")
    return f' <small class="claim-meta">({"; ".join(parts)})</small>' if parts else ""


def sentence(s: StoryParagraph, ctx: Ctx, dated: bool = True) -> str:
    return f'<span id="{escape.attr(s.id)}"></span>{escape.md(s.text)}{ctx.notes.marks(s)}{meta(s, ctx, dated)}'


def dateline(facts: FactBase) -> str:
    """How current the explainer is, on its first screen: the newest date a source gives, how many
    give none (said here once), and the date of the last change the editors recorded."""
    dated = sorted(s.published for s in facts.sources if s.published != "unknown")
    undated = len(facts.sources) - len(dated)
    n = len(facts.sources)
    parts = []
    if dated:
        parts.append(f"Sources up to {human_date(dated[-1])}")
        if undated:
            parts[-1] += f" ({undated} of {n} give no date)"
    elif n:
        parts.append(f"None of the {n} sources gives a date")
    changes = sorted(getattr(c, "date") for c in facts.table("changes"))
    if changes:
        parts.append(f"last updated {human_date(changes[-1])}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f'<p class="dateline" markdown>{escape.md(text[:1].upper() + text[1:])}.</p>\n\n'


def lead(facts: FactBase, ctx: Ctx) -> str:
    """The opening sentences, then one line that says how much is disputed and links to it."""
    out = []
    first = sentences(facts, "lead")
    if first:
        out.append('<div class="lead" markdown>\n\n' + " ".join(sentence(s, ctx) for s in first) + "\n\n</div>\n\n")
    n = sum(1 for d in facts.table("disagreements") if isinstance(d, Disagreement) and d.conflict)
    if n:
        points = f"{n} point{'s' if n != 1 else ''}"
        side_by_side = ctx.locator.page_link(ctx.page, chunk_path(facts.declared("disagreements").page or "", 0))
        out.append(
            f'<div class="disputed-line" markdown>\n\n**The sources disagree on {points}:** '
            f"[what they disagree on](#overview_disagreements) · "
            f"[every account side by side]({side_by_side})\n\n</div>\n\n"
        )
    out.append(
        f"<small>Every sentence links to the words of the {noun(facts).singular} it comes from: "
        "tap, hover over or focus a numbered marker to read them.</small>\n\n"
    )
    return "".join(out)


def key_facts(facts: FactBase, ctx: Ctx) -> str:
    rows = sentences(facts, "fact")
    if not rows:
        return ""
    out = ['<div class="key-facts" markdown>\n\n', section_heading(2, "Key facts", "overview_facts"), "\n"]
    for s in rows:
        label = escape.md(s.fact or "")
        if s.question and s.question in ctx.locator.pages:  # the key fact's question has a page: its label leads there
            label = f"[{label}]({ctx.locator.page_link(ctx.page, ctx.locator.pages[s.question])})"
        out.append(f"- **{label}:** {sentence(s, ctx)}\n")
    out.append("\n</div>\n\n")
    return "".join(out)


# What the home page calls the disagreements that are not conflicts between the sources, by kind.
OTHER_KINDS = (
    ("actors", "Where the actors disagree (the sources agree on what each says)"),
    ("compared", "Accounts that differ but fit together, compared"),
)


def hub_link(d: Disagreement, ctx: Ctx) -> str:
    """A disagreement, linked where its question's page shows it beside every stance on the
    question (explainer/render/hubs.py); without such a page, on the disagreements page."""
    if d.question and d.question in ctx.locator.pages and ctx.facts.declared("questions").each_page:
        href = ctx.locator.page_link(ctx.page, ctx.locator.pages[d.question]) + f"#hub_{d.id}"
        return f"[{escape.md(d.topic)}]({href})"
    return ctx.link(d.id, d.topic)


def disputes(facts: FactBase, ctx: Ctx) -> str:
    """Every disagreement, linked: the real conflicts under their heading, then the actors who
    disagree and the accounts compared, each as a line of links (the panel follows the data)."""
    found = [d for d in facts.table("disagreements") if isinstance(d, Disagreement)]
    if not found:
        return ""
    out = [
        '<div class="disputes" markdown>\n\n',
        section_heading(2, "What the sources disagree on", "overview_disagreements"),
        "\n",
    ]
    conflicts = [d for d in found if d.conflict]
    for d in conflicts:
        flag = "" if d.status == "current" else f" ({escape.md(d.status)})"
        out.append(f"- {hub_link(d, ctx)}{flag}\n")
    if not conflicts:
        out.append("The sources do not contradict each other on any point recorded here.\n")
    for kind, title in OTHER_KINDS:
        these = [d for d in found if d.kind == kind]
        if these:
            links = " · ".join(hub_link(d, ctx) for d in these)
            out.append(f"\n**{title}:** {links}\n")
    out.append("\n</div>\n\n")
    return "".join(out)


def questions(facts: FactBase, ctx: Ctx) -> str:
    """The open questions, one line of links near the top: each question's page answers it, with
    the disagreements and every stance on it (on a phone, the Sections list is screens below)."""
    if facts.subject is None or not facts.subject.has("questions"):
        return ""
    found = [q for q in facts.table("questions") if q.id in ctx.locator.pages]
    if not found:
        return ""
    links = " · ".join(ctx.link(q.id, title_of(q)) for q in found)
    return f"**Read by question:** {links}\n\n"


def paragraphs(facts: FactBase) -> list[list[StoryParagraph]]:
    """Consecutive story sentences with the same paragraph number, in file order."""
    groups: list[list[StoryParagraph]] = []
    for sentence in sentences(facts, "story"):
        if groups and sentence.paragraph is not None and groups[-1][-1].paragraph == sentence.paragraph:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups


def story(facts: FactBase, ctx: Ctx) -> str:
    """Each sentence carries its own anchor and citation markers; the paragraph its date and ¶."""
    groups = paragraphs(facts)
    if not groups:
        return ""
    out = [section_heading(2, "The story so far", "overview_story"), "\n"]
    for group in groups:
        dates = {s.as_of for s in group}
        one_date = len(dates) == 1
        text = " ".join(sentence(s, ctx, dated=not one_date) for s in group)
        when = f"as of {escape.md(human_date(group[0].as_of))} " if one_date and group[0].as_of != "unknown" else ""
        out.append(
            text + f' <small class="claim-meta">{when}'
            f'[¶](#{group[0].id} "Permanent link to this paragraph")</small>\n\n'
        )
    return "".join(out)


def cards(facts: FactBase, ctx: Ctx) -> str:
    featured = [f for f in facts.table("figures") if isinstance(f, Figure) and f.featured]
    if not featured:
        return ""
    out = [
        section_heading(2, "Key figures", "overview_figures", exclude_from_search=True),
        "\n",
        '<div class="grid cards" markdown>\n\n',
    ]
    for fig in featured:
        value, unit = with_unit(fig.value, fig.unit)
        small = [] if fig.as_of == "unknown" else [f"As of {escape.md(human_date(fig.as_of))}"]
        if fig.status != "current":
            small.append(ctx.status(fig))
        small.append(ctx.link(fig.id, "details"))
        out.append(
            f"- **{escape.md(value)}** {escape.md(unit)}{ctx.notes.marks(fig)}\n\n"
            f"    {escape.md(fig.label)}\n\n"
            f"    <small>{' · '.join(small)}</small>\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def sections(ctx: Ctx) -> str:
    out = [section_heading(2, "Sections", "overview_sections", exclude_from_search=True), "\n"]
    subject = ctx.facts.subject
    assert subject is not None
    for name in subject.sections or tuple(t.name for t in subject.tables if t.section):
        table = subject.table(name)
        stem, title, what = table.page, table.title, table.section
        n = len(ctx.facts.table(name))
        target = f"{stem}/index.md" if table.each_page else f"{stem}.md"
        out.append(f"- [{escape.md(title)}]({target}): {what} ({n} record{'s' if n != 1 else ''})\n")
    sources = noun(ctx.facts).count(len(ctx.facts.sources))
    out.append(f"- [Sources](sources/index.md): the {sources} everything here comes from\n")
    out.append(
        "- [Method](method.md), [Changes](changes.md) and [Data](data.md): how facts are checked, "
        "what was corrected, and every table to download\n\n"
    )
    return "".join(out)


def overview_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    """The page maker of the story table: the home page."""
    return [overview_page(facts, locator)]


def overview_page(facts: FactBase, locator: Locator) -> Page:
    path = "index.md"
    subject = facts.subject
    assert subject is not None
    ctx = Ctx.make(facts, locator, path)
    cards_from = ("data/figures.yaml",) if subject.has("figures") else ()
    asked = ("data/questions.yaml",) if subject.has("questions") else ()
    inputs = (
        "data/story.yaml",
        *cards_from,
        *asked,
        "data/disagreements.yaml",
        "data/sources.yaml",
        "data/changes.yaml",
        "mkdocs.yml",
    )
    out = [
        header(inputs),
        f"# {escape.md(subject.title)}\n\n",
        dateline(facts),
        lead(facts, ctx),
        key_facts(facts, ctx),
        disputes(facts, ctx),
        questions(facts, ctx),
        story(facts, ctx),
        cards(facts, ctx),
        sections(ctx),
        dataset(facts, subject.name, subject.description),
        ctx.notes.render(),
    ]
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)
