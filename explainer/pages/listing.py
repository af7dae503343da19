"""Listing pages: every record of a table as its own heading section, paginated.

One section per record means one search result per record, leading to the record's anchor, and
one permalink (the ¶ of its heading). A section shows the record's fields, its citation markers,
its status (with links to what replaced or disputes it) and its as-of date.

`listing_pages` does the paging; the pages that need more (a diagram, a table, a matrix) pass a
`before` function that renders it for the records of each page, and a `group` function when the
records are grouped under headings of their own (quotes by speaker, positions by question).
"""

from __future__ import annotations

from typing import Callable

from .. import escape
from . import reuse
from ..model import (
    Actor,
    Change,
    Disagreement,
    Event,
    FactBase,
    Figure,
    Position,
    Quote,
    Record,
    Source,
    StoryParagraph,
    TroopOffer,
    Zone,
)
from ..reporting import lines_of
from .common import (
    TABLE_PAGES,
    Ctx,
    Locator,
    Page,
    chunk_path,
    header,
    heading,
    human_date,
    pager,
    section_heading,
    shorten,
    source_name,
    title_of,
)
from .units import with_unit

STANCES = {
    "offered": "Offered",
    "requested": "Requested by the US",
    "ruled_out": "Ruled out",
    "willing": "Willing",
    "likely": "Likely",
    "candidate": "Candidate",
    "accepted_by_israel": "Accepted by Israel",
    "opposed_by_israel": "Opposed by Israel",
    "doubted_by_israel": "Doubted by Israel",
    "wanted_by_us": "Wanted by the US",
    "was_offered": "Was offered a role (the article does not say by whom)",
}

SCHEMATIC = {
    "east": "the eastern part",
    "west": "the western part",
    "line": "the line between them",
    "perimeter": "the band along the border",
    "none": "not drawn",
}


def field(label: str, value: str) -> str:
    """One labelled field, as a list item; `value` is Markdown we made (already escaped)."""
    return f"- **{label}:** {value}\n"


def text(value: str) -> str:
    return escape.md(value)


def sources_of(record: Record, ctx: Ctx) -> str:
    """The articles a record cites, by name, each linked to its page."""
    seen: list[str] = []
    for cite in getattr(record, "cite", ()):
        if cite.source not in seen:
            seen.append(cite.source)
    names = []
    for sid in seen:
        source = ctx.facts.by_id[sid]
        assert isinstance(source, Source)
        names.append(f"[{escape.md(source_name(source))}]({ctx.locator.page_link(ctx.page, ctx.locator.pages[sid])})")
    return ", ".join(names)


def title(record: Record, facts: FactBase) -> str:
    """The heading of a record's section (plain text; the caller escapes it)."""
    if isinstance(record, TroopOffer):
        return f"{_actor_name(facts, record.country)}: {STANCES.get(record.stance, record.stance)}"
    if isinstance(record, Position):
        return f"{_actor_name(facts, record.actor)}: {title_of(record)}"
    if isinstance(record, Quote):
        return f"“{shorten(record.text.rstrip(' ,'), 80)}”"
    if isinstance(record, Event):
        return f"{record.date_text}: {title_of(record)}"
    if isinstance(record, Change):
        return f"{record.date}: {title_of(record)}"
    return title_of(record)


def _actor_name(facts: FactBase, ref: str | None) -> str:
    actor = facts.by_id.get(ref) if ref else None
    return actor.name if isinstance(actor, Actor) else "unknown"


def body(record: Record, ctx: Ctx) -> str:
    """The fields of one record, with its citation markers after its main statement."""
    marks = ctx.notes.marks(record) if not isinstance(record, Disagreement) else ""
    # After the article names, how many articles and lines of reporting they are (one name is one article).
    reporting = lines_of(ctx.facts.sources).of_record(record)
    count = f" · {text(reporting.text())}" if reporting is not None and reporting.articles > 1 else ""
    out: list[str] = []
    if isinstance(record, Zone):
        out += [
            f"{text(record.summary)}{marks}\n\n",
            field("Controlled by", ctx.prose(record.controlled_by)),
            field("Share of the land", ctx.prose(record.territory_share)),
            field("Population", ctx.prose(record.population)),
            field("Planned there", ctx.prose(record.planned)),
        ]
        if record.actors:
            out.append(field("Actors", ", ".join(ctx.actor(a) for a in record.actors)))
        out.append(field("On the diagram", SCHEMATIC.get(record.schematic, record.schematic)))
    elif isinstance(record, TroopOffer):
        out += [
            f"{text(record.summary)}{marks}\n\n",
            field("Country", ctx.actor(record.country)),
            field("Stance", STANCES.get(record.stance, text(record.stance))),
            field("Troops", text(record.troops)),
            field("Roles", ", ".join(text(r) for r in record.roles) if record.roles else "none stated"),
        ]
    elif isinstance(record, Position):
        question = ctx.facts.by_id[record.question]
        out += [
            f"{text(record.stance)}{marks}\n\n",
            field("Actor", ctx.actor(record.actor)),
            field("Question", ctx.link(question.id)),
        ]
    elif isinstance(record, Quote):
        who = text(record.speaker) + (" (anonymous: the article does not name the speaker)" if record.anonymous else "")
        out += [f"> “{text(record.text)}”{marks}\n\n", field("Speaker", who), field("Role", text(record.role))]
        if record.actor:
            out.append(field("Speaks for", ctx.actor(record.actor)))
        out += [field("Context", text(record.context)), field("Article", sources_of(record, ctx) + count)]
    elif isinstance(record, Figure):
        value, unit = with_unit(record.value, record.unit)
        out += [f"**{text(value)}**{' ' + text(unit) if unit else ''}{marks}\n\n", field("Counts", text(record.label))]
    elif isinstance(record, Event):
        out += [
            f"{text(record.summary)}{marks}\n\n",
            field("When, as the article wrote it", f"“{text(record.date_text)}”"),
            *([field("Date", text(human_date(record.date)))] if record.date != "unknown" else []),
        ]
        published = sorted(
            {
                s.published
                for c in record.cite
                for s in [ctx.facts.by_id[c.source]]
                if isinstance(s, Source) and s.published != "unknown"
            }
        )
        if published:  # where no article gives a date, the sources list says so, once per article
            out.append(field("Article published", ", ".join(text(human_date(p)) for p in published)))
    elif isinstance(record, Actor):
        out += [f"{text(record.description)}{marks}\n\n", field("Kind", text(record.kind))]
        if record.country:
            out.append(field("Country", ctx.actor(record.country)))
    elif isinstance(record, Disagreement):
        out += [f"{text(record.summary)}\n\n", sides(record, ctx)]
        if record.question and record.question in ctx.locator.pages:
            out.append(field("Question", ctx.link(record.question)))
        if record.records:
            out.append(field("Records in dispute", ", ".join(named_link(r, ctx) for r in record.records)))
    elif isinstance(record, Change):
        if shorten(record.summary) != record.summary:  # the heading shows it whole otherwise
            out.append(f"{text(record.summary)}\n\n")
        if record.records:
            out.append(field("Records", ", ".join(ctx.link(r) for r in record.records)))
    elif isinstance(record, StoryParagraph):
        out.append(f"{text(record.text)}{marks}\n\n")
    if getattr(record, "cite", ()) and not isinstance(record, Quote):
        out.append(field("Source", sources_of(record, ctx) + count))
    for mark in getattr(record, "compatible", ()):
        out.append(field("Compatible with", f"{named_link(mark.with_, ctx)}: {text(mark.reason)}"))
    if record.note:
        out.append(field("Note", ctx.prose(record.note)))
    out.append(standing(record, ctx))
    return "".join(out) + "\n"


def named_link(record_id: str, ctx: Ctx) -> str:
    """A link to a record under its section's heading, with what kind of record it is."""
    record = ctx.facts.by_id[record_id]
    return f"{record.singular} {ctx.link(record_id, shorten(title(record, ctx.facts), 70))}"


def standing(record: Record, ctx: Ctx) -> str:
    """The status, only when it is not "current", and the as-of date, only when it is known: a
    line that says nothing new ("current", "unknown") is left out."""
    if not hasattr(record, "status"):
        return ""
    parts = []
    if getattr(record, "status") != "current":
        parts.append(f"**Status:** {ctx.status(record)}")
    if getattr(record, "as_of", "unknown") != "unknown":
        parts.append(f"**As of:** {text(human_date(getattr(record, 'as_of')))}")
    return f"- {' · '.join(parts)}\n" if parts else ""


def sides(record: Disagreement, ctx: Ctx) -> str:
    """The accounts side by side (a grid that stacks on narrow screens), each with its citations."""
    out = ['<div class="sides" markdown>\n\n']
    n = 0
    for i, side in enumerate(record.sides):
        marks = ""
        for cite in side.cite:
            marks += ctx.notes.mark(record.id, n, cite)
            n += 1
        names = sorted(
            {source_name(s) for c in side.cite for s in [ctx.facts.by_id[c.source]] if isinstance(s, Source)}
        )
        held = f"\n\nRecords: {', '.join(named_link(r, ctx) for r in side.records)}" if side.records else ""
        out.append(
            f'<div class="side" markdown>\n\n**Account {i + 1}** ({text("; ".join(names))})\n\n'
            f"{text(side.claim)}{marks}{held}\n\n</div>\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def record_section(record: Record, ctx: Ctx, level: int = 2) -> str:
    return heading(level, title(record, ctx.facts), record.id) + "\n" + body(record, ctx)


Group = Callable[[Record], tuple[str, str] | None]  # record -> (anchor, Markdown title) of its group
Before = Callable[[tuple[Record, ...], Ctx], str]


def listing_pages(
    table: str,
    facts: FactBase,
    locator: Locator,
    intro: str = "",
    before: Before | None = None,
    group: Group | None = None,
    after: Before | None = None,
    inputs: tuple[str, ...] = (),
) -> list[Page]:
    stem, page_title = TABLE_PAGES[table]
    facts.table(table)  # read through facts, so the live preview (explainer/incremental.py) sees the dependency
    parts = locator.parts.get(table) or ((),)
    inputs = inputs or (f"data/{table}.yaml", "data/sources.yaml")
    pages = []
    for n, chunk in enumerate(parts):
        path = chunk_path(stem, n)
        if (kept := reuse.page(path, (chunk, len(parts)))) is not None:  # the live preview's last run
            pages.append(kept)
            continue
        ctx = Ctx.make(facts, locator, path)
        suffix = f" (part {n + 1} of {len(parts)})" if len(parts) > 1 else ""
        out = [header(inputs), f"# {page_title}{suffix}\n\n"]
        if intro:
            out.append(intro + "\n\n")
        out.append(pager(stem, n, len(parts)))
        if not chunk:
            out.append("No records yet.\n\n")
        if before and chunk:
            out.append(before(chunk, ctx))
        current = None
        for record in chunk:
            level = 2
            if group:
                g = group(record)
                if g and g[0] != current:
                    current = g[0]
                    out.append(section_heading(2, g[1], g[0]) + "\n")
                level = 3 if g else 2
            out.append(record_section(record, ctx, level))
        out.append(pager(stem, n, len(parts)))
        if after and chunk:
            out.append(after(chunk, ctx))
        out.append(ctx.notes.render())
        pages.append(reuse.keep(Page(path, "".join(out).rstrip("\n") + "\n", inputs)))
    return pages
