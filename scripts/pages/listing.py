"""Listing pages: every record of a table as its own section, paginated.

One section per record means one search result per record, leading to the record's anchor.
`FIELDS` says which of a record's fields are shown, in order, and how they are labelled.
"""
from __future__ import annotations

from typing import Callable

from .. import escape
from ..model import Disagreement, FactBase, Record
from .common import PAGE_SIZE, TABLE_PAGES, Footnotes, Locator, Page, chunk_path, header, heading, status_line, title_of

FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "zones": (("summary", ""), ("controlled_by", "Controlled by"), ("territory_share", "Share of territory"),
              ("population", "Population"), ("planned", "Planned")),
    "troop_offers": (("stance", "Stance"), ("troops", "Troops"), ("roles", "Roles"), ("summary", "")),
    "positions": (("stance", ""),),
    "quotes": (("text", ""), ("role", "Role"), ("context", "Context")),
    "figures": (("value", "Value"), ("unit", "Unit")),
    "events": (("date_text", "When (as written)"), ("date", "Date"), ("summary", "")),
    "actors": (("kind", "Kind"), ("description", "")),
    "disagreements": (("summary", ""),),
    "changes": (("date", "Date"), ("summary", "")),
}


def field_text(record: Record, name: str, facts: FactBase) -> str:
    value = getattr(record, name)
    if isinstance(value, tuple):
        value = ", ".join(value) if value else "unknown"
    if name in ("actor", "country", "question") and isinstance(value, str) and value in facts.by_id:
        value = title_of(facts.by_id[value])
    return escape.md(str(value).replace("_", " ") if name == "stance" and record.table == "troop_offers" else str(value))


def record_section(record: Record, facts: FactBase, locator: Locator, page: str, notes: Footnotes,
                   level: int = 2, title: Callable[[Record], str] = title_of) -> str:
    out = [heading(level, title(record), record.id), "\n"]
    for name, label in FIELDS.get(record.table, ()):
        text = field_text(record, name, facts)
        out.append(f"**{label}:** {text}\n\n" if label else f"{text}\n\n")
    if isinstance(record, Disagreement):
        for side in record.sides:
            marks = "".join(notes.mark(record.id, n, cite) for n, cite in _numbered(record, side))
            out.append(f"- {escape.md(side.claim)}{marks}\n")
        out.append("\n")
    elif getattr(record, "cite", ()):
        out.append(f"**Sources:** {notes.marks(record)}\n\n")
    if record.note:
        out.append(f"**Note:** {escape.md(record.note)}\n\n")
    if line := status_line(record, facts, locator, page):
        out.append(line + "\n")
    return "".join(out)


def _numbered(record: Disagreement, side: object) -> list:
    """Citations of one side, numbered as `cites_of` numbers them across all sides."""
    out, n = [], 0
    for s in record.sides:
        for cite in s.cite:
            if s is side:
                out.append((n, cite))
            n += 1
    return out


def listing_pages(table: str, facts: FactBase, locator: Locator, intro: str = "",
                  page_size: int = PAGE_SIZE) -> list[Page]:
    stem, title = TABLE_PAGES[table]
    records = facts.table(table)
    chunks = [records[i:i + page_size] for i in range(0, len(records), page_size)] or [()]
    pages = []
    inputs = (f"data/{table}.yaml", "data/sources.yaml")
    for n, chunk in enumerate(chunks):
        path = chunk_path(stem, n)
        notes = Footnotes(facts, locator, path)
        suffix = f" (part {n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        body = [header(inputs), f"# {title}{suffix}\n\n"]
        if intro and n == 0:
            body.append(intro + "\n\n")
        if len(chunks) > 1:
            body.append(_pager(stem, n, len(chunks)))
        if not chunk:
            body.append("No records yet.\n")
        for record in chunk:
            body.append(record_section(record, facts, locator, path, notes))
        if len(chunks) > 1:
            body.append(_pager(stem, n, len(chunks)))
        body.append(notes.render())
        pages.append(Page(path, "".join(body), inputs))
    return pages


def _pager(stem: str, n: int, total: int) -> str:
    links = [f"[{i + 1}]({chunk_path(stem, i)})" if i != n else f"**{i + 1}**" for i in range(total)]
    return "Pages: " + " · ".join(links) + "\n\n"
