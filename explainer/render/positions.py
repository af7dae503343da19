"""The positions page: the open questions, a matrix of actors by questions, one section per stance.

A matrix cell holds what the articles say that actor's stance is (linked to its section), its
citation markers and its as-of date. A cell is empty where no article says anything: the page
never fills a gap. The questions are records of their own (anchor = question id) on the first
page; stances are grouped under their question. The matrix repeats the sections, so it is left
out of search; past MATRIX_CELLS cells a page lists the stances without the matrix.
"""

from __future__ import annotations

from ..model.facts import FactBase, Position, Question, Record
from ..model.registry import Table
from . import escape
from .common import (
    Ctx,
    Locator,
    Page,
    actor_name,
    chunk_path,
    human_date,
    named_with,
    outlets_of,
    section_heading,
    shorten,
)
from .listing import field, listing_pages, text


def position_heading(record: Record, facts: FactBase) -> str:
    """The actor and the outlets that report the stance: the stance itself follows in full."""
    return named_with(actor_name(facts, getattr(record, "actor")), outlets_of(record, facts))


def position_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Position)
    return [
        f"{text(record.stance)}{marks}\n\n",
        field("Actor", ctx.actor(record.actor)),
        field("Question", ctx.link(record.question)),
    ]


MATRIX_CELLS = 3000


def questions(facts: FactBase, ctx: Ctx) -> str:
    """A line of links to the open questions' pages, where each question's stances, disagreements
    and figures are gathered (explainer/render/hubs.py)."""
    links = [ctx.link(q.id, getattr(q, "label")) for q in facts.table("questions") if q.id in ctx.locator.pages]
    return ("**The open questions**, each with its own page: " + " · ".join(links) + "\n\n") if links else ""


def matrix(stances: list[Position], ctx: Ctx) -> str:
    qids = list(dict.fromkeys(p.question for p in stances))
    order = {q.id: i for i, q in enumerate(ctx.facts.table("questions"))}
    qids.sort(key=lambda q: order.get(q, 0))
    actors = sorted(dict.fromkeys(p.actor for p in stances), key=lambda a: actor_name(ctx.facts, a).casefold())
    if len(qids) * len(actors) > MATRIX_CELLS:
        return "This page has too many actors and questions for a matrix; the stances are listed below.\n\n"
    cells: dict[tuple[str, str], list[str]] = {}
    for p in stances:
        flag = "" if p.status == "current" else f" ({p.status})"
        when = f" as of {escape.md(human_date(p.as_of))}" if p.as_of != "unknown" else ""
        small = f" <small>{(when + flag).strip()}</small>" if when or flag else ""
        cells.setdefault((p.actor, p.question), []).append(
            f"{ctx.link(p.id, shorten(p.stance, 80))}{ctx.notes.marks(p)}{small}"
        )
    labels = {q: escape.md(_label(ctx, q)) for q in qids}
    # Below 100em wide (extra.css, `.stack`) every actor's row is a card and each stance shows
    # its question's name (`.cell-label`, hidden while the table has its header row), so no
    # column is cut off and nothing scrolls sideways.
    out = [
        '<div class="matrix stack" markdown data-search-exclude="1">\n\n<table markdown>\n<thead markdown>'
        "<tr markdown><th>Actor</th>",
        "".join(f'<th markdown="span">{ctx.link(q)}</th>' for q in qids),
        "</tr></thead>\n<tbody markdown>\n",
    ]
    for a in actors:
        row = []
        for q in qids:
            found = cells.get((a, q))
            row.append(
                f'<td markdown="span"><span class="cell-label">{labels[q]}</span> {" <br> ".join(found)}</td>'
                if found
                else "<td></td>"
            )
        out.append(f'<tr markdown><th scope="row" markdown="span">{ctx.actor(a)}</th>' + "".join(row) + "</tr>\n")
    out.append("</tbody>\n</table>\n\n</div>\n\n")
    return "".join(out)


def _label(ctx: Ctx, qid: str) -> str:
    q = ctx.facts.by_id.get(qid)
    return q.label if isinstance(q, Question) else qid


def before(records: tuple[Record, ...], ctx: Ctx) -> str:
    stances = [r for r in records if isinstance(r, Position)]
    first = ctx.page == chunk_path(ctx.facts.declared("positions").page or "", 0)
    return (
        (questions(ctx.facts, ctx) if first else "")
        + section_heading(2, "Matrix", "positions_matrix", exclude_from_search=True)
        + "\n"
        + matrix(stances, ctx)
    )


def position_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    def grouped(record: Record) -> tuple[str, str] | None:
        assert isinstance(record, Position)
        q = facts.by_id[record.question]
        assert isinstance(q, Question)
        return f"stances_{q.id}", f"Stances: {escape.md(q.label)}"

    return listing_pages(table, facts, locator, before=before, group=grouped, collapse=True)
