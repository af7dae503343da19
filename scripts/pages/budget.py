"""Where a long listing is cut into pages: whole groups only, and only past a size budget.

A listing is one page until its records would make a page heavier than `PAGE_BYTES` (an
estimate of the HTML the records add, from the length of their text) or longer than `PAGE_ROWS`
records. Today's largest list (61 quotes, about 230 KB of HTML) stays whole; a 10,000-claim fact
base is still cut into pages the size MkDocs, search and phones handle well (see bench-results.md
for the measurement behind the numbers).

Records are cut only between groups (a country's troop offers, a question's stances, a speaker's
quotes), so a group's rows, and the chart or matrix drawn from them, are never split over two
pages. A group bigger than a whole page is the one exception: it is cut between records.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Claim, Disagreement, Record

# Measured on today's pages and on the bench's 10,000-claim pages: a record adds about
# OVERHEAD bytes of markup plus about 2.6 bytes of HTML per character of its text (its excerpts
# appear twice: in the citation list and in the popover's source).
OVERHEAD = 900
PAGE_BYTES = 150_000
PAGE_ROWS = 100


@dataclass(frozen=True)
class Budget:
    """How much one page of a listing may hold: estimated bytes of HTML, and records."""

    bytes: int = PAGE_BYTES
    rows: int = PAGE_ROWS


def weight(record: Record) -> int:
    """Estimated bytes of HTML a record's section adds to its page."""
    size = OVERHEAD
    for value in vars(record).values():
        if value.__class__ is str:
            size += len(value) * 2
    if isinstance(record, Claim):
        size += sum(len(c.excerpt) for c in record.cite) * 3
    elif isinstance(record, Disagreement):
        size += sum(len(s.claim) * 2 + sum(len(c.excerpt) for c in s.cite) * 3 for s in record.sides)
    return size


GroupKey = Callable[[Record], object]


def split(records: tuple[Record, ...], group_of: GroupKey | None, budget: Budget) -> list[tuple[Record, ...]]:
    """Records (in page order) cut into pages of whole groups within the budget; at least one page."""
    groups: list[list[Record]] = []
    last: object = object()
    for record in records:
        key = group_of(record) if group_of else record.id
        if not groups or key != last:
            groups.append([])
            last = key
        groups[-1].append(record)
    parts: list[list[Record]] = [[]]
    size = 0
    for group in groups:
        cost = sum(weight(r) for r in group)
        if parts[-1] and (size + cost > budget.bytes or len(parts[-1]) + len(group) > budget.rows):
            parts.append([])
            size = 0
        if cost > budget.bytes or len(group) > budget.rows:  # a group bigger than a page: cut it
            for record in group:
                w = weight(record)
                if parts[-1] and (size + w > budget.bytes or len(parts[-1]) >= budget.rows):
                    parts.append([])
                    size = 0
                parts[-1].append(record)
                size += w
            continue
        parts[-1].extend(group)
        size += cost
    return [tuple(p) for p in parts]
