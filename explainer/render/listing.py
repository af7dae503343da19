"""Listing pages: every record of a table as its own heading section, paginated.

One section per record means one search result per record, leading to the record's anchor, and
one permalink (the ¶ of its heading). A section shows the record's main statement with its
citation markers, its own fields, the articles it comes from, its status (with links to what
replaced or disputes it) and its as-of date.

What a record's heading and fields are is its table's declaration (explainer/model/registry.py:
`heading`, `body`); a table that declares neither gets every field of its schema, labelled with
the schema's titles (`generic_body`). `listing_pages` does the paging; the pages that need more
(a diagram, a table, a matrix) pass a `before` function that renders it for the records of each
page, and a `group` function when the records are grouped under headings of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from ..check.reporting import lines_of
from ..model.facts import SHOWN_APART, Disagreement, FactBase, Record, Source
from ..model.registry import Table
from . import escape, reuse
from .common import (
    Ctx,
    Locator,
    Page,
    chunk_path,
    header,
    heading,
    human_date,
    named_with,
    noun,
    numbered,
    outlets_of,
    pager,
    section_heading,
    shorten,
    source_name,
    title_of,
)

# Where a record's main statement is, for a table that declares no body: the first of these it has.
MAIN = ("summary", "text", "description", "statement", "claim")


# What a field says when its sources do not give it: left out of the record (the page says so
# once, above its records: LEFT_OUT), as the downloads keep it.
UNKNOWN = "unknown"
LEFT_OUT = (
    "A field the {articles} do not give (a number, a role, a share) is left out of the record; the downloads "
    "write it as *unknown*."
)


def field(label: str, value: str) -> str:
    """One labelled field, as a list item; `value` is Markdown we made (already escaped). A value
    the sources do not give is left out: the page says so once (LEFT_OUT)."""
    if value == UNKNOWN:
        return ""
    return f"- **{label}:** {value}\n"


def leaves_out(records: Sequence[Record], table: Table) -> bool:
    """Whether a record on the page has a field its sources do not give (other than dates, which
    the records' own lines word as "undated")."""
    names = [n for n in table.fields if n not in table.dates and n != "as_of"]
    return any(getattr(r, n, None) == UNKNOWN for r in records for n in names)


def text(value: str) -> str:
    return escape.md(value)


def sources_of(record: Record, ctx: Ctx) -> str:
    """The sources a record cites, by name, each linked to its page."""
    seen: list[str] = []
    for cite in getattr(record, "cite", ()):
        if cite.source not in seen:
            seen.append(cite.source)
    names = []
    for sid in seen:
        source = ctx.facts.by_id[sid]
        assert isinstance(source, Source)
        names.append(f"[{escape.md(source_name(source))}]({ctx.locator.page_link(ctx.page, ctx.locator.pages[sid])})")
    return ", ".join(names)


def reported(record: Record, ctx: Ctx) -> str:
    """The sources a record cites and, for two or more, how many lines of reporting they are."""
    reporting = lines_of(ctx.facts.sources).of_record(record)
    count = f" · {text(reporting.text(noun(ctx.facts)))}" if reporting is not None and reporting.articles > 1 else ""
    return sources_of(record, ctx) + count


def title(record: Record, facts: FactBase) -> str:
    """The heading of a record's section (plain text; the caller escapes it)."""
    make = facts.declared(record.table).heading
    return make(record, facts) if make is not None else title_of(record)


def body(record: Record, ctx: Ctx) -> str:
    """The fields of one record, with its citation markers after its main statement."""
    table = ctx.facts.declared(record.table)
    marks = ctx.notes.marks(record) if not isinstance(record, Disagreement) else ""
    out = (table.body or generic_body)(record, ctx, marks)
    if getattr(record, "cite", ()) and table.source_line:
        out.append(field("Source", reported(record, ctx)))
    for mark in getattr(record, "compatible", ()):
        out.append(field("Compatible with", f"{named_link(mark.with_, ctx)}: {text(mark.reason)}"))
    if record.note:
        out.append(field("Note", ctx.prose(record.note)))
    out.append(standing(record, ctx))
    return "".join(out) + "\n"


def generic_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    """A record of a table without a renderer of its own: its main statement (unless the heading
    already shows it whole), then every other field of its schema under the schema's label; ids
    of records become links to them. The citation markers follow the first thing shown."""
    table = ctx.facts.declared(record.table)
    main = next((n for n in MAIN if n in table.fields and isinstance(getattr(record, n, None), str)), None)
    out = []
    headed = title(record, ctx.facts)  # a field the heading shows whole is not repeated under it
    if main is not None and getattr(record, main) != headed:
        out.append(f"{text(getattr(record, main))}{marks}\n\n")
        marks = ""
    for name in table.fields:
        value = getattr(record, name, None)
        if name in SHOWN_APART or name == main or value is None or value == () or value == "" or value == headed:
            continue
        # A date field is shown as the pages show every date ("3 March 2031"); ISO stays in the downloads.
        value = human_date(value) if name in table.dates and isinstance(value, str) else value
        out.append(field(escape.md(table.labels.get(name, name)), shown(value, name in table.refs, ctx) + marks))
        marks = ""
    return out if not marks else [f"{marks}\n\n", *out]


def shown(value: object, is_ref: bool, ctx: Ctx) -> str:
    """A field's value as Markdown: text escaped (ids in it linked), a list joined, a yes or no."""
    if isinstance(value, tuple):
        return ", ".join(shown(v, is_ref, ctx) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):  # digits grouped from 10,000 (a year stays 2027)
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, str):
        if is_ref and value in ctx.locator.pages and value in ctx.facts.by_id:
            target = ctx.facts.by_id[value]
            if isinstance(target, Source):
                return (
                    f"[{escape.md(source_name(target))}]({ctx.locator.page_link(ctx.page, ctx.locator.pages[value])})"
                )
            return ctx.link(value)
        return ctx.prose(value)
    if isinstance(value, Mapping):  # an object in a derived table's field: its fields, labelled
        return "; ".join(f"{text(str(k))}: {shown(v, False, ctx)}" for k, v in value.items())
    return text(str(value))


def named_link(record_id: str, ctx: Ctx, name: str | None = None) -> str:
    """A link to a record under its section's heading (or `name`), with what kind of record it is."""
    record = ctx.facts.by_id[record_id]
    shown = name if name is not None else shorten(title(record, ctx.facts), 70)
    return f"{ctx.facts.declared(record.table).singular} {ctx.link(record_id, shown)}"


def named_links(record_ids: Iterable[str], ctx: Ctx) -> str:
    """Links to records, as named_link makes them, each once; where two headings read alike (one
    country's stance in two articles), each is told apart by the outlets it cites."""
    ids = list(dict.fromkeys(record_ids))
    names = [shorten(title(ctx.facts.by_id[rid], ctx.facts), 70) for rid in ids]
    outlets = [outlets_of(ctx.facts.by_id[rid], ctx.facts) for rid in ids]
    # Alike headings told apart by their outlets, where these differ (and the heading does not end
    # in brackets that name them already); else numbered below.
    groups: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        groups.setdefault(name, []).append(j)
    for name, group in groups.items():
        if len(group) > 1 and not name.endswith(")") and len({outlets[j] for j in group}) == len(group):
            for j in group:
                names[j] = named_with(name, outlets[j])
    names = numbered(names)  # the same outlets too
    return ", ".join(named_link(rid, ctx, name) for rid, name in zip(ids, names, strict=True))


def standing(record: Record, ctx: Ctx) -> str:
    """The status, only when it is not "current", and the as-of date, only when it is known: a
    line that says nothing new ("current", "unknown") is left out."""
    if not hasattr(record, "status"):
        return ""
    parts = []
    if getattr(record, "status") != "current":
        parts.append(f"**Status:** {ctx.status(record)}")
    if getattr(record, "as_of", "unknown") != "unknown":
        parts.append(f"**As of:** {text(human_date(getattr(record, 'as_of')))}")
    return f"- {' · '.join(parts)}\n" if parts else ""


def record_section(record: Record, ctx: Ctx, level: int = 2) -> str:
    return heading(level, title(record, ctx.facts), record.id) + "\n" + body(record, ctx)


Group = Callable[[Record], tuple[str, str] | None]  # record -> (anchor, Markdown title) of its group


def _group_sizes(records: tuple[Record, ...], group: Group) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for record in records:
        g = group(record)
        if g:
            sizes[g[0]] = sizes.get(g[0], 0) + 1
    return sizes


Before = Callable[[tuple[Record, ...], Ctx], str]


def listing_pages(
    table: Table,
    facts: FactBase,
    locator: Locator,
    before: Before | None = None,
    group: Group | None = None,
    after: Before | None = None,
    collapse: bool = False,
) -> list[Page]:
    """A table's listing, cut into the parts the Locator decided (budget.py); also the default
    page maker of a table that declares none. With `collapse`, each group's records are folded
    behind its heading and count (a <details> that opens when a link leads into it): a page the
    table or matrix above already summarises stays short on a phone."""
    stem, page_title, intro, inputs = table.page or "", table.title, table.intro, table.page_inputs()
    facts.table(
        table.name
    )  # read through facts, so the live preview (explainer/scale/incremental.py) sees the dependency
    parts = locator.parts.get(table.name) or ((),)
    pages = []
    for n, chunk in enumerate(parts):
        path = chunk_path(stem, n)
        if (kept := reuse.page(path, (chunk, len(parts)))) is not None:  # the live preview's last run
            pages.append(kept)
            continue
        ctx = Ctx.make(facts, locator, path)
        suffix = f" (part {n + 1} of {len(parts)})" if len(parts) > 1 else ""
        out = [header(inputs), f"# {escape.md(page_title)}{suffix}\n\n"]
        if intro:
            out.append(intro + "\n\n")
        if leaves_out(chunk, table):
            out.append(noun(facts).words(LEFT_OUT) + "\n\n")
        out.append(pager(stem, n, len(parts)))
        if not chunk:
            out.append("No records yet.\n\n")
        if before and chunk:
            out.append(before(chunk, ctx))
        current = None
        sizes = _group_sizes(chunk, group) if group and collapse else {}
        for record in chunk:
            level = 2
            if group:
                g = group(record)
                if g and g[0] != current:
                    if current is not None and collapse:
                        out.append("</details>\n\n")
                    current = g[0]
                    out.append(section_heading(2, g[1], g[0]) + "\n")
                    if collapse:
                        size = sizes[g[0]]
                        shown = ctx.facts.declared(table.name).count(size)
                        out.append(f'<details class="group" markdown>\n<summary>Show {shown}</summary>\n\n')
                level = 3 if g else 2
            out.append(record_section(record, ctx, level))
        if current is not None and collapse:
            out.append("</details>\n\n")
        out.append(pager(stem, n, len(parts)))
        if after and chunk:
            out.append(after(chunk, ctx))
        out.append(ctx.notes.render())
        pages.append(reuse.keep(Page(path, "".join(out).rstrip("\n") + "\n", inputs)))
    return pages
