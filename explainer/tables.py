"""The engine's kinds of table, declared ready for a subject to pick (explainer/model/registry.py).

Each function returns a `Table` with the engine's record type, page maker, renderers, order,
search and dispute rule for that kind; a subject passes keyword arguments to change any of them
(its own intro, its line on the home page, ...). The core tables (sources, story, disagreements,
changes) are the ones every subject has; the others are the generic page types: actors,
questions (shown on the positions page), positions (a matrix of actors by questions), quotes
(by speaker), figures and events (a timeline). Texts here speak of no subject in particular.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .check import disputes
from .model.facts import (
    Actor,
    Change,
    Disagreement,
    Event,
    FactBase,
    Figure,
    Position,
    Question,
    Quote,
    Record,
    Source,
    StoryParagraph,
)
from .model.registry import Search, Table
from .publish import search_entries as search
from .render import record_bodies as records
from .render.common import group_anchor, title_of
from .render.disagreements import KIND_RANK, disagreement_body, disagreement_pages
from .render.feed import changes_pages
from .render.hubs import INTRO as HUBS_INTRO, hub_pages
from .render.overview import overview_pages
from .render.positions import position_body, position_heading, position_pages
from .render.quotes import quote_body, quote_heading, quote_pages, speaker_of


def name_key(facts: FactBase, ref: str | None) -> str:
    """How records are sorted by the record an id names: its title, case folded."""
    record = facts.by_id.get(ref) if ref else None
    return title_of(record).casefold() if record is not None else ""


def question_rank(facts: FactBase) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(facts.table("questions"))}


def _by_question_then_actor(facts: FactBase) -> Callable[[Record], Any]:
    rank = question_rank(facts)
    return lambda r: (rank.get(getattr(r, "question"), 0), name_key(facts, getattr(r, "actor")))


def _by_question(facts: FactBase) -> Callable[[Record], Any]:
    rank = question_rank(facts)
    return lambda r: rank.get(getattr(r, "question") or "", len(rank))  # those without one come last


def _by_kind_then_question(facts: FactBase) -> Callable[[Record], Any]:
    """Conflicts first, by question; then actors who disagree; then accounts compared."""
    by_question = _by_question(facts)
    return lambda r: (KIND_RANK.get(getattr(r, "kind", "conflict"), 0), by_question(r))


def _speaker(facts: FactBase) -> Callable[[Record], Any]:
    """Quotes in order of whom they are grouped under (explainer/render/quotes.py), in file order within."""
    return lambda record: group_anchor("speaker", speaker_of(record, facts))


def sources(**changes: Any) -> Table:
    """The sources every claim cites: one page each (sources/<id>.md) and an index."""
    return replace(
        Table("sources", "source", record=Source, title="Sources", page="sources", note=NOTES["sources"]), **changes
    )


def story(**changes: Any) -> Table:
    """The home page's sentences: lead, key facts and the story, each one a cited claim."""
    table = Table(
        "story",
        "story sentence",
        record=StoryParagraph,
        title="Overview",
        page="index",
        paginate=False,
        pages=overview_pages,
        body=records.story_body,
        note=NOTES["story"],
        # A key fact is the overview's answer to a question: a result of its own, found by the
        # question words it can answer, shown before the single records found with it, leading to
        # the answer that opens its question's page (or to the home page's key facts).
        search=Search(
            "Key fact",
            (7.0, 3.0, 2.0),
            title=search.key_fact_title,
            key=search.key_fact_text,
            words=search.key_fact_words,
            asks=search.QUESTION_WORDS,
            asks_of=search.sentence_asks,
            only=search.is_key_fact,
            first=True,
            via="question",
        ),
    )
    return replace(table, **changes)


def disagreements(question_table: str | None = "questions", **changes: Any) -> Table:
    """Where the sources give different accounts, side by side, grouped by open question.
    `question_table`: the table a disagreement's `question` names (None: the subject has none,
    and its page says nothing of questions)."""
    refs: dict[str, tuple[str, ...] | None] = {"records": None}
    if question_table:
        refs["question"] = (question_table,)
    grouped = ", grouped by the open question they bear on" if question_table else ""
    table = Table(
        "disagreements",
        "disagreement",
        record=Disagreement,
        title="Where sources disagree",
        page="disagreements",
        pages=disagreement_pages,
        body=disagreement_body,
        intro=(
            f"Where the {{articles}} give accounts of the same thing that cannot both be true{grouped}. Each account "
            "is shown side by side with its own citations and the records that give it; the site does not decide "
            "between them. Further down: positions of actors who disagree with each other, and accounts that "
            "differ but fit together, compared side by side with the reason why."
        ),
        section="accounts that cannot both be true, side by side; then actors who disagree, and accounts that "
        "differ but fit together, compared",
        note=NOTES["disagreements"],
        refs=refs,
        order=_by_kind_then_question,
        search=Search(
            "Disagreement", (10.0, 1.0, 8.0), words=search.disagreement_words, kind_of=search.disagreement_kind
        ),
        inputs=(f"data/{question_table}.yaml",) if question_table else (),
    )
    return replace(table, **changes)


def changes(**changes: Any) -> Table:
    """Corrections and updates, newest first, with an Atom feed (changes.xml)."""
    table = Table(
        "changes",
        "change",
        record=Change,
        title="Changes",
        page="changes",
        pages=changes_pages,
        heading=records.change_heading,
        body=records.change_body,
        intro=(
            "Corrections and updates to the fact base, newest first. To report an error, see the "
            "[Method](method.md#corrections) page. To follow them in a feed reader, subscribe to the "
            "[Atom feed](changes.xml)."
        ),
        note=NOTES["changes"],
        refs={"records": None},
        order=lambda facts: lambda r: tuple(-int(x) for x in getattr(r, "date").split("-")),
    )
    return replace(table, **changes)


def actors(**changes: Any) -> Table:
    """The countries, groups and people records name (their `actor`, `country`, ...)."""
    table = Table(
        "actors",
        "actor",
        record=Actor,
        title="Actors",
        page="actors",
        body=records.actor_body,
        intro="The countries, governments, groups and people in the story, as the {articles} describe them.",
        section="the countries, groups and people in the story",
        note=NOTES["actors"],
        refs={"country": ("actors",)},
        order=lambda facts: lambda r: title_of(r).casefold(),
        search=Search("Actor", words=search.actor_words, outlets=False, asks=("who",)),
    )
    return replace(table, **changes)


def questions(**changes: Any) -> Table:
    """The open questions: a page each (questions/<id>.md), gathering every record that bears on
    it (explainer/render/hubs.py), and an index."""
    table = Table(
        "questions",
        "question",
        record=Question,
        title="Questions",
        page="questions",
        each_page=True,
        pages=hub_pages,
        paginate=False,
        intro=HUBS_INTRO,
        section="the open questions, each with its answer, the disagreements and every stance on it",
        note=NOTES["questions"],
        search=Search("Question", (10.0, 1.0, 2.0), words=search.question_words),
    )
    return replace(table, **changes)


def positions(**changes: Any) -> Table:
    """Each actor's stance on each open question: a matrix, then one section per stance."""
    table = Table(
        "positions",
        "position",
        record=Position,
        title="Positions",
        page="positions",
        pages=position_pages,
        heading=position_heading,
        body=position_body,
        intro=(
            "Where each actor stands on the open questions, as the {articles} report it. Where no {article} in the "
            "source list reports an actor’s stance on a question, none is shown: it is left out, not guessed."
        ),
        section="where each actor stands on the open questions",
        note=NOTES["positions"],
        refs={"actor": ("actors",), "question": ("questions",)},
        order=_by_question_then_actor,
        group=lambda r: getattr(r, "question"),
        search=Search(
            "Position",
            key=search.position_key,
            words=search.position_words,
            outlets=False,  # the heading names them already
            asks=("who", "what", "why"),
        ),
        dispute=disputes.POSITIONS,
        inputs=("data/questions.yaml", "data/actors.yaml"),
    )
    return replace(table, **changes)


def quotes(**changes: Any) -> Table:
    """What was said, grouped by speaker, each with its source and context."""
    table = Table(
        "quotes",
        "quote",
        record=Quote,
        title="Quotes",
        page="quotes",
        pages=quote_pages,
        heading=quote_heading,
        body=quote_body,
        source_line=False,
        intro=(
            "What the people in the story said, grouped by speaker, in the {articles}' own words. Speakers the "
            "{articles} do not name are marked *anonymous*."
        ),
        section="what was said, by whom, in which {article}",
        note=NOTES["quotes"],
        refs={"actor": ("actors",)},
        order=_speaker,
        group=lambda record: getattr(record, "actor") or getattr(record, "speaker"),
        search=Search("Quote", (4.0, 1.0, 2.0), key=search.quote_key, words=search.quote_words, asks=("who", "what")),
        inputs=("data/actors.yaml",),
    )
    return replace(table, **changes)


def figures(**changes: Any) -> Table:
    """Numbers as the sources write them; `featured` ones are cards on the home page."""
    table = Table(
        "figures",
        "figure",
        record=Figure,
        title="Key figures",
        page="figures",
        body=records.figure_body,
        intro="Every number in the fact base, as the {articles} write it.",
        section="every number in the fact base",
        note=NOTES["figures"],
        search=Search(
            "Figure",
            key=search.figure_key,
            words=search.figure_words,
            title=search.figure_title,
            asks=("how", "many", "much", "number"),
        ),
        dispute=disputes.FIGURES,
        numbers=("number",),
    )
    return replace(table, **changes)


def events(**changes: Any) -> Table:
    """What happened, in order (`sequence`), with dates as the sources wrote them."""
    table = Table(
        "events",
        "event",
        record=Event,
        title="Timeline",
        page="timeline",
        heading=records.event_heading,
        body=records.event_body,
        intro=(
            "What happened, in the order the {articles} give. Dates are shown as the {articles} wrote them "
            "(“last month”, “on Tuesday”), with the {article}'s publication date, because a relative date "
            "means nothing without it; the calendar date is given only where {an_article} states it, and an "
            "event no {article} dates is headed “Undated”."
        ),
        section="what happened, in order, with dates as the {articles} wrote them",
        note=NOTES["events"],
        order=lambda facts: lambda r: getattr(r, "sequence"),
        search=Search(
            "Event",
            (4.0, 1.0, 2.0),
            key=search.event_key,
            words=search.event_words,
            title=search.event_title,
            asks=("when", "what", "date"),
        ),
    )
    return replace(table, **changes)


# What each kind of table holds, on the Data page.
NOTES = {
    "sources": "The {articles}: outlet, title, date, kind",
    "actors": "Countries, groups and people",
    "questions": "The open questions, each with a page that gathers what bears on it",
    "positions": "Actors' stances on the open questions",
    "quotes": "Quotes with speaker and context",
    "figures": "Numbers as the {articles} write them",
    "events": "The timeline",
    "disagreements": "Where the sources disagree",
    "story": "The overview's paragraphs",
    "changes": "Corrections and updates",
}
