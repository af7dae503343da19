"""Step 3, rendering: the validated fact base becomes Markdown pages (pure functions, text in, text out).

One module per page type; `listing.py` pages any table as one heading section per record, and
the page makers a table declares (explainer/model/registry.py: `pages`) add their diagram, table,
matrix or grouping to it. `common.py` says where every record's anchor lives (`Locator`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..model.facts import FactBase, Source
from .checks import checks_page
from .common import Locator, Page
from .hubs import hub_pages
from .listing import listing_pages
from .sources import source_page, sources_index

# A page group's rough cost, in records rendered: two processes take the groups heaviest first
# (explainer/scale/parallel.py), so that the last ones left are small. Measured at 10,000 claims
# (2026-12-04, one process): a listing record about 0.08 ms; a source page about half a listing
# record per citation it shows (each shown in its sentence); a question hub about a fifth of one
# per record tied to its question.
PageTask = tuple[float, Callable[[], list[Page]]]
PER_CITATION = 0.5
PER_TIED_RECORD = 0.2


def page_tasks(facts: FactBase, locator: Locator) -> list[PageTask]:
    """Every generated page as groups to render, in the order the tables are declared, each with
    its rough cost; the sources' pages (one per source, in groups) come last."""
    tasks: list[PageTask] = []
    for name in facts.tables:
        table = facts.declared(name)
        if name == "sources" or table.shown_on is not None:
            continue
        make = table.pages or listing_pages
        cost = float(max(1, len(facts.tables[name])))
        if make is hub_pages:
            cost += PER_TIED_RECORD * sum(len(facts.tables[n]) for n in facts.tables if facts.declared(n).question)
        tasks.append((cost, functools.partial(make, table, facts, locator)))
    tasks.append((len(facts.sources) / 10, functools.partial(sources_index, facts, locator)))
    tasks.append((len(facts.by_id) / 50, functools.partial(_checks, facts, locator)))
    sources = [s for s in facts.sources if isinstance(s, Source)]
    for part in range(0, len(sources), SOURCES_PER_TASK):
        group = sources[part : part + SOURCES_PER_TASK]
        cites = sum(len(facts.cited_by.get(s.id, ())) for s in group)
        tasks.append((1 + cites * PER_CITATION, functools.partial(_source_pages, group, facts, locator)))
    return tasks


SOURCES_PER_TASK = 100


def _checks(facts: FactBase, locator: Locator) -> list[Page]:
    return [checks_page(facts, locator)]


def _source_pages(sources: list[Source], facts: FactBase, locator: Locator) -> list[Page]:
    return [source_page(source, facts, locator) for source in sources]


__all__ = ["Page", "PageTask", "page_tasks"]
