"""The Disagreements page: where the articles give accounts that cannot both be true, grouped by
open question; then where the actors disagree, and accounts that differ but fit together.

Each real conflict sits under the question it bears on (its `question`; those without one come
after them, under "Other disagreements"), so a reader who asks "would the force fight?" finds
every account of it in one place. Each side links to the records that give it; those records say
"disputed, see ..." and link back (common.status_text). A disagreement of kind `actors` (the
sources agree on what each actor wants, the actors disagree) and one of kind `compared`
(accounts that differ but fit together, with the editors' reason) dispute no record and are not
counted as disagreements; they follow, each in a section of its own.
"""

from __future__ import annotations

from ..model.facts import Disagreement, FactBase, Question, Record, Source
from ..model.registry import Table
from . import escape
from .common import Ctx, Locator, Page, source_name
from .listing import field, listing_pages, named_links, text

OTHER = ("disagreements_other", "Other disagreements")
# The headings of the disagreements that are not conflicts between the sources, by kind.
KIND_GROUPS = {
    "actors": ("disagreements_actors", "Where the actors disagree"),
    "compared": ("disagreements_compared", "Accounts compared: different, but they fit together"),
}
KIND_RANK = {"conflict": 0, "actors": 1, "compared": 2}


def group_of(record: Record, facts: FactBase) -> tuple[str, str]:
    """The (anchor, Markdown title) of the heading a disagreement sits under: its question for a
    conflict, its kind's section for the others."""
    assert isinstance(record, Disagreement)
    if record.kind in KIND_GROUPS:
        return KIND_GROUPS[record.kind]
    question = facts.by_id.get(record.question) if record.question else None
    if not isinstance(question, Question):
        return OTHER
    return f"disagreements_{question.id}", escape.md(question.label)


def questions_on_page(records: tuple[Record, ...], ctx: Ctx) -> str:
    """A line of links to the question headings of this page, each with how many disagreements
    it holds: on a phone, where the table of contents is tucked away, the page's map."""
    counts: dict[tuple[str, str], int] = {}
    for record in records:
        group = group_of(record, ctx.facts)
        counts[group] = counts.get(group, 0) + 1
    links = [f"[{title}](#{anchor}) ({n})" for (anchor, title), n in counts.items()]
    return "By question: " + " · ".join(links) + "\n\n"


def related(record: Disagreement, facts: FactBase) -> list[Record]:
    """The records a disagreement does not list that speak of the same things as those it lists:
    what its table's dispute rule pairs (the same actor on the same question, the same measured
    quantity, whatever a subject's own rule pairs) or the same `about`. A card shows them too, so
    every side the data has is where the reader looks."""
    index, order = _same_things(facts)
    keys = [k for rid in record.records if rid in facts.by_id for k in _keys_of(facts.by_id[rid], facts)]
    seen = set(record.records) | {record.id}
    out = []
    for key in dict.fromkeys(keys):
        for r in index.get(key, ()):
            if r.id not in seen:
                seen.add(r.id)
                out.append(r)
    return sorted(out, key=lambda r: order[r.id])


def _keys_of(record: Record, facts: FactBase) -> list[tuple[str, object]]:
    """What a record speaks of: its table's dispute key, and its `about`."""
    rule = facts.declared(record.table).dispute if facts.subject is not None else None
    key = rule.key(vars(record)) if rule is not None else None
    about = getattr(record, "about", None)
    return [k for k in ((record.table, key) if key is not None else None, ("*", about) if about else None) if k]


Index = tuple[dict[tuple[str, object], list[Record]], dict[str, int]]
_SAME: dict[str, tuple[FactBase, Index]] = {}


def _same_things(facts: FactBase) -> Index:
    """Every record by what it speaks of, and each record's place in file order; made once per
    fact base (every card asks)."""
    last = _SAME.get("last")
    if last is not None and last[0] is facts:
        return last[1]
    index: dict[tuple[str, object], list[Record]] = {}
    order: dict[str, int] = {}
    for records in facts.tables.values():
        for r in records:
            order[r.id] = len(order)
            for key in _keys_of(r, facts):
                index.setdefault(key, []).append(r)
    _SAME["last"] = (facts, (index, order))
    return index, order


def disagreement_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Disagreement)
    out = [f"{text(record.summary)}\n\n", sides(record, ctx)]
    if record.reason:
        out.append(field("Why both can be true", text(record.reason)))
    if record.question and record.question in ctx.locator.pages:
        out.append(field("Question", ctx.link(record.question)))
    # Records no side names (the sides list theirs already: a list is never shown twice).
    shown = {r for side in record.sides for r in side.records}
    rest = [r for r in record.records if r not in shown]
    if rest:
        name = "Also in dispute" if record.conflict else "Also compared"
        out.append(field(name, named_links(rest, ctx)))
    others = related(record, ctx.facts)
    if others:
        out.append(field("Other accounts of the same things", named_links((r.id for r in others), ctx)))
    return out


def sides(record: Disagreement, ctx: Ctx) -> str:
    """The accounts side by side (a grid that stacks on narrow screens), each with its citations."""
    out = ['<div class="sides" markdown>\n\n']
    n = 0
    for i, side in enumerate(record.sides):
        marks = ""
        for cite in side.cite:
            marks += ctx.notes.mark(record.id, n, cite)
            n += 1
        names = sorted(
            {source_name(s) for c in side.cite for s in [ctx.facts.by_id[c.source]] if isinstance(s, Source)}
        )
        held = f"\n\nRecords: {named_links(side.records, ctx)}" if side.records else ""
        out.append(
            f'<div class="side" markdown>\n\n**Account {i + 1}** ({text("; ".join(names))})\n\n'
            f"{text(side.claim)}{marks}{held}\n\n</div>\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def disagreement_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    records = [r for r in facts.table(table.name) if isinstance(r, Disagreement)]
    if "question" in table.refs:
        return listing_pages(
            table, facts, locator, before=questions_on_page, group=lambda record: group_of(record, facts)
        )
    # The subject has no open questions (tables.disagreements(question_table=None)): conflicts come
    # first under no heading of their own unless other kinds follow them.
    if all(r.conflict for r in records):
        return listing_pages(table, facts, locator)
    return listing_pages(
        table,
        facts,
        locator,
        group=lambda record: KIND_GROUPS.get(getattr(record, "kind", ""), ("disagreements_conflicts", "Conflicts")),
    )
