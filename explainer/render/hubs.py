"""Question hubs: one page per open question (questions/<id>.md), and their index.

Readers arrive with questions, not tables. A hub gathers, in this order, everything the fact base
holds on one question: the key facts that answer it (story sentences that name it), where the
sources disagree on it (each account side by side), where the actors disagree and which accounts
were compared, every stance by actor, and the records of every other table tied to it (a figure,
quote, event or other record naming it by its `question` field). Every statement carries its own
citation markers and links to its record's full section.

What ties a record to a question is a `question` field in its table's schema (explainer/model/schema_types.py
derives the table's `question` from it): the engine knows no subject's tables. A subject without
questions gets no hubs.
"""

from __future__ import annotations

from ..model.facts import Disagreement, FactBase, Figure, Position, Question, Quote, Record, StoryParagraph
from ..model.registry import Table
from . import escape
from .common import Ctx, Locator, Page, header, noun, section_heading, shorten, title_of
from .disagreements import KIND_GROUPS, related, sides
from .listing import MAIN, text, title
from .units import in_words

INTRO = (
    "The open questions the {articles} raise. Each has a page of its own with what answers it in a sentence, "
    "where the sources disagree, where each actor stands, and every figure, quote and event that bears on it."
)
# A hub's sections for each kind of disagreement, in the order a reader needs them.
KINDS = (
    ("conflict", "hub_disagreements", "Where the sources disagree"),
    ("actors", "hub_actors", KIND_GROUPS["actors"][1]),
    ("compared", "hub_compared", "Accounts compared"),
)


def tied(facts: FactBase, question: str) -> dict[str, list[Record]]:
    """Every table's records that bear on a question, by table, in the tables' declared order."""
    return tied_to_each(facts).get(question, {})


def tied_to_each(facts: FactBase) -> dict[str, dict[str, list[Record]]]:
    """`tied` for every question at once: one pass over the tables, not one per question."""
    out: dict[str, dict[str, list[Record]]] = {}
    for name, records in facts.tables.items():
        table = facts.declared(name)
        if name == "questions" or table.question is None:
            continue
        for r in records:
            key = getattr(r, table.question, None)
            if isinstance(key, str):  # a question's id (only such a value can equal one)
                out.setdefault(key, {}).setdefault(name, []).append(r)
    return out


def statement(record: Record, facts: FactBase) -> str:
    """What a record says, as plain text: a quote in its words and its speaker's name, else its
    main field (the listing's), else its heading."""
    if isinstance(record, Quote):
        return f"“{record.text.rstrip(' ,')}” ({record.speaker})"
    if isinstance(record, Figure):  # its number, as written: the heading already says what it counts
        return in_words(record.value, record.unit)
    table = facts.declared(record.table)
    for name in (*MAIN, "stance"):
        value = getattr(record, name, None)
        if name in table.fields and isinstance(value, str) and value:
            return value
    return title(record, facts)


def item(record: Record, ctx: Ctx, named: bool = True) -> str:
    """One record as a list item: its heading, what it says with its citation markers, a link to it."""
    head = f"**{escape.md(shorten(title(record, ctx.facts), 80))}:** " if named else ""
    more = ctx.link(record.id, "the record")
    return f"- {head}{text(statement(record, ctx.facts))}{ctx.notes.marks(record)} ({more})\n"


def answer(question: Question, records: dict[str, list[Record]], conflicts: int, ctx: Ctx) -> str:
    """The hub's first section: key facts that answer the question, and a line on what is disputed."""
    out = [section_heading(2, "In short", "hub_answer"), "\n"]
    facts = [r for r in records.get("story", []) if isinstance(r, StoryParagraph)]
    for fact in facts:
        label = f"**{escape.md(fact.fact)}:** " if fact.fact else ""
        # Its id is where a search for it lands (explainer/publish/search_entries.py: Search.via).
        out.append(f'- {label}<span id="{escape.attr(fact.id)}"></span>{text(fact.text)}{ctx.notes.marks(fact)}\n')
    if facts:
        out.append("\n")
    counts = []
    for name, records_of in records.items():
        if name in ("story", "disagreements"):
            continue
        counts.append(f"[{escape.md(ctx.facts.declared(name).count(len(records_of)))}](#hub_{name})")
    if conflicts:
        out.append(
            f"**The sources disagree here** on {conflicts} point{'s' if conflicts != 1 else ''}: "
            "[see each account side by side](#hub_disagreements).\n\n"
        )
    elif not facts:
        out.append(
            "No sentence of the overview answers this question on its own; below is what the "
            f"{noun(ctx.facts).plural} say.\n\n"
        )
    if counts:
        out.append("On this page: " + " · ".join(counts) + ".\n\n")
    return "".join(out)


def cards(found: list[Disagreement], ctx: Ctx) -> str:
    """Each disagreement on the question, its accounts side by side, then the other records that
    speak of the same things and take a side."""
    out = []
    for kind, anchor, heading in KINDS:
        these = [d for d in found if d.kind == kind]
        if not these:
            continue
        out.append(section_heading(2, heading, anchor) + "\n")
        for d in these[:CARDS]:
            out.append(section_heading(3, escape.md(d.topic), f"hub_{d.id}") + "\n")
            out.append(f"{text(d.summary)}\n\n{sides(d, ctx)}")
            if d.reason:
                out.append(f"**Why both can be true:** {text(d.reason)}\n\n")
            others = related(d, ctx.facts)
            if others:
                out.append("**Other accounts of the same things:**\n\n")
                out.extend(item(r, ctx) for r in others)
                out.append("\n")
            out.append(f"In full: {ctx.link(d.id, 'this disagreement on its page')}.\n\n")
        if len(these) > CARDS:  # past CARDS, links only: a page stays readable and light at any size
            out.append(f"And {len(these) - CARDS} more: " + " · ".join(ctx.link(d.id, d.topic) for d in these[CARDS:]))
            out.append("\n\n")
    return "".join(out)


def stances(positions: list[Record], ctx: Ctx) -> str:
    out = [section_heading(2, "Stances, by actor", "hub_positions"), "\n"]
    for p in positions[:STANCES]:
        assert isinstance(p, Position)
        out.append(
            f"- **{ctx.actor(p.actor)}:** {text(p.stance)}{ctx.notes.marks(p)} ({ctx.link(p.id, 'the record')})\n"
        )
    rest = len(positions) - STANCES
    if rest > 0:
        out.append(
            f"\nAnd {rest} more stances: every one is in {ctx.link(positions[STANCES].id, 'the positions list')}.\n"
        )
    return "".join(out) + "\n"


def others(name: str, records: list[Record], ctx: Ctx) -> str:
    """The records of one more table: grouped as the table groups them, each group collapsed
    behind its name and count when there are many."""
    table = ctx.facts.declared(name)
    out = [section_heading(2, escape.md(table.title), f"hub_{name}"), "\n"]
    groups: dict[object, list[Record]] = {}
    for record in records:
        groups.setdefault(table.group(record) if table.group else None, []).append(record)
    if len(groups) < 2 or len(records) <= MANY:
        out.extend(item(r, ctx) for r in records)
        return "".join(out) + "\n"
    for key, members in groups.items():
        named = ctx.facts.by_id.get(key) if isinstance(key, str) else None
        label = escape.md(title_of(named) if named is not None else str(key))
        out.append(f'<details class="hub-group" markdown>\n<summary>{label} ({len(members)})</summary>\n\n')
        out.extend(item(r, ctx) for r in members)
        out.append("\n</details>\n\n")
    return "".join(out)


MANY = 12  # past this many records of one table, a hub collapses them in their groups
# How much one hub shows in full, so that its page stays readable and light at any size (today's
# largest: 13 stances, 6 disagreements); the rest are linked.
STANCES = 60
CARDS = 20


def hub_page(
    question: Question, facts: FactBase, locator: Locator, table: Table, records: dict[str, list[Record]]
) -> Page:
    """`records`: what is tied to the question (`tied`)."""
    path = locator.pages[question.id]
    ctx = Ctx.make(facts, locator, path)
    found = [d for d in records.get("disagreements", []) if isinstance(d, Disagreement)]
    conflicts = sum(1 for d in found if d.conflict)
    inputs = tuple(dict.fromkeys(("data/questions.yaml", *(f"data/{n}.yaml" for n in facts.tables))))
    out = [header(inputs), f"# {escape.title(question.label)} {{ #{question.id} }}\n\n"]
    out.append(f"{text(question.description)}\n\n")
    out.append(answer(question, records, conflicts, ctx))
    out.append(cards(found, ctx))
    if records.get("positions"):
        out.append(stances(records["positions"], ctx))
    for name, these in records.items():
        if name not in ("story", "disagreements", "positions"):
            out.append(others(name, these, ctx))
    out.append("[All questions](index.md)\n\n")
    out.append(ctx.notes.render())
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)


def index_page(
    questions: list[Question],
    facts: FactBase,
    locator: Locator,
    table: Table,
    tied_to: dict[str, dict[str, list[Record]]],
) -> Page:
    path = f"{table.page}/index.md"
    ctx = Ctx.make(facts, locator, path)
    out = [
        header(table.page_inputs()),
        f"# {escape.title(table.title)}\n\n",
        noun(facts).words(table.intro or INTRO) + "\n\n",
    ]
    for q in questions:
        records = tied_to.get(q.id, {})
        found = [d for d in records.get("disagreements", []) if isinstance(d, Disagreement) and d.conflict]
        n = len(records.get("positions", []))
        parts = [f"{n} stance{'s' if n != 1 else ''}"] if n else []
        if found:
            parts.append(f"the sources disagree on {len(found)} point{'s' if len(found) != 1 else ''}")
        what = f" ({', '.join(parts)})" if parts else ""
        out.append(f"- {ctx.link(q.id, q.label)}{what}: {text(q.description)}\n")
    return Page(path, "".join(out).rstrip("\n") + "\n", table.page_inputs())


def hub_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    """The questions' index and a hub for each question."""
    questions = [q for q in facts.table(table.name) if isinstance(q, Question)]
    tied_to = tied_to_each(facts)
    return [index_page(questions, facts, locator, table, tied_to)] + [
        hub_page(q, facts, locator, table, tied_to.get(q.id, {})) for q in questions
    ]
