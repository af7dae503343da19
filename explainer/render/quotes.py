"""The quotes page: quotes grouped by speaker, each with its article and context.

A speaker the article does not name is flagged as anonymous, in the heading of the group and in
the quote's section. Each page ends with its quotes as schema.org Quotations (JSON-LD).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.facts import Actor, FactBase, Quote, Record
from ..model.registry import Table
from . import escape
from .common import Ctx, Locator, Page, group_anchor, noun, shorten
from .jsonld import quotations
from .listing import field, listing_pages, reported, text


def quote_heading(record: Record, facts: FactBase) -> str:
    """What the quote is about (its context), never its own first words: the quote follows whole."""
    assert isinstance(record, Quote)
    return shorten(record.context.rstrip("."), 80)


def quote_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    """The quote, who said it and where: the line naming its source is part of it (the table
    declares no separate Source line)."""
    assert isinstance(record, Quote)
    said_in = noun(ctx.facts).singular
    who = text(record.speaker) + (f" (anonymous: the {said_in} does not name the speaker)" if record.anonymous else "")
    out = [f"> “{text(record.text)}”{marks}\n\n", field("Speaker", who), field("Role", text(record.role))]
    if record.actor:
        out.append(field("Speaks for", ctx.actor(record.actor)))
    # The heading is the context; the field repeats it only where the heading had to cut it short.
    if quote_heading(record, ctx.facts) != record.context.rstrip("."):
        out.append(field("Context", text(record.context)))
    return [*out, field(said_in.capitalize(), reported(record, ctx))]


UNNAMED = "Speaker not named"


def speaker_of(record: Record, facts: FactBase) -> str:
    """Whom a quote is grouped under: the actor it speaks for (one heading however each article
    words the speaker), else the speaker as written, else that no speaker is named. Each quote
    still shows its speaker as the article words it."""
    assert isinstance(record, Quote)
    actor = facts.by_id.get(record.actor) if record.actor else None
    if isinstance(actor, Actor):
        return actor.name
    return UNNAMED if record.speaker.startswith(NOT_STATED) else record.speaker


NOT_STATED = "Not stated"


def grouping(facts: FactBase) -> Callable[[Record], tuple[str, str] | None]:
    def group(record: Record) -> tuple[str, str] | None:
        name = speaker_of(record, facts)
        return group_anchor("speaker", name), escape.md(name)

    return group


def after(records: tuple[Record, ...], ctx: Ctx) -> str:
    return "\n" + quotations([r for r in records if isinstance(r, Quote)], ctx.facts) + "\n"


def quote_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    return listing_pages(table, facts, locator, group=grouping(facts), after=after)
