"""Where a long listing is cut into pages: whole groups only, and only past a size budget.

A listing is one page until its records would make a page heavier than `PAGE_BYTES` (an
estimate of the HTML the records add, from the length of their text) or longer than `PAGE_ROWS`
records. The numbers come from measurement (bench-results.md): today's largest lists (62
positions, an estimate of 130,994 bytes, 188 KB of HTML with the matrix; 61 quotes, 119,117)
stay whole, and at 10,000 claims the pages stay numerous and small enough for `make bench`'s
average-page target (measured in bench-results.md, session 6).

Records are cut only between groups (a country's records, a question's stances, a speaker's
quotes), so a group's rows, and the chart or matrix drawn from them, are never split over two
pages. A group bigger than a whole page is the one exception: it is cut between records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model.facts import Record

# Measured on today's pages and on the bench's 10,000-claim pages: a record adds about
# OVERHEAD bytes of markup plus about 2.6 bytes of HTML per character of its text (its excerpts
# appear twice: in the citation list and in the popover's source).
OVERHEAD = 900
PAGE_BYTES = 140_000
PAGE_ROWS = 100


@dataclass(frozen=True)
class Budget:
    """How much one page of a listing may hold: estimated bytes of HTML, and records."""

    bytes: int = PAGE_BYTES
    rows: int = PAGE_ROWS


def weight(record: Record) -> int:
    """Estimated bytes of HTML a record's section adds to its page (runs for every record on
    every generation, so it reads the record's fields directly)."""
    d = record.__dict__
    size = OVERHEAD + 2 * sum([len(v) for v in d.values() if v.__class__ is str])
    cite = d.get("cite")
    if cite:
        size += 3 * sum([len(c.excerpt) for c in cite])
    sides = d.get("sides")
    if sides:
        size += sum([2 * len(s.claim) + 3 * sum([len(c.excerpt) for c in s.cite]) for s in sides])
    return size


GroupKey = Callable[[Record], object]


def split(records: tuple[Record, ...], group_of: GroupKey | None, budget: Budget) -> list[tuple[Record, ...]]:
    """Records (in page order) cut into pages of whole groups within the budget; at least one page."""
    groups: list[list[tuple[Record, int]]] = []
    last: object = object()
    for record in records:
        key = group_of(record) if group_of else record.id
        if not groups or key != last:
            groups.append([])
            last = key
        groups[-1].append((record, weight(record)))
    parts: list[list[Record]] = [[]]
    size = 0
    for group in groups:
        cost = sum(w for _, w in group)
        if parts[-1] and (size + cost > budget.bytes or len(parts[-1]) + len(group) > budget.rows):
            parts.append([])
            size = 0
        if cost > budget.bytes or len(group) > budget.rows:  # a group bigger than a page: cut it
            for record, w in group:
                if parts[-1] and (size + w > budget.bytes or len(parts[-1]) >= budget.rows):
                    parts.append([])
                    size = 0
                parts[-1].append(record)
                size += w
            continue
        parts[-1].extend(r for r, _ in group)
        size += cost
    return [tuple(p) for p in parts]
