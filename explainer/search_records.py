"""What the site's search finds: one entry per record, built from the fact base (not the pages).

Each entry leads to a record's anchor (`page/#id`), is titled by what the record is ("Jordan:
Ruled out (The Guardian)") and carries its key value (a figure's number, a position's stance, a
troop offer's numbers) as a field of its own, shown under the title in every result. Pages that
only repeat claims (a source's back-link page, the overview, the changes log) are not entries,
so a search never lands there. A disagreement's entry also holds the titles and key values of the
records it ties, with a higher weight, so it ranks above each single claim it ties; questions
and the disagreements filed under them are found from each other's words the same way. Nothing
here is subject-specific: it reads the tables' declared fields and the links between records.

`explainer/search_index.py` turns these entries into Pagefind's index; this module is pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    Actor,
    Claim,
    Disagreement,
    Event,
    FactBase,
    Figure,
    Position,
    Question,
    Quote,
    Record,
    Source,
    TroopOffer,
    Zone,
)
from .pages.common import Locator, ordered, shorten, source_name, title_of
from .pages.listing import STANCES, title as section_title

# Tables whose records are search results; the others (sources, story, changes) only repeat them.
SEARCHED = ("disagreements", "zones", "troop_offers", "positions", "questions", "figures", "quotes", "events", "actors")
KIND = {
    "disagreements": "Disagreement",
    "zones": "Zone",
    "troop_offers": "Troop offer",
    "positions": "Position",
    "questions": "Question",
    "figures": "Figure",
    "quotes": "Quote",
    "events": "Event",
    "actors": "Actor",
}
# Pagefind multiplies each word's count by the weight of the element holding it (0 to 10; body
# text 1, an h1 7). Per table: (title, own words, words of the records it ties). A disagreement's
# title and the titles of the records it ties outweigh a single claim's title, so it ranks first.
WEIGHTS = {
    "disagreements": (10.0, 1.0, 8.0),
    "questions": (10.0, 1.0, 2.0),
    "zones": (8.0, 1.0, 2.0),
    "events": (4.0, 1.0, 2.0),
    "quotes": (4.0, 1.0, 2.0),
}
DEFAULT_WEIGHTS = (7.0, 1.0, 2.0)


@dataclass(frozen=True)
class Entry:
    """One search result: where it leads, what it is called, and the text it is found by."""

    url: str  # site-relative: "troop-offers/#offer-jordan-ruled-out"
    record_id: str
    kind: str  # "Troop offer": shown on the result
    title: str  # as shown: what the record is, and its outlets; plain text, escaped when written
    key: str  # the record's key value, shown under the title
    body: tuple[str, ...]  # the record's own words
    related: tuple[str, ...] = ()  # words of the records it ties (disagreements, questions)
    ties: tuple[str, ...] = ()  # ids of the records a disagreement ties (results rank it above them)
    heading: str = ""  # the title as indexed, without the outlets (weighed lightly: see search_index)
    outlets: str = ""
    title_weight: float = DEFAULT_WEIGHTS[0]
    weight: float = DEFAULT_WEIGHTS[1]
    related_weight: float = DEFAULT_WEIGHTS[2]


def page_url(page: str) -> str:
    """The served folder of a generated page (use_directory_urls): zones-2.md -> zones-2/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def outlet(source: Source) -> str:
    """A source, as short as a result title allows: its outlet, else what it reports via."""
    if source.outlet != "unknown":
        return source.outlet
    if source.via:
        return f"outlet unknown, via {source.via[0].split(' (')[0]}"
    return source_name(source)


def outlets(record: Record, facts: FactBase) -> str:
    """The outlets a record cites, in citation order: "The Guardian"; "" when it cites none."""
    names: list[str] = []
    for cite in getattr(record, "cite", ()):
        source = facts.by_id.get(cite.source)
        if isinstance(source, Source) and outlet(source) not in names:
            names.append(outlet(source))
    return "; ".join(names)


def key_value(record: Record, facts: FactBase) -> str:
    """The one thing a reader looks for in a record, as the record states it."""
    if isinstance(record, Figure):
        if not record.unit or record.value.split()[-1:] == [record.unit] or record.value.endswith(record.unit):
            return record.value
        return f"{record.value} {record.unit}"
    if isinstance(record, TroopOffer):
        return f"{STANCES.get(record.stance, record.stance)}; troops: {record.troops}"
    if isinstance(record, Position):
        return record.stance
    if isinstance(record, Quote):
        return f"“{record.text}” ({record.speaker})"
    if isinstance(record, Zone):
        return record.summary
    if isinstance(record, Event):
        return record.date_text if record.date == "unknown" else f"{record.date_text} ({record.date})"
    if isinstance(record, Disagreement):
        return record.summary
    if isinstance(record, Actor):
        return record.description
    if isinstance(record, Question):
        return record.description
    return title_of(record)


def own_words(record: Record, facts: FactBase) -> tuple[str, ...]:
    """Every field a reader might search for, as text (names resolved, ids left out)."""

    def name(ref: str | None) -> str:
        target = facts.by_id.get(ref) if ref else None
        return title_of(target) if target is not None else ""

    words: list[str] = []
    if isinstance(record, Zone):
        words += [record.summary, record.controlled_by, record.territory_share, record.population, record.planned]
        words += [name(a) for a in record.actors]
    elif isinstance(record, TroopOffer):
        words += [record.summary, record.troops, *record.roles]
    elif isinstance(record, Position):
        words += [record.stance]
    elif isinstance(record, Quote):
        words += [record.text, record.speaker, record.role, record.context, name(record.actor)]
    elif isinstance(record, Figure):
        words += [record.label]
    elif isinstance(record, Event):
        words += [record.summary, record.date_text]
    elif isinstance(record, Actor):
        words += [record.description, record.kind, name(record.country)]
    elif isinstance(record, Disagreement):
        words += [record.summary, *(side.claim for side in record.sides)]
    elif isinstance(record, Question):
        words += [record.description]
    if record.note:
        words.append(record.note)
    key = key_value(record, facts)
    return tuple(dict.fromkeys(w for w in words if w and w != "unknown" and w != key))


def entry_title(record: Record, facts: FactBase, with_outlets: bool = True) -> str:
    """The section heading the page gives the record, plus the outlets it cites."""
    base = section_title(record, facts)
    if isinstance(record, Event):  # the page's heading starts with the date, the key value here
        base = title_of(record)
    if isinstance(record, Figure):
        base = f"{record.label}: {key_value(record, facts)}"
    where = (
        outlets(record, facts) if with_outlets and isinstance(record, Claim) and not isinstance(record, Actor) else ""
    )
    return shorten(f"{base} ({where})" if where else base, 140)


def _question_of(record: Record) -> str | None:
    """The question a record is filed under, if its table has one (positions; disagreements may)."""
    value = getattr(record, "question", None)
    return value if isinstance(value, str) else None


def entries(facts: FactBase, locator: Locator) -> list[Entry]:
    """Every search entry, in a fixed order: tables as SEARCHED lists them, each in the order its
    pages list it (so neighbours in a listing are neighbours here, see search_index.groups)."""
    by_question: dict[str, list[Record]] = {}
    for table in ("disagreements", "positions"):
        for record in facts.table(table):
            q = _question_of(record)
            if q:
                by_question.setdefault(q, []).append(record)
    out: list[Entry] = []
    for table in SEARCHED:
        for record in ordered(facts, table):
            if record.id not in locator.pages:
                continue
            related: list[str] = []
            ties: tuple[str, ...] = ()
            if isinstance(record, Disagreement):
                ties = tuple(r for r in dict.fromkeys(record.records) if r in locator.pages)
                for ref in dict.fromkeys(record.records):
                    tied = facts.by_id.get(ref)
                    if tied is not None:
                        related += [entry_title(tied, facts), key_value(tied, facts)]
                q = facts.by_id.get(_question_of(record) or "")
                if isinstance(q, Question):
                    related.append(q.label)
            elif isinstance(record, Position):
                q = facts.by_id.get(record.question)
                if isinstance(q, Question):
                    related.append(q.label)
            elif isinstance(record, Question):
                for filed in by_question.get(record.id, ()):
                    related.append(filed.topic if isinstance(filed, Disagreement) else key_value(filed, facts))
            out.append(
                Entry(
                    url=page_url(locator.pages[record.id]) + "#" + record.id,
                    record_id=record.id,
                    kind=KIND[table],
                    title=entry_title(record, facts),
                    key=shorten(key_value(record, facts), 200),
                    heading=entry_title(record, facts, with_outlets=False),
                    outlets=outlets(record, facts) if isinstance(record, Claim) else "",
                    body=own_words(record, facts),
                    related=tuple(related),
                    ties=ties,
                    **dict(zip(("title_weight", "weight", "related_weight"), WEIGHTS.get(table, DEFAULT_WEIGHTS))),
                )
            )
    return out
