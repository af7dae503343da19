"""The quotes page: quotes grouped by speaker, each with its article and context.

A speaker the article does not name is flagged as anonymous, in the heading of the group and in
the quote's section. Each page ends with its quotes as schema.org Quotations (JSON-LD).
"""

from __future__ import annotations

from .. import escape
from ..model import FactBase, Quote, Record
from ..registry import Table
from .common import Ctx, Locator, Page, group_anchor, noun, shorten
from .jsonld import quotations
from .listing import field, listing_pages, reported, text

INTRO = (
    "What the people in the story said, grouped by speaker, in the articles' own words. Speakers the "
    "articles do not name are marked *anonymous*."
)


def quote_heading(record: Record, facts: FactBase) -> str:
    assert isinstance(record, Quote)
    return f"“{shorten(record.text.rstrip(' ,'), 80)}”"


def quote_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    """The quote, who said it and where: the line naming its source is part of it (the table
    declares no separate Source line)."""
    assert isinstance(record, Quote)
    said_in = noun(ctx.facts).singular
    who = text(record.speaker) + (f" (anonymous: the {said_in} does not name the speaker)" if record.anonymous else "")
    out = [f"> “{text(record.text)}”{marks}\n\n", field("Speaker", who), field("Role", text(record.role))]
    if record.actor:
        out.append(field("Speaks for", ctx.actor(record.actor)))
    return [*out, field("Context", text(record.context)), field(said_in.capitalize(), reported(record, ctx))]


def group(record: Record) -> tuple[str, str] | None:
    assert isinstance(record, Quote)
    flag = " (anonymous)" if record.anonymous else ""
    return group_anchor("speaker", record.speaker), f"{escape.md(record.speaker)}{flag}"


def after(records: tuple[Record, ...], ctx: Ctx) -> str:
    return "\n" + quotations([r for r in records if isinstance(r, Quote)], ctx.facts) + "\n"


def quote_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    return listing_pages(table, facts, locator, group=group, after=after)
