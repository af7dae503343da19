"""Step 4: the validated fact base becomes Markdown pages (pure functions, text in, text out).

One module per page type; `listing.py` pages any table as one heading section per record, and
the modules for zones, troop offers, positions and quotes add their diagram, table, matrix or
grouping to it. `common.py` says where every record's anchor lives (`Locator`).
"""
from __future__ import annotations

from ..model import FactBase, Source
from .common import Locator, Page
from .listing import listing_pages
from .overview import overview_page
from .positions import position_pages
from .quotes import quote_pages
from .sources import source_page, sources_index
from .troops import troop_pages
from .zones import zone_pages

INTROS = {
    "events": ("What happened, in the order the articles give. Dates are shown as the articles wrote them "
               "(“last month”, “on Tuesday”), with the article's publication date, because a relative date "
               "means nothing without it; the calendar date is given only where an article states it."),
    "disagreements": ("Where the articles give different accounts of the same thing. Each account is shown "
                      "side by side with its own citations; the site does not decide between them."),
    "figures": "Every number in the fact base, as the articles write it.",
    "actors": "The countries, governments, groups and people in the story, as the articles describe them.",
    "changes": ("Corrections and updates to the fact base, newest first. To report an error, see the "
                "[Method](method.md#corrections) page."),
}


def render_all(facts: FactBase) -> list[Page]:
    """Every generated page, in a fixed order."""
    locator = Locator.build(facts)
    pages = [overview_page(facts, locator)]
    pages += zone_pages(facts, locator)
    pages += troop_pages(facts, locator)
    pages += position_pages(facts, locator)
    pages += quote_pages(facts, locator)
    for table in ("events", "disagreements", "figures", "actors", "changes"):
        pages += listing_pages(table, facts, locator, intro=INTROS[table])
    pages += sources_index(facts, locator)
    for source in facts.sources:
        assert isinstance(source, Source)
        pages.append(source_page(source, facts, locator))
    return pages


__all__ = ["Page", "render_all"]
