"""What the site's search finds: one entry per record, built from the fact base (not the pages).

Each entry leads to a record's anchor (`page/#id`), is titled by what the record is (an actor's
stance, with the outlet that reports it) and carries its key value (a figure's number, a position's
stance; what its table's declaration says) as a field of its own, shown under the title in every
result. Pages that only repeat claims (a source's back-link page, the overview, the changes log)
are not entries, so a search never lands there. A disagreement's entry also holds the titles and
key values of the records it ties, with a higher weight, so it ranks above each single claim it
ties; questions and the disagreements filed under them are found from each other's words the same
way. Nothing here is subject-specific: it reads the tables' declarations (explainer/model/registry.py:
Search) and the links between records.

`explainer/publish/search_index.py` turns these entries into Pagefind's index; this module is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.facts import (
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
    StoryParagraph,
)
from ..model.registry import Search, Table
from ..render.common import MONTHS, Locator, named_with, ordered, page_url, short_name, shorten, title_of
from ..render.listing import MAIN, title as section_title
from ..render.units import in_words

# Pagefind multiplies each word's count by the weight of the element holding it (0 to 10; body
# text 1, an h1 7). Per table (its declaration's Search.weights): title, own words, words of the
# records it ties. A disagreement's title and the titles of the records it ties outweigh a single
# claim's title, so it ranks first.
DEFAULT_WEIGHTS = Search("").weights


def searched(facts: FactBase) -> tuple[Table, ...]:
    """The tables whose records are search results, disagreements first (they rank above the
    records they tie), then as declared; the others (sources, changes) only repeat them."""
    assert facts.subject is not None
    found = [t for t in facts.subject.tables if t.search is not None]
    return tuple(sorted(found, key=lambda t: t.name != "disagreements"))


@dataclass(frozen=True)
class Entry:
    """One search result: where it leads, what it is called, and the text it is found by."""

    url: str  # site-relative: "figures/#figure-planned-size"
    record_id: str
    table: str
    kind: str  # "Figure": shown on the result
    title: str  # as shown: what the record is, and its outlets; plain text, escaped when written
    key: str  # the record's key value, shown under the title
    body: tuple[str, ...]  # the record's own words
    related: tuple[str, ...] = ()  # words of the records it ties (disagreements, questions)
    also: tuple[str, ...] = ()  # indexed, never shown: the question words it answers, its words' synonyms
    ties: tuple[str, ...] = ()  # ids of the records a disagreement ties (results rank it above them)
    first: bool = False  # shown before the single records found with it (a key fact: Search.first)
    heading: str = ""  # the title as indexed, without the outlets (weighed lightly: see search_index)
    outlets: str = ""
    title_weight: float = DEFAULT_WEIGHTS[0]
    weight: float = DEFAULT_WEIGHTS[1]
    related_weight: float = DEFAULT_WEIGHTS[2]


def outlet(source: Source) -> str:
    """A source, as short as a result title allows, as citations name it: its outlet, else what
    kind of source it is and whom it relays."""
    return short_name(source)


def outlets(record: Record, facts: FactBase) -> str:
    """The outlets a record cites, in citation order: "The Daily Example"; "" when it cites none."""
    names: list[str] = []
    for cite in getattr(record, "cite", ()):
        source = facts.by_id.get(cite.source)
        if isinstance(source, Source) and outlet(source) not in names:
            names.append(outlet(source))
    return "; ".join(names)


def key_value(record: Record, facts: FactBase) -> str:
    """The one thing a reader looks for in a record, as the record states it: its table's
    Search.key, else its main statement, else its title."""
    search = facts.declared(record.table).search
    if search is not None and search.key is not None:
        return search.key(record, facts)
    for name in MAIN:
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    return title_of(record)


def figure_key(record: Record, facts: FactBase) -> str:
    """The number as the figure's listing shows it ("over 80%", not "over 80% percent")."""
    assert isinstance(record, Figure)
    return in_words(record.value, record.unit)


def position_key(record: Record, facts: FactBase) -> str:
    assert isinstance(record, Position)
    return record.stance


def quote_key(record: Record, facts: FactBase) -> str:
    assert isinstance(record, Quote)
    return f"“{record.text}” ({record.speaker})"


def event_key(record: Record, facts: FactBase) -> str:
    assert isinstance(record, Event)
    if record.undated:
        return "Undated"
    return record.date_text if record.date == "unknown" else f"{record.date_text} ({record.date})"


def name_of(facts: FactBase, ref: str | None) -> str:
    """The title of the record an id names ("" if none): ids are left out of the words."""
    target = facts.by_id.get(ref) if ref else None
    return title_of(target) if target is not None else ""


def own_words(record: Record, facts: FactBase) -> tuple[str, ...]:
    """Every field a reader might search for, as text (names resolved, ids left out): the
    table's Search.words, else every text field of its schema."""
    table = facts.declared(record.table)
    if table.search is not None and table.search.words is not None:
        words = table.search.words(record, facts)
    else:
        words = []
        for name in table.fields:
            if name in ("id", "cite", "as_of", "status", "superseded_by", "note", "about", "compatible", "accepted"):
                continue
            value = getattr(record, name, None)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str):
                    words.append(name_of(facts, item) if name in table.refs else item)
    if record.note:
        words.append(record.note)
    words = [_named(w, facts) for w in words]
    key = shorten(key_value(record, facts), KEY_LIMIT)  # a key cut short for display: its words stay in the body
    return tuple(dict.fromkeys(w for w in words if w and w != "unknown" and w != key))


KEY_LIMIT = 200
_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")


def _named(text: str, facts: FactBase) -> str:
    """A text with each record id it names ("see fig-police") as that record's title: results
    show the words, and an id is no word a reader types."""
    if "-" not in text:
        return text
    return _ID.sub(lambda m: title_of(facts.by_id[m.group()]) if m.group() in facts.by_id else m.group(), text)


def synonyms_of(texts: tuple[str, ...], groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """For each group of synonyms one of whose words is in the texts, the group's other words."""
    if not groups:
        return ()
    words = set(re.findall(r"[\w’'-]+", " ".join(texts).casefold()))
    out: list[str] = []
    for group in groups:
        if any(w.casefold() in words for w in group):
            out += [w for w in group if w.casefold() not in words]
    return tuple(dict.fromkeys(out))


def position_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Position)
    return [record.stance]


def quote_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Quote)
    return [record.text, record.speaker, record.role, record.context, name_of(facts, record.actor)]


def figure_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Figure)
    return [record.label]


def event_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Event)
    return [record.summary, record.date_text]


def actor_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Actor)
    return [record.description, record.kind, name_of(facts, record.country)]


def disagreement_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Disagreement)
    return [record.summary, *(side.claim for side in record.sides)]


# The question words a key fact may answer, whichever its words fit; "how many" and "how much"
# only where it gives a number, "when" only where it gives a time (sentence_asks): a count
# question finds the sentence with the count, not every sentence with the question's noun.
QUESTION_WORDS = ("what", "who", "which", "how", "where", "why")
_NUMBER = re.compile(
    r"\d|\b(?:dozens?|hundreds?|thousands?|millions?|billions?|percent|half|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.IGNORECASE,
)
_TIME = re.compile(  # month names capitalised ("May", not "may"), the other words in any case
    rf"\b(?:1[89]\d\d|20\d\d|{'|'.join(MONTHS)}|"
    r"(?i:(?:to|yester)day|tomorrow|tonight|days?|weeks?|months?|years?|decades?|since|until|after|before))\b"
)


def sentence_asks(record: Record) -> tuple[str, ...]:
    """The question words a sentence answers by what it gives: a number, a time."""
    text = getattr(record, "text", "")
    if not isinstance(text, str):
        return ()
    return ("many", "much") * bool(_NUMBER.search(text)) + ("when",) * bool(_TIME.search(text))


def is_key_fact(record: Record) -> bool:
    return isinstance(record, StoryParagraph) and record.role == "fact" and bool(record.fact)


def key_fact_title(record: Record, facts: FactBase) -> str:
    assert isinstance(record, StoryParagraph)
    return record.fact or record.text


def key_fact_text(record: Record, facts: FactBase) -> str:
    assert isinstance(record, StoryParagraph)
    return record.text


def key_fact_words(record: Record, facts: FactBase) -> list[str]:
    """Its sentence (left out where it is the key already; kept where the key is cut short)."""
    return [key_fact_text(record, facts)]


# What a result calls a disagreement, by its kind: only a conflict between the sources is one.
DISAGREEMENT_KINDS = {"conflict": "Disagreement", "actors": "Actors disagree", "compared": "Accounts compared"}


def disagreement_kind(record: Record) -> str:
    assert isinstance(record, Disagreement)
    return DISAGREEMENT_KINDS.get(record.kind, "Disagreement")


def question_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Question)
    return [record.description]


def event_title(record: Record, facts: FactBase) -> str:
    """An event's result title leaves out the date its heading starts with (the key value shows it)."""
    return title_of(record)


def figure_title(record: Record, facts: FactBase) -> str:
    assert isinstance(record, Figure)
    return f"{record.label}: {key_value(record, facts)}"


def entry_title(record: Record, facts: FactBase, with_outlets: bool = True) -> str:
    """The section heading the page gives the record, plus the outlets it cites."""
    search = facts.declared(record.table).search
    base = (
        search.title(record, facts) if search is not None and search.title is not None else section_title(record, facts)
    )
    shows = search.outlets if search is not None else True
    where = outlets(record, facts) if with_outlets and shows and isinstance(record, Claim) else ""
    return shorten(named_with(base, where), 140)


def _question_of(record: Record) -> str | None:
    """The question a record is filed under, if its table has one (positions; disagreements may)."""
    value = getattr(record, "question", None)
    return value if isinstance(value, str) else None


def entries(facts: FactBase, locator: Locator) -> list[Entry]:
    """Every search entry, in a fixed order: tables as `searched` lists them, each in the order its
    pages list it (so neighbours in a listing are neighbours here, see search_index.groups)."""
    by_question: dict[str, list[Record]] = {}
    for name in ("disagreements", "positions"):
        for record in facts.table(name):
            q = _question_of(record)
            if q:
                by_question.setdefault(q, []).append(record)
    out: list[Entry] = []
    synonyms = facts.subject.synonyms if facts.subject is not None else ()
    for table in searched(facts):
        assert table.search is not None
        for record in ordered(facts, table.name):
            if record.id not in locator.pages or (table.search.only is not None and not table.search.only(record)):
                continue
            page = locator.pages[record.id]
            related: list[str] = []
            ties: tuple[str, ...] = ()
            via = facts.by_id.get(getattr(record, table.search.via, None) or "") if table.search.via else None
            if via is not None and via.id in locator.pages:  # it leads to its place on that record's page
                page = locator.pages[via.id]
                related.append(entry_title(via, facts, with_outlets=False))
            if isinstance(record, Disagreement):
                ties = tuple(r for r in dict.fromkeys(record.records) if r in locator.pages)
                for ref in dict.fromkeys(record.records):
                    tied = facts.by_id.get(ref)
                    if tied is not None:
                        related += [entry_title(tied, facts), key_value(tied, facts)]
                question = facts.by_id.get(_question_of(record) or "")
                if isinstance(question, Question):
                    related.append(question.label)
            elif isinstance(record, Position):
                question = facts.by_id.get(record.question)
                if isinstance(question, Question):
                    related.append(question.label)
            elif isinstance(record, Question):
                for filed in by_question.get(record.id, ()):
                    related.append(filed.topic if isinstance(filed, Disagreement) else key_value(filed, facts))
            title = entry_title(record, facts)
            key = shorten(key_value(record, facts), KEY_LIMIT)
            body = own_words(record, facts)
            out.append(
                Entry(
                    url=page_url(page) + "#" + record.id,
                    record_id=record.id,
                    table=table.name,
                    kind=table.search.kind_of(record) if table.search.kind_of is not None else table.search.kind,
                    title=title,
                    key=key,
                    heading=entry_title(record, facts, with_outlets=False),
                    outlets=outlets(record, facts) if isinstance(record, Claim) else "",
                    body=body,
                    related=tuple(related),
                    also=table.search.asks
                    + (table.search.asks_of(record) if table.search.asks_of is not None else ())
                    + synonyms_of((title, key, *body, *related), synonyms),
                    first=table.search.first,
                    ties=ties,
                    **dict(zip(("title_weight", "weight", "related_weight"), table.search.weights, strict=True)),
                )
            )
    return out
