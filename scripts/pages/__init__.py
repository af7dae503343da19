"""Step 4: the validated fact base becomes Markdown pages (pure functions, text in, text out)."""
from __future__ import annotations

from ..model import FactBase, Source
from .common import Locator, Page
from .listing import listing_pages
from .overview import overview_page
from .sources import source_page, sources_index

LISTED = ("zones", "troop_offers", "positions", "quotes", "figures", "events", "disagreements", "actors", "changes")


def render_all(facts: FactBase) -> list[Page]:
    """Every generated page, in a fixed order."""
    locator = Locator.build(facts)
    pages = [overview_page(facts, locator)]
    for table in LISTED:
        pages.extend(listing_pages(table, facts, locator))
    pages.append(sources_index(facts, locator))
    for source in facts.sources:
        assert isinstance(source, Source)
        pages.append(source_page(source, facts, locator))
    return pages


__all__ = ["Page", "render_all"]
