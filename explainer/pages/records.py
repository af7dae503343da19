"""The headings and fields of the engine's generic kinds of record (actors, figures, events,
changes, story sentences); positions, quotes and disagreements have theirs with their pages.

Each `*_body(record, ctx, marks)` returns the record's main statement with its citation markers
and its own fields; listing.body adds what every record shows (Source, Note, status, as of).
"""

from __future__ import annotations

from ..model import Actor, Change, Event, Figure, Record, Source, StoryParagraph
from .common import Ctx, human_date, noun, shorten, title_of
from .listing import field, text
from .units import with_unit


def actor_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Actor)
    out = [f"{text(record.description)}{marks}\n\n", field("Kind", text(record.kind))]
    if record.country:
        out.append(field("Country", ctx.actor(record.country)))
    return out


def figure_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Figure)
    value, unit = with_unit(record.value, record.unit)
    return [f"**{text(value)}**{' ' + text(unit) if unit else ''}{marks}\n\n", field("Counts", text(record.label))]


def event_heading(record: Record, facts: object) -> str:
    assert isinstance(record, Event)
    return f"{record.date_text}: {title_of(record)}"


def event_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Event)
    called = noun(ctx.facts).singular
    out = [
        f"{text(record.summary)}{marks}\n\n",
        field(f"When, as the {called} wrote it", f"“{text(record.date_text)}”"),
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
    if published:  # where no source gives a date, the sources list says so, once per source
        out.append(field(f"{called.capitalize()} published", ", ".join(text(human_date(p)) for p in published)))
    return out


def change_heading(record: Record, facts: object) -> str:
    assert isinstance(record, Change)
    return f"{human_date(record.date)}: {title_of(record)}"


def change_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Change)
    out = []
    if shorten(record.summary) != record.summary:  # the heading shows it whole otherwise
        out.append(f"{text(record.summary)}\n\n")
    if record.records:
        out.append(field("Records", ", ".join(ctx.link(r) for r in record.records)))
    return out


def story_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, StoryParagraph)
    return [f"{text(record.text)}{marks}\n\n"]
