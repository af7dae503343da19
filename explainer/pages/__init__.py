"""Step 4: the validated fact base becomes Markdown pages (pure functions, text in, text out).

One module per page type; `listing.py` pages any table as one heading section per record, and
the modules for zones, troop offers, positions and quotes add their diagram, table, matrix or
grouping to it. `common.py` says where every record's anchor lives (`Locator`).
"""

from __future__ import annotations

import functools
from typing import Callable

from ..model import FactBase, Source
from .common import Locator, Page
from .disagreements import disagreement_pages
from .feed import feed_page
from .listing import listing_pages
from .overview import overview_page
from .positions import position_pages
from .quotes import quote_pages
from .sources import source_page, sources_index
from .troops import troop_pages
from .zones import zone_pages

INTROS = {
    "events": (
        "What happened, in the order the articles give. Dates are shown as the articles wrote them "
        "(“last month”, “on Tuesday”), with the article's publication date, because a relative date "
        "means nothing without it; the calendar date is given only where an article states it."
    ),
    "figures": (
        "Every number in the fact base, as the articles write it, and the few other measures they give "
        "(such as how documents were classified)."
    ),
    "actors": "The countries, governments, groups and people in the story, as the articles describe them.",
    "changes": (
        "Corrections and updates to the fact base, newest first. To report an error, see the "
        "[Method](method.md#corrections) page. To follow them in a feed reader, subscribe to the "
        "[Atom feed](changes.xml)."
    ),
}


# A page group's rough cost, in records rendered, for splitting the groups between two processes
# (explainer/parallel.py); measured at 10,000 claims, a source page costs about a sixth of a listing
# record per citation it shows.
PageTask = tuple[float, Callable[[], list[Page]]]


def page_tasks(facts: FactBase, locator: Locator) -> list[PageTask]:
    """Every generated page as groups to render, in a fixed order, each with its rough cost."""
    tasks: list[PageTask] = [(1.0, lambda: [overview_page(facts, locator)])]
    for table, make in (
        ("zones", zone_pages),
        ("troop_offers", troop_pages),
        ("positions", position_pages),
        ("quotes", quote_pages),
        ("disagreements", disagreement_pages),
    ):
        tasks.append((float(len(facts.tables[table])), functools.partial(make, facts, locator)))
    for table in ("events", "figures", "actors", "changes"):
        tasks.append(
            (
                float(len(facts.tables[table])),
                functools.partial(listing_pages, table, facts, locator, intro=INTROS[table]),
            )
        )
    tasks.append((1.0, lambda: [feed_page(facts, locator)]))
    tasks.append((len(facts.sources) / 10, functools.partial(sources_index, facts, locator)))
    sources = [s for s in facts.sources if isinstance(s, Source)]
    for part in range(0, len(sources), SOURCES_PER_TASK):
        group = sources[part : part + SOURCES_PER_TASK]
        cites = sum(len(facts.cited_by.get(s.id, ())) for s in group)
        tasks.append((1 + cites / 6, functools.partial(_source_pages, group, facts, locator)))
    return tasks


SOURCES_PER_TASK = 100


def _source_pages(sources: list[Source], facts: FactBase, locator: Locator) -> list[Page]:
    return [source_page(source, facts, locator) for source in sources]


def render_all(facts: FactBase) -> list[Page]:
    """Every generated page, in a fixed order."""
    locator = Locator.build(facts)
    return [page for _, task in page_tasks(facts, locator) for page in task()]


__all__ = ["Page", "PageTask", "page_tasks", "render_all"]
