"""The quotes page: quotes grouped by speaker, each with its article and context.

A speaker the article does not name is flagged as anonymous, in the heading of the group and in
the quote's section. Each page ends with its quotes as schema.org Quotations (JSON-LD).
"""

from __future__ import annotations

from .. import escape
from ..model import FactBase, Quote, Record
from .common import Ctx, Locator, Page, group_anchor
from .jsonld import quotations
from .listing import listing_pages

INTRO = (
    "What the people in the story said, grouped by speaker, in the articles' own words. Speakers the "
    "articles do not name are marked *anonymous*."
)


def group(record: Record) -> tuple[str, str] | None:
    assert isinstance(record, Quote)
    flag = " (anonymous)" if record.anonymous else ""
    return group_anchor("speaker", record.speaker), f"{escape.md(record.speaker)}{flag}"


def after(records: tuple[Record, ...], ctx: Ctx) -> str:
    return "\n" + quotations([r for r in records if isinstance(r, Quote)], ctx.facts) + "\n"


def quote_pages(facts: FactBase, locator: Locator) -> list[Page]:
    return listing_pages(
        "quotes",
        facts,
        locator,
        intro=INTRO,
        group=group,
        after=after,
        inputs=("data/quotes.yaml", "data/actors.yaml", "data/sources.yaml"),
    )
