"""The headings and fields of the engine's generic kinds of record (actors, figures, events,
changes, story sentences); positions, quotes and disagreements have theirs with their pages.

Each `*_body(record, ctx, marks)` returns the record's main statement with its citation markers
and its own fields; listing.body adds what every record shows (Source, Note, status, as of).
"""

from __future__ import annotations

from ..model.facts import Actor, Change, Event, FactBase, Figure, Record, Source, StoryParagraph
from .common import Ctx, human_date, noun, outlets_of, shorten
from .listing import field, named_links, text
from .units import with_unit


def actor_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Actor)
    out = [f"{text(record.description)}{marks}\n\n", field("Kind", text(record.kind))]
    if record.country:
        out.append(field("Country", ctx.actor(record.country)))
    return out


def figure_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    """The number as written (the heading says what it counts)."""
    assert isinstance(record, Figure)
    value, unit = with_unit(record.value, record.unit)
    return [f"**{text(value)}**{' ' + text(unit) if unit else ''}{marks}\n\n"]


def event_heading(record: Record, facts: FactBase) -> str:
    """When, as the article wrote it, and who reports it: what happened follows in full."""
    assert isinstance(record, Event)
    if record.undated:
        # "Not stated" said nothing a reader could scan a timeline by: what happened says more.
        return f"Undated: {shorten(record.summary, 40)} ({outlets_of(record, facts)})"
    when = record.date_text if record.date == "unknown" else human_date(record.date)
    first, _, rest = when.partition(" ")
    if first.isupper() and first.casefold() in LEAD_INS:  # "ON Friday": an article's lead-in capitals
        when = f"{first.capitalize()} {rest}".rstrip()
    return f"{when[:1].upper()}{when[1:]} ({outlets_of(record, facts)})"


# Words a date as written may start with that an article sets in capitals as its lead-in ("ON
# Friday, the ..."): a heading shows them as words ("On Friday"); the record's field keeps them.
LEAD_INS = frozenset(
    ["on", "in", "at", "by", "since", "until", "last", "this", "next", "early", "late", "before", "after", "about"]
)


def event_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Event)
    called = noun(ctx.facts).singular
    published = sorted(
        {
            s.published
            for c in record.cite
            for s in [ctx.facts.by_id[c.source]]
            if isinstance(s, Source) and s.published != "unknown"
        }
    )
    # A relative date ("ON Friday", "this week") is counted from the date of the source that
    # writes it, shown beside it; where no source gives a date, the home page and the sources
    # list say so, once.
    counted = (
        f", counted from {', '.join(text(human_date(p)) for p in published)}, the date the {called} gives"
        if published and record.date == "unknown" and not record.undated
        else ""
    )
    return [
        f"{text(record.summary)}{marks}\n\n",
        *([] if record.undated else [field(f"When, as the {called} wrote it", f"“{text(record.date_text)}”{counted}")]),
        *([field("Date", text(human_date(record.date)))] if record.date != "unknown" else []),
    ]


def change_heading(record: Record, facts: object) -> str:
    """The change's date: what changed follows in full."""
    assert isinstance(record, Change)
    return human_date(record.date)


def change_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Change)
    out = [f"{text(record.summary)}\n\n"]
    if record.records:
        out.append(field("Records", named_links(record.records, ctx)))
    return out


def story_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, StoryParagraph)
    return [f"{text(record.text)}{marks}\n\n"]
