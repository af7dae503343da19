"""The Disagreements page: where the articles give different accounts, grouped by open question.

Each disagreement sits under the question it bears on (its `question`; those without one come
last, under "Other disagreements"), so a reader who asks "would the force fight?" finds every
account of it in one place. Each side links to the records that give it; those records say
"disputed, see ..." and link back (common.status_text).
"""

from __future__ import annotations

from .. import escape
from ..model import Disagreement, FactBase, Question, Record, Source
from ..registry import Table
from .common import Ctx, Locator, Page, source_name
from .listing import field, listing_pages, named_link, text

INTRO = (
    "Where the articles give different accounts of the same thing, grouped by the open question they bear on. "
    "Each account is shown side by side with its own citations and the records that give it; the site does "
    "not decide between them."
)
OTHER = ("disagreements_other", "Other disagreements")


def group_of(record: Record, facts: FactBase) -> tuple[str, str]:
    """The (anchor, Markdown title) of the question heading a disagreement sits under."""
    assert isinstance(record, Disagreement)
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


def disagreement_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Disagreement)
    out = [f"{text(record.summary)}\n\n", sides(record, ctx)]
    if record.question and record.question in ctx.locator.pages:
        out.append(field("Question", ctx.link(record.question)))
    if record.records:
        out.append(field("Records in dispute", ", ".join(named_link(r, ctx) for r in record.records)))
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
        held = f"\n\nRecords: {', '.join(named_link(r, ctx) for r in side.records)}" if side.records else ""
        out.append(
            f'<div class="side" markdown>\n\n**Account {i + 1}** ({text("; ".join(names))})\n\n'
            f"{text(side.claim)}{marks}{held}\n\n</div>\n\n"
        )
    out.append("</div>\n\n")
    return "".join(out)


def disagreement_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    if "question" not in table.refs:  # the subject has no open questions (tables.disagreements(question_table=None))
        return listing_pages(table, facts, locator)
    return listing_pages(table, facts, locator, before=questions_on_page, group=lambda record: group_of(record, facts))
