"""The table registry: each table of a subject declared once, everything else derived from it.

A project declares its `Subject` in scripts/subject.py: the site's texts and its tables. A
`Table` says where a table's records come from (data/<name>.yaml, checked against
data/schema/<name>.schema.json), what they are (a record type, declared or derived from the
schema by explainer/model/schema_types.py) and how they are shown (page, order, grouping, renderers, search,
dispute rule). The loader's list of tables, the validator's references and dates, the page
tasks, the home page's sections, the downloads and the search entries all read these
declarations; nothing else in the engine names a table of a subject.

The engine's generic kinds of table (listing, matrix of actors by questions, timeline, figures,
quotes by speaker, sources, disagreements, changes) are declared ready for use in
explainer/tables.py; a subject picks them and adds its own.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..load.problems import place

if TYPE_CHECKING:
    from ..load.load import RawRecord

# The declarations come before the records and the pages made from them: the model's fact base
# holds its subject (explainer/model/facts.py) and the pages read it, so this module names neither back
# (tests/test_imports.py: no import circles). What a declared function receives and returns is
# named here for the reader; to the type checker it is Any.
Record = Any  # a record of the table (explainer/model/facts.py)
FactBase = Any  # every table of the run (explainer/model/facts.py)
Locator = Any  # where each record's anchor lives (explainer/render/common.py)
Ctx = Any  # what a record's body is rendered with (explainer/render/common.py)
Page = Any  # a generated page (explainer/render/common.py)

# Tables every subject has: the engine's own pages (home page, sources, disagreements, changes) read them.
CORE = ("sources", "story", "disagreements", "changes")


@dataclass(frozen=True)
class Search:
    """How a table's records are found by the site's search (explainer/publish/search_entries.py)."""

    kind: str  # what a result says it is: "Figure"
    # Pagefind weights (0 to 10) of the title, the record's own words, and the words of the records it ties.
    weights: tuple[float, float, float] = (7.0, 1.0, 2.0)
    key: Callable[[Record, FactBase], str] | None = None  # the key value shown under the title
    words: Callable[[Record, FactBase], list[str]] | None = None  # the record's searchable words
    title: Callable[[Record, FactBase], str] | None = None  # a result's title, if not the section heading
    outlets: bool = True  # a result's title ends with the outlets its record cites
    # The question words a record of this kind answers ("when" for an event, "how many" for a
    # figure): indexed with it, so a reader's question in plain words finds it.
    asks: tuple[str, ...] = ()
    # Question words that depend on the record ("how many" only for a key fact that gives a number).
    asks_of: Callable[[Record], tuple[str, ...]] | None = None
    only: Callable[[Record], bool] | None = None  # which records are results (None: every one)
    kind_of: Callable[[Record], str] | None = None  # `kind`, where it depends on the record
    # A result that sums up others (a key fact): shown before the single records found with it.
    first: bool = False
    # A field naming another record: a result leads to this record's anchor on that record's page
    # (a key fact to its question's page, where it opens the answer), if it has one; else to its own.
    # That page must show the record under its id (a question's page does for its key facts:
    # tests/test_search_index.py follows every result to its anchor in the built site).
    via: str | None = None


@dataclass(frozen=True)
class DisputeRule:
    """What makes two records of a table speak about the same thing, and how they differ
    (explainer/check/disputes.py); `key` and `differ` read the records as the editors wrote them."""

    key: Callable[[dict], Any]  # None: the record is not compared
    key_field: str  # where a message points
    differ: Callable[[dict, dict], str]  # "" when the two do not differ, else how they differ
    about: str  # how a message names the shared key


# The record type of a table, for type checkers: `Table[Vote](..., record=Vote, heading=...)` has
# mypy check `heading`, `body`, `order` and `group` against Vote (a bare `Table(...)` accepts any).
# Unbound: a bound naming model.Record would be an import circle (model reads the registry).
R = TypeVar("R")
# (table, facts, locator) -> the table's pages
PageMaker = Callable[["Table", FactBase, Locator], list[Page]]


@dataclass(frozen=True)
class Table(Generic[R]):
    """One table, declared once."""

    name: str  # data/<name>.yaml, data/schema/<name>.schema.json, downloads/<name>.json
    singular: str  # how messages and pages name one record: "budget line"
    record: type[R] | None = None  # None: derived from the schema (explainer/model/schema_types.py)
    title: str = ""  # the page's title (plain text)
    page: str | None = None  # the page's stem (<page>.md); None with `shown_on`
    shown_on: str | None = None  # a table on whose first page these records are shown (no page of their own)
    paginate: bool = True  # long listings are cut into pages (explainer/render/budget.py)
    intro: str = ""  # Markdown under the page's title
    section: str = ""  # one line of Markdown on the home page's list of sections ("" = not listed)
    note: str = ""  # what the table holds, on the Data page (plain text)
    refs: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)  # field -> tables its ids name
    # facts -> the listing's sort key (made once per fact base: a key may need an index; sorting is stable)
    order: Callable[[FactBase], Callable[[R], Any]] | None = None
    group: Callable[[R], Any] | None = None  # pages are cut only between groups
    pages: PageMaker | None = None  # None: the generic listing
    # The field whose value heads each record's section and names it in links ("councillor"); by
    # default the first of model.NAME_FIELDS the record has.
    heading_field: str = ""
    heading: Callable[[R, FactBase], str] | None = None  # a record's section heading (plain text), if not a field
    # (record, ctx, marks) -> its main statement (with its citation markers) and its own fields;
    # None: every field of the schema, labelled
    body: Callable[[R, Ctx, str], list[str]] | None = None
    source_line: bool = True  # end a record with "Source: <its articles>" (quotes say "Article" themselves)
    search: Search | None = None  # None: not a search result
    dispute: DisputeRule | None = None
    inputs: tuple[str, ...] = ()  # other data files its pages read (named in their first line)
    # Numeric fields that state a number of the record's citations (a chart's bar, a sort key
    # read as a claim): each value must be among the numbers its excerpts give (check/support.py).
    numbers: tuple[str, ...] = ()
    # One page per record (<page>/<id>.md) and an index (<page>/index.md): the question hubs.
    each_page: bool = False
    # Derived from the schema when the subject is resolved (explainer/model/schema_types.py):
    fields: tuple[str, ...] = ()  # the schema's properties, in its order
    labels: Mapping[str, str] = field(default_factory=dict)  # field -> its label (the schema's `title`)
    dates: frozenset[str] = frozenset()  # fields holding ISO dates
    prose: tuple[str, ...] = ()  # fields in the editor's own voice, held against their citations ("sides[].claim")
    question: str | None = None  # the field by which a record names the open question it bears on

    @property
    def file(self) -> str:
        return f"data/{self.name}.yaml"

    def count(self, n: int) -> str:
        """ "1 budget line", "5 budget lines": how pages count its records."""
        word = self.singular
        plural = (
            word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u") else word + "s"
        )
        return f"{n} {self.singular if n == 1 else plural}"

    @property
    def schema_file(self) -> str:
        return f"data/schema/{self.name}.schema.json"

    def page_inputs(self) -> tuple[str, ...]:
        """The data files named in the first line of this table's pages."""
        return (self.file, *self.inputs, "data/sources.yaml")


@dataclass(frozen=True)
class Noun:
    """What a subject's sources are called on its pages: articles, documents, reports, minutes.

    `schema_type`: the schema.org type of a source in the page metadata (JSON-LD) when its kind
    does not say more ("news report" is always a NewsArticle): Article, Report, DigitalDocument..."""

    singular: str
    plural: str
    schema_type: str = "Article"

    def count(self, n: int) -> str:
        """ "1 article", "2 articles"."""
        return f"{n} {self.singular if n == 1 else self.plural}"

    @property
    def with_article(self) -> str:
        """ "an article", "a document"."""
        return f"{'an' if self.singular[:1].casefold() in 'aeiou' else 'a'} {self.singular}"

    def words(self, text: str) -> str:
        """`text` with {article}, {articles}, {an_article} (and {Article}, {Articles},
        {An_article}) in this noun's words."""
        if "{" not in text:
            return text
        for token, word in (("article", self.singular), ("articles", self.plural), ("an_article", self.with_article)):
            text = text.replace("{" + token + "}", word).replace(
                "{" + token.capitalize() + "}", word[:1].upper() + word[1:]
            )
        return text


ARTICLES = Noun("article", "articles")


@dataclass(frozen=True)
class Subject:
    """What one explainer is about: its texts and its tables, in the order the site lists them.

    The texts of its tables (`intro`, `section`, `note`) may say {articles}, {article} or
    {an_article} (capitalised: {Articles}, ...): the pages say them in the words of `source_noun`
    (explainer/check/site_texts.py; the engine's kinds of table in explainer/tables.py do so)."""

    # The site's name and its description in one sentence: by default site_name and
    # site_description of mkdocs.yml, where MkDocs reads them (explainer/check/site_texts.py); given
    # here too, they must be the same words.
    name: str = ""
    title: str = ""  # the home page's title
    description: str = ""
    tables: tuple[Table, ...] = ()
    # The tables the home page's Sections list shows, in order (default: those with a `section`, as declared).
    sections: tuple[str, ...] = ()
    # Words a reader may type for one another ("vote", "resolution"): each group's words are
    # indexed with every record that has one of them (explainer/publish/search_entries.py).
    synonyms: tuple[tuple[str, ...], ...] = ()
    # What its sources are called on its pages: Noun("document", "documents", "DigitalDocument"),
    # Noun("set of minutes", "sets of minutes", "DigitalDocument"), Noun("report", "reports", "Report").
    source_noun: Noun = ARTICLES
    _by_name: Mapping[str, Table] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Entries that are not a Table are reported by `mistakes` (and left out when resolved).
        object.__setattr__(self, "_by_name", {t.name: t for t in self.tables if isinstance(t, Table)})

    def table(self, name: str) -> Table:
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)


def label(raw: RawRecord, subject: Subject) -> str:
    """How a message names a record: "figure 'figure-x'", or "record #3" (its place in its file,
    load/problems.py: place) without a usable id (the one way, for validate.py, disputes.py and
    incremental.py alike)."""
    rid = raw.data.get("id")
    if not isinstance(rid, str):
        return place(raw.index)
    singular = subject.table(raw.table).singular if subject.has(raw.table) else raw.table
    return f"{singular} {rid!r}"


def mistakes(subject: Subject) -> list[tuple[str, str]]:
    """What is wrong in a subject's declaration itself: (what, how to fix it), naming the table."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, t in enumerate(subject.tables):
        if not isinstance(t, Table):
            out.append(
                (
                    f"SUBJECT.tables[{i}] is {_named(t)}, not a Table",
                    "write Table(...) or call the kind, e.g. tables.figures() (with the parentheses)",
                )
            )
            continue
        if t.name in seen:
            out.append((f"table {t.name!r} is declared twice", "remove one of its Table(...) entries"))
        seen.add(t.name)
    for name in CORE:
        if name not in seen:
            out.append(
                (f"table {name!r} is missing: the engine's own pages need it", f"add tables.{name}() to SUBJECT.tables")
            )
    for name in subject.sections:
        if name not in seen:
            out.append((f"sections names {name!r}, which is not a declared table", "declare it or leave it out"))
    stems: dict[str, str] = {}
    for t in subject.tables:
        if not isinstance(t, Table):
            continue
        if t.shown_on is not None:
            if t.shown_on not in seen:
                out.append(
                    (f"table {t.name!r}: shown_on names {t.shown_on!r}, which is not a declared table", "declare it")
                )
            continue
        if not t.page:
            out.append((f"table {t.name!r} has no page", "give it page='<stem>' (its page is <stem>.md), or shown_on="))
        elif t.each_page and t.pages is None:
            out.append((f"table {t.name!r} has a page per record but no page maker", "give it pages=..."))
        elif t.page in stems:
            out.append((f"table {t.name!r}: page {t.page!r} is also the page of {stems[t.page]!r}", "give it another"))
        else:
            stems[t.page] = t.name
        if not t.title:
            out.append((f"table {t.name!r} has no title", "give it title='<the page title>'"))
        for ref, targets in t.refs.items():
            for target in targets or ():
                if target not in seen:
                    out.append(
                        (
                            f"table {t.name!r}: refs[{ref!r}] names {target!r}, which is not a declared table",
                            f"declare {target!r}, or let refs[{ref!r}] name a declared table (None: any)",
                        )
                    )
    return out


SUBJECT_ENV = "EXPLAINER_SUBJECT"
DEFAULT_MODULE = "scripts.subject"


class SubjectError(Exception):
    """The subject could not be loaded; the message says why and what to do, `where` the file
    and line to look at when known."""

    def __init__(self, message: str, where: tuple[str, int] | None = None):
        super().__init__(message)
        self.where = where


def load_subject(module: str | None = None, root: Path | None = None) -> Subject:
    """The subject of a project: `SUBJECT` in the module EXPLAINER_SUBJECT names, else in
    `root`/scripts/subject.py, else in `scripts.subject` as Python finds it (the project a
    command runs in). A project's scripts/ is imported as a package of its own, so its modules
    import each other relatively (`from . import wards`)."""
    name = module or os.environ.get(SUBJECT_ENV)
    try:
        if name is None and root is not None and (root / "scripts" / "subject.py").is_file():
            name = "scripts/subject.py"
            found = _project_subject(root.resolve() / "scripts")
        else:
            name = name or DEFAULT_MODULE
            found = importlib.import_module(name)
    except ImportError as exc:
        raise SubjectError(
            f"cannot import the subject module {name or DEFAULT_MODULE!r} ({exc}): run from the project's root, "
            f"which has scripts/subject.py, or set {SUBJECT_ENV} to the module that declares SUBJECT"
        ) from None
    except Exception as exc:  # the module itself is broken: say where, never a traceback
        where = _where_raised(exc)
        raise SubjectError(
            f"the subject module {name or DEFAULT_MODULE!r} fails: {type(exc).__name__}: {exc}", where
        ) from None
    subject = getattr(found, "SUBJECT", None)
    if not isinstance(subject, Subject):
        raise SubjectError(f"{name} has no SUBJECT = Subject(...): declare the explainer's subject there")
    return subject


def _named(value: object) -> str:
    name = getattr(value, "__qualname__", None)
    return f"the function {name}" if callable(value) and name else f"a {type(value).__name__}"


def _where_raised(exc: Exception) -> tuple[str, int] | None:
    """The file and line of a syntax error, or of the deepest frame of a project file."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return exc.filename, exc.lineno or 1
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if "importlib" not in frame.filename and not frame.filename.startswith("<"):
            return frame.filename, frame.lineno or 1
    return None


def _project_subject(folder: Path) -> ModuleType:
    """scripts/subject.py of a project: as `scripts.subject` when that is the `scripts` Python
    finds first, else under a package name of its own, so two projects never share modules."""
    spec = importlib.util.find_spec("scripts")
    if (
        spec is not None
        and spec.submodule_search_locations
        and Path(next(iter(spec.submodule_search_locations))).resolve() == folder
    ):
        return importlib.import_module(DEFAULT_MODULE)
    package = "explainer_subject_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    if package not in sys.modules:
        init = folder / "__init__.py"
        spec = importlib.util.spec_from_file_location(
            package, init if init.is_file() else folder / "subject.py", submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {folder}")
        made = importlib.util.module_from_spec(spec)
        sys.modules[package] = made
        try:
            if init.is_file():
                spec.loader.exec_module(made)
        except BaseException:
            del sys.modules[package]
            raise
    return importlib.import_module(package + ".subject")
