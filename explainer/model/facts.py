"""Step 3: validated records as frozen dataclasses, one class per kind of table.

Field names are the data contract's (data/schema/*.schema.json); renderers read these objects
and never the YAML. `FactBase` holds every table plus the indexes pages need (by id, cited-by).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import Subject, Table


@dataclass(frozen=True)
class Origin:
    """Where a record was written, for messages and for the "edit this record" trail."""

    path: str
    line: int


@dataclass(frozen=True)
class Cite:
    source: str
    excerpt: str


@dataclass(frozen=True)
class Accepted:
    """An editor's acceptance of a claim-support finding (explainer/check/support.py): the words it
    names and why the claim may say them."""

    words: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Record:
    id: str
    origin: Origin = field(compare=False, repr=False)
    note: str | None = None
    accepted: tuple[Accepted, ...] = ()  # claim-support findings the editors accepted, with their reasons

    table = ""  # set on each subclass
    singular = ""  # how messages and pages name one record
    heading_field = ""  # the field that names a record, if its table declares one (explainer/model/schema_types.py)


# The fields that name a record in its heading and in links to it, the first it has, unless its
# table declares a `heading_field`.
NAME_FIELDS = ("name", "label", "title", "topic", "speaker", "summary", "text", "stance", "description")
# Fields every record shows in the same place (heading, status line, Source, Note), not among its own.
SHOWN_APART = frozenset({"id", "cite", "as_of", "status", "superseded_by", "note", "about", "compatible", "accepted"})


@dataclass(frozen=True)
class Compatible:
    """An editor's word that this record and `with_` do not contradict each other, and why."""

    with_: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Claim(Record):
    """A record that states something, so it must be cited and dated."""

    cite: tuple[Cite, ...]
    as_of: str
    status: str
    superseded_by: str | None = None
    about: str | None = None  # what it speaks about; records sharing it are compared (explainer/check/disputes.py)
    compatible: tuple[Compatible, ...] = ()  # settles a dispute candidate (explainer/check/disputes.py)


@dataclass(frozen=True, kw_only=True)
class Source(Record):
    table, singular = "sources", "source"
    seed: str
    outlet: str
    title: str
    published: str
    kind: str
    url: str | None = None
    via: tuple[str, ...] = ()
    sha256: str | None = None  # of the seed's bytes, as recorded when the source was added


@dataclass(frozen=True, kw_only=True)
class Actor(Claim):
    table, singular = "actors", "actor"
    name: str
    kind: str
    description: str
    country: str | None = None


@dataclass(frozen=True, kw_only=True)
class Question(Record):
    table, singular = "questions", "question"
    label: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Position(Claim):
    table, singular = "positions", "position"
    actor: str
    question: str
    stance: str


@dataclass(frozen=True, kw_only=True)
class Quote(Claim):
    table, singular = "quotes", "quote"
    text: str
    speaker: str
    role: str
    anonymous: bool
    context: str
    actor: str | None = None
    question: str | None = None  # the open question it bears on (its page gathers it)


@dataclass(frozen=True, kw_only=True)
class Figure(Claim):
    table, singular = "figures", "figure"
    label: str
    value: str
    unit: str
    number: float | None = None
    featured: bool = False
    measures: str | None = None  # what the figure measures; figures sharing it are compared
    question: str | None = None  # the open question it bears on (its page gathers it)


UNSTATED = ("not stated", "unknown")  # a date_text that gives no date: nothing to count from


@dataclass(frozen=True, kw_only=True)
class Event(Claim):
    table, singular = "events", "event"
    date: str
    date_text: str
    sequence: int
    summary: str
    question: str | None = None  # the open question it bears on (its page gathers it)

    @property
    def undated(self) -> bool:
        """Whether no article dates it: no calendar date, and no words to count one from."""
        return self.date == "unknown" and self.date_text.casefold().startswith(UNSTATED)


@dataclass(frozen=True)
class Side:
    claim: str
    cite: tuple[Cite, ...]
    records: tuple[str, ...] = ()  # the records that give this account


@dataclass(frozen=True, kw_only=True)
class Disagreement(Record):
    table, singular = "disagreements", "disagreement"
    topic: str
    summary: str
    sides: tuple[Side, ...]
    as_of: str
    status: str
    records: tuple[str, ...] = ()
    question: str | None = None  # the open question it bears on; the page groups by it
    # conflict: the accounts cannot both be true (its records are disputed); compared: they differ
    # but fit together (`reason` says why); actors: the actors' positions cannot both be met.
    kind: str = "conflict"
    reason: str | None = None

    @property
    def conflict(self) -> bool:
        """Whether the sources really disagree here (only then are its records disputed)."""
        return self.kind == "conflict"


@dataclass(frozen=True, kw_only=True)
class StoryParagraph(Claim):
    """One sentence of the overview's story; sentences sharing `paragraph` are shown together."""

    table, singular = "story", "story sentence"
    text: str
    paragraph: int | None = None
    role: str = "story"  # lead | fact | story: where the home page shows it
    fact: str | None = None  # a key fact's label, e.g. "Planned size"
    question: str | None = None  # a key fact's open question: its page opens with it


@dataclass(frozen=True, kw_only=True)
class Change(Record):
    table, singular = "changes", "change"
    date: str
    summary: str
    records: tuple[str, ...] = ()


def _freeze(name: str, value: Any) -> Any:
    if name == "cite":
        return tuple(Cite(c["source"], c["excerpt"]) for c in value)
    if name == "sides":
        return tuple(Side(s["claim"], _freeze("cite", s["cite"]), tuple(s.get("records", ()))) for s in value)
    if name == "compatible":
        return tuple(Compatible(c["with"], c["reason"]) for c in value)
    if name == "accepted":
        return tuple(Accepted(a["words"], a["reason"]) for a in value)
    return frozen(value)


class FrozenMap(Mapping[str, Any]):
    """An object inside a record's field (a derived table's array of objects): it cannot change
    and can be hashed, like the record that holds it."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]):
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


def frozen(value: Any) -> Any:
    """A field's value as the record keeps it: lists as tuples, objects as FrozenMaps, all through."""
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dict):
        return FrozenMap({k: frozen(v) for k, v in value.items()})
    return value


def thawed(value: Any) -> Any:
    """The plain JSON value of a field (the downloads write it): tuples as lists, maps as dicts."""
    if isinstance(value, tuple):
        return [thawed(v) for v in value]
    if isinstance(value, FrozenMap):
        return {k: thawed(v) for k, v in value.items()}
    return value


_PLAIN = (str, int, float, bool, type(None))


_NAMES: dict[type, frozenset[str]] = {}  # a record type's field names, without origin


def make_record(cls: type[Record], data: Mapping[str, Any], origin: Origin) -> Record:
    """Build the dataclass for a record that already passed its schema."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = frozenset(f.name for f in fields(cls)) - {"origin"}
    values: dict[str, Any] = {
        k: v if v.__class__ in _PLAIN and k != "cite" and k != "sides" else _freeze(k, v)
        for k, v in data.items()
        if k in names
    }
    return cls(origin=origin, **values)


def cites_of(record: Record) -> tuple[Cite, ...]:
    """Every citation a record carries (a disagreement's are those of its sides)."""
    if isinstance(record, Claim):
        return record.cite
    if isinstance(record, Disagreement):
        return tuple(c for side in record.sides for c in side.cite)
    return ()


@dataclass(frozen=True)
class FactBase:
    """All tables, in file order, with lookups the pages need."""

    tables: Mapping[str, tuple[Record, ...]]
    subject: Subject | None = field(default=None, compare=False, repr=False)  # the declarations of the tables
    # source id -> its seed's text as stored: the pages show each excerpt in its sentence
    # (explainer/render/sentences.py)
    texts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    by_id: Mapping[str, Record] = field(init=False, repr=False, compare=False)
    cited_by: Mapping[str, tuple[tuple[Record, int, Cite], ...]] = field(init=False, repr=False, compare=False)
    # record id -> the disagreements listing it, in file order (saves a scan of them per record)
    disputed_in: Mapping[str, tuple[Disagreement, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {r.id: r for records in self.tables.values() for r in records}
        cited: dict[str, list[tuple[Record, int, Cite]]] = {}
        for records in self.tables.values():
            for record in records:
                for n, cite in enumerate(cites_of(record)):
                    cited.setdefault(cite.source, []).append((record, n, cite))
        disputed: dict[str, list[Disagreement]] = {}
        for record in self.tables.get("disagreements", ()):
            if isinstance(record, Disagreement) and record.conflict:
                for ref in dict.fromkeys(record.records):
                    disputed.setdefault(ref, []).append(record)
        object.__setattr__(self, "disputed_in", MappingProxyType({k: tuple(v) for k, v in disputed.items()}))
        object.__setattr__(self, "by_id", MappingProxyType(by_id))
        object.__setattr__(self, "cited_by", MappingProxyType({k: tuple(v) for k, v in cited.items()}))

    def table(self, name: str) -> tuple[Record, ...]:
        return self.tables.get(name, ())

    def declared(self, name: str) -> Table:
        """A table's declaration (explainer/model/registry.py)."""
        assert self.subject is not None, "a FactBase made without its subject"
        return self.subject.table(name)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.table("sources")  # type: ignore[return-value]
