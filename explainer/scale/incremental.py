"""The live preview's memory: after an edit, redo only what the edit changed.

`make serve` regenerates in one long-running process after every save. A `Memo` keeps what the
last run made, and each step of the pipeline (load -> check -> model -> render -> write, as in
generate.py) reuses it where its inputs are the same:

- load: a file whose bytes are unchanged is not read into records again; a changed file has only
  the records around the change parsed again (explainer/scale/reparse.py); a record whose data is the
  same object as last run, and passed its schema then, is not checked against it again.
- check: the rules between records run as always, except each record's own checks (its text,
  dates, excerpts, quote) for a record whose data and cited seeds are those of last run, when
  they found nothing (`unchanged` in validate._Checker).
- model: a record's dataclass is reused while its data and origin are.
- render: renderers get the fact base and locator through recording wrappers, which note every
  record, table and index entry each page group (and each listing page, explainer/render/reuse.py)
  looks up. A group or page is rendered again only if one of those, or what it is made of,
  differs from last run; otherwise last run's text is used.
- write: a page whose text is what it was and whose file in docs/ is the very file the last run
  left there (same inode, size, time) is not read back to compare.

The result is the same, byte for byte, as a full generation (tests/test_incremental.py edits
data many ways and compares). Only the live preview uses this; the command line runs in full.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import CodeType, MappingProxyType
from typing import Any

from ..check.schema import Schemas, check_record, load_schemas
from ..check.validate import Loaded, Paths, assemble, cross_check, resolve, seed_texts
from ..load import load
from ..load.problems import DataError, Problem, shown_path
from ..model.facts import Disagreement, FactBase, Origin, Record, cites_of, make_record
from ..model.registry import Subject, label
from ..publish import write
from ..publish.downloads import extra_tasks
from ..publish.write import WriteReport
from ..render import page_tasks, reuse
from ..render.common import Locator, Page
from .reparse import reparse, starts

ALL = object()  # a dependency on every key of an index (the renderer iterated it)


@dataclass(frozen=True)
class _File:
    raw: bytes | None  # None: not read (an odd file, or past the size limit)
    starts: list[int]
    table: load.TableFile | None  # with `passed` set
    problems: tuple[Problem, ...]


def _same(a: Any, b: Any) -> bool:
    """Equal, and for records also written at the same place (Record equality leaves out origin)."""
    if a is b:
        return True
    if isinstance(a, Record):
        return isinstance(b, Record) and a == b and a.origin == b.origin
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _changed(old: Mapping, new: Mapping) -> set:
    """Keys whose value differs (plain equality; records made again this run are added by the caller)."""
    out = set(old.keys() - new.keys())
    for k, v in new.items():
        o = old.get(k, _MISSING)
        if o is not v and o != v:
            out.add(k)
    return out


_MISSING = object()


class _Reads(Mapping):
    """A read-only view of one index of the fact base that notes each key looked up."""

    __slots__ = ("_data", "_note")

    def __init__(self, data: Mapping, note: Callable[[Any], None]):
        self._data, self._note = data, note

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._data

    def __iter__(self) -> Iterator:
        self._note(ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._note(ALL)
        return len(self._data)

    def keys(self):
        self._note(ALL)
        return self._data.keys()

    def items(self):
        self._note(ALL)
        return self._data.items()

    def values(self):
        self._note(ALL)
        return self._data.values()


Deps = dict[str, set]
INDEXES = ("tables", "by_id", "cited_by", "disputed_in")  # of the fact base
LOCATOR = tuple(f.name for f in fields(Locator))  # the locator's mappings: pages, and each table's parts


@dataclass(frozen=True)
class _Made:
    key: Any  # what the group or page is made of besides lookups
    deps: Deps  # what it looked up
    pages: Any  # list[Page] for a group, Page for a listing page
    within: dict[str, _Made] | None = None  # a group's listing pages


class _Render:
    """One run of the renderers with recording wrappers; a reuse.Listener for listing pages."""

    def __init__(
        self,
        facts: FactBase,
        locator: Locator,
        changes: dict[str, set] | None,
        groups: dict[int, _Made],
        pages: dict[str, _Made],
    ):
        self.changes = changes  # per index, the keys whose value differs from last run (None: first run)
        self.last_groups, self.last_pages = groups, pages
        self.groups: dict[int, _Made] = {}
        self.pages: dict[str, _Made] = {}
        self.open: list[Deps] = []  # the group being rendered, and the listing page within it
        self.page_key: list[tuple[str, Any]] = []
        self.within: dict[str, _Made] = {}  # the listing pages of the group being rendered
        self.facts = object.__new__(FactBase)
        object.__setattr__(self.facts, "subject", facts.subject)  # declarations: the same for the whole run
        object.__setattr__(self.facts, "texts", facts.texts)  # seeds: a changed one remakes its records
        for name in INDEXES:
            object.__setattr__(self.facts, name, _Reads(getattr(facts, name), functools.partial(self.note, name)))
        # Each _Reads stands in for the Locator's dict it wraps, noting what is read.
        reads: dict[str, Any] = {
            name: _Reads(getattr(locator, name), functools.partial(self.note, name)) for name in LOCATOR
        }
        self.locator = Locator(**reads)

    def note(self, index: str, key: Any) -> None:
        for deps in self.open:
            deps.setdefault(index, set()).add(key)

    def holds(self, deps: Deps) -> bool:
        if self.changes is None:
            return False
        for index, keys in deps.items():
            changed = self.changes[index]
            if changed and (ALL in keys or not changed.isdisjoint(keys)):
                return False
        return True

    def _merge(self, deps: Deps) -> None:
        for d in self.open:
            for index, keys in deps.items():
                d.setdefault(index, set()).update(keys)

    def group(self, i: int, task: Callable[[], list[Page]]) -> list[Page]:
        key = _task_key(task)
        last = self.last_groups.get(i)
        if last is not None and _same(last.key, key) and self.holds(last.deps):
            self.groups[i] = last
            self.pages.update(last.within or {})  # still valid: the group's reads include theirs
            return last.pages
        deps: Deps = {}
        self.open.append(deps)
        self.within = {}
        try:
            pages = task()
        finally:
            self.open.pop()
        self.groups[i] = _Made(key, deps, pages, self.within)
        self.pages.update(self.within)
        return pages

    def page(self, path: str, key: Any) -> Page | None:
        last = self.last_pages.get(path)
        if last is not None and _same(last.key, key) and self.holds(last.deps):
            self.within[path] = last
            self._merge(last.deps)  # the group depends on it too
            return last.pages
        self.open.append({})
        self.page_key.append((path, key))
        return None

    def keep(self, page: Page) -> Page:
        path, key = self.page_key.pop()
        deps = self.open.pop()
        self._merge(deps)
        self.within[path] = _Made(key, deps, page)
        return page


def _task_key(task: Callable) -> Any:
    """What a page group is made of besides the fact base and locator it reads through."""
    args: tuple = ()
    if isinstance(task, functools.partial):
        func: Any = task.func
        args = tuple(a for a in task.args if not isinstance(a, (FactBase, Locator)))
        args += tuple(sorted((k, v) for k, v in task.keywords.items() if not isinstance(v, (FactBase, Locator))))
    else:
        func = task
    code: CodeType | None = getattr(func, "__code__", None)
    return (code if code is not None else func, args)


class InputsChanged(Exception):
    """A file changed while the run read it (an editor was saving): nothing was written."""


class Memo:
    """What the last run of the live preview made (see the module's docstring).

    `inputs`, if given, tells the state of the input files (explainer/preview/saves.py snapshot): asked
    before the run reads anything and again before it renames a page into place, so that a file
    that changed in between (an editor saving it) is never published half read."""

    def __init__(self, inputs: Callable[[], object] | None = None) -> None:
        self.inputs = inputs
        self.seen: object = None
        self.schemas: Schemas | None = None
        self.subject: Subject | None = None
        self.files: dict[str, _File] = {}
        self.clean: dict[int, dict] = {}  # the data of records whose checks found nothing, by id(data)
        self.ids: dict[str, str] = {}
        self.seed_of: dict[str, Any] = {}  # each source's seed as last checked
        self.by_file: dict[str, tuple[load.TableFile, list[Record], dict]] = {}  # a file's records, and by id(data)
        self.remade: list[Record] = []
        self.gone: list[Record] = []
        self.delta: tuple | None = None
        self.facts: FactBase | None = None
        self.locator: Locator | None = None
        self.groups: dict[int, _Made] = {}
        self.pages: dict[str, _Made] = {}
        self.on_disk: dict[str, write.Known] = {}

    def generate(self, paths: Paths, dry_run: bool = False, warnings: list[Problem] | None = None) -> WriteReport:
        """The pipeline of generate.generate, each step reusing what it can."""
        self.seen = self.inputs() if self.inputs is not None else None
        loaded = self.load(paths)
        problems = [*loaded.problems, *self.check(loaded, warnings)]
        if problems:
            raise DataError(problems, loaded.unread)
        facts = self.model(loaded)
        pages = self.render(facts, paths)
        report = self.write(paths.root / "docs", pages, dry_run)
        # What this memo holds lives until the next run replaces it, and holds no cycles: moved out
        # of the collector's sight, it is not walked by every collection in between (millions of
        # objects at 30,000 claims; objects are still freed when no longer referenced).
        gc.freeze()
        return report

    # -- load ------------------------------------------------------------------------------
    def load(self, paths: Paths) -> Loaded:
        if not paths.data.is_dir():
            raise DataError(
                [Problem(str(paths.data), 1, 1, "is missing", fix="create data/ with one YAML file per table")]
            )
        schemas = load_schemas(paths.schema, shown_path(paths.schema, paths.root), paths.root)
        problems: list[Problem] = []
        subject = resolve(paths, schemas, problems)
        if schemas is not self.schemas or subject is not self.subject:  # another contract: check every record again
            self.schemas, self.subject, self.files = schemas, subject, {}
        files = []
        kept: dict[str, _File] = {}
        for file in sorted(paths.data.glob("*.yaml")):
            rel = shown_path(file, paths.root)
            refused: list[Problem] = []
            raw = load.read_data(file, rel, refused, paths.root)  # None: refused unread (an odd file, too large)
            last = self.files.get(rel)
            same = raw is not None and last is not None and last.raw == raw
            if raw is None:
                entry = _File(None, [], None, tuple(refused))
            else:
                entry = last if last is not None and same else self._load(file, rel, raw, last, schemas, subject)
            kept[rel] = entry
            problems.extend(entry.problems)
            if entry.table is not None:
                files.append(entry.table)
        self.files = kept
        return assemble(paths, subject, schemas, files, problems)

    def _load(self, file: Path, rel: str, raw: bytes, last: _File | None, schemas: Schemas, subject: Subject) -> _File:
        found: list[Problem] = []
        got = None
        table: load.TableFile | None
        if last is not None and last.table is not None and not last.problems and last.raw:
            got = reparse(file, rel, last.raw, last.starts, last.table, raw)
        if got is not None:
            table, record_starts = got
        else:
            table = load.parse_table(file, raw, rel, found)
            record_starts = starts(raw) if table is not None and not found else []
        if table is None:
            return _File(raw, [], None, tuple(found))
        passed_before = (
            {id(r.data) for r, ok in zip(last.table.records, last.table.passed, strict=True) if ok}
            if last is not None and last.table is not None
            else set()
        )
        checked = load.check_records(
            table,
            lambda record: list(check_record(schemas, record, label(record, subject))),
            found,
            lambda record: id(record.data) in passed_before,  # the same data object: it passed the same schemas
        )
        if checked is None:
            return _File(raw, [], None, tuple(found))
        return _File(raw, record_starts, checked, tuple(found))

    # -- check -----------------------------------------------------------------------------
    def check(self, loaded: Loaded, warnings: list[Problem] | None = None) -> list[Problem]:
        """validate.cross_check, skipping the own checks of records that passed them last run with
        the same data and citing sources whose seed is the same (the same Seed object: same bytes)."""
        seed_of = {r.data["id"]: loaded.seeds.get(r.data["seed"]) for r in loaded.valid if r.table == "sources"}
        moved = {sid for sid in seed_of.keys() | self.seed_of.keys() if seed_of.get(sid) is not self.seed_of.get(sid)}

        def cites_moved(data: dict) -> bool:
            cites = [*data.get("cite", ()), *(c for side in data.get("sides", ()) for c in side.get("cite", ()))]
            return any(c["source"] in moved for c in cites)

        clean = self.clean
        unchanged = frozenset(
            id(raw) for raw in loaded.valid if id(raw.data) in clean and not (moved and cites_moved(raw.data))
        )
        ids: dict[str, str] = {}  # what a reference can name: each id's table (the first record with it)
        for raw in loaded.every:
            rid = raw.data.get("id")
            if isinstance(rid, str) and rid not in ids:
                ids[rid] = raw.table
        settled = unchanged if ids == self.ids else frozenset()
        flagged: set[int] = set()
        problems = cross_check(loaded, unchanged, flagged, settled, warnings)
        self.clean = {id(raw.data): raw.data for raw in loaded.valid if id(raw) not in flagged}
        self.seed_of, self.ids = seed_of, ids
        return problems

    # -- model -----------------------------------------------------------------------------
    def model(self, loaded: Loaded) -> FactBase:
        """validate.to_factbase, keeping each record's dataclass while its data and origin stay."""
        subject = loaded.subject
        types = {t.name: t.record for t in subject.tables}
        tables: dict[str, list] = {name: [] for name in subject.names}
        by_file: dict[str, tuple[load.TableFile, list[Record], dict]] = {}
        self.remade, self.gone = [], []  # records made anew (their origin may have moved, which equality ignores)
        for file in loaded.files:  # in the order of loaded.valid: files in order, records that passed
            last = self.by_file.get(file.path)
            if last is not None and last[0] is file:  # the same file object: the same records
                by_file[file.path] = last
                tables[file.table].extend(last[1])
                continue
            known = last[2] if last is not None else {}
            made: dict[int, tuple[dict, tuple[str, int], Record]] = {}
            records = []
            for raw, passed in zip(file.records, file.passed, strict=True):
                if not passed:
                    continue
                where = (raw.path, raw.marks[()][0])
                hit = known.get(id(raw.data))
                if hit is not None and hit[0] is raw.data and hit[1] == where:
                    record = hit[2]
                else:
                    record = make_record(types[raw.table], raw.data, Origin(*where))  # type: ignore[arg-type]
                    self.remade.append(record)
                made[id(raw.data)] = (raw.data, where, record)
                records.append(record)
            by_file[file.path] = (file, records, made)
            tables[file.table].extend(records)
            if last is not None:
                kept = {id(r) for r in records}
                self.gone += [r for r in last[1] if id(r) not in kept]
        for path, last in self.by_file.items():
            if path not in by_file:
                self.gone += last[1]
        self.by_file = by_file
        return self._factbase({name: tuple(records) for name, records in tables.items()}, subject, seed_texts(loaded))

    def _factbase(self, tables: dict[str, tuple[Record, ...]], subject: Subject, texts: dict[str, str]) -> FactBase:
        """FactBase(tables), its indexes kept from last run where no record made anew touches them.

        by_id and disputed_in are cheap and made as FactBase makes them; cited_by (the costly
        one) keeps each source's citations unless a record citing it was made anew or is gone,
        and its keys in the order of their first citation, as FactBase has them."""
        last = self.facts
        self.delta = None
        if last is None or len(self.remade) > 1000:
            return FactBase(tables, subject, texts)
        pos = {id(r): i for i, r in enumerate(r for records in tables.values() for r in records)}
        gone, fresh = self.gone, self.remade
        cited = dict(last.cited_by)
        affected = {c.source for r in (*gone, *fresh) for c in cites_of(r)}
        for source in affected:
            entries = [e for e in cited.get(source, ()) if id(e[0]) in pos]
            entries += [(r, n, c) for r in fresh for n, c in enumerate(cites_of(r)) if c.source == source]
            entries.sort(key=lambda e: (pos[id(e[0])], e[1]))
            if entries:
                cited[source] = tuple(entries)
            else:
                cited.pop(source, None)
        first = {source: (pos[id(entries[0][0])], entries[0][1]) for source, entries in cited.items()}
        disputed: dict[str, list[Disagreement]] = {}
        for record in tables.get("disagreements", ()):
            if isinstance(record, Disagreement) and record.conflict:
                for ref in dict.fromkeys(record.records):
                    disputed.setdefault(ref, []).append(record)
        facts = object.__new__(FactBase)
        object.__setattr__(facts, "tables", tables)
        object.__setattr__(facts, "subject", subject)
        object.__setattr__(facts, "texts", texts)
        object.__setattr__(facts, "by_id", MappingProxyType({r.id: r for records in tables.values() for r in records}))
        ordered = {k: cited[k] for k in sorted(cited, key=first.__getitem__)}
        object.__setattr__(facts, "cited_by", MappingProxyType(ordered))
        object.__setattr__(facts, "disputed_in", MappingProxyType({k: tuple(v) for k, v in disputed.items()}))
        # What differs from `last`, for render: the keys where a record made anew or gone sits.
        self.delta = (last, {r.id for r in (*gone, *fresh)}, {r.table for r in (*gone, *fresh)}, affected)
        return facts

    # -- render ----------------------------------------------------------------------------
    def render(self, facts: FactBase, paths: Paths) -> list[Page]:
        """tasks.render (one process), reusing every page whose inputs are unchanged."""
        locator = Locator.build(facts)
        changes = None
        if self.facts is not None and self.locator is not None:
            if self.delta is not None and self.delta[0] is self.facts:  # every other record is the very same object
                _, ids, tables, sources = self.delta
                changes = {
                    "by_id": set(ids),
                    "tables": set(tables),
                    "cited_by": set(sources),
                    "disputed_in": _changed(self.facts.disputed_in, facts.disputed_in),
                }
            else:
                changes = {name: _changed(getattr(self.facts, name), getattr(facts, name)) for name in INDEXES}
            for name in LOCATOR:
                old, new = getattr(self.locator, name), getattr(locator, name)
                changes[name] = set() if old == new else _changed(old, new)
            for record in self.remade:  # count as changed wherever they are
                changes["by_id"].add(record.id)
                changes["tables"].add(record.table)
                changes["cited_by"].update(c.source for c in cites_of(record))
                if isinstance(record, Disagreement):
                    changes["disputed_in"].update(record.records)
            if "parts" in changes:  # a record made anew (perhaps moved) is in its table's parts
                changes["parts"].update(changes["tables"])
        run = _Render(facts, locator, changes, self.groups, self.pages)
        token = reuse.LISTENER.set(run)
        try:
            pages = [
                page for i, (_, task) in enumerate(page_tasks(run.facts, run.locator)) for page in run.group(i, task)
            ]
        except BaseException:
            self.facts, self.by_file = None, {}  # the next run starts afresh
            raise
        finally:
            reuse.LISTENER.reset(token)
        pages += [page for _, task in extra_tasks(facts, paths, locator) for page in task()]  # memoised in downloads.py
        self.facts, self.locator, self.groups, self.pages = facts, locator, run.groups, run.pages
        return pages

    # -- write -----------------------------------------------------------------------------
    def write(self, docs: Path, pages: list[Page], dry_run: bool) -> WriteReport:
        run = write.begin(docs, dry_run)
        try:
            staged = write.stage(run, pages, self.on_disk)
        except BaseException:
            write.discard(run)
            raise
        if self.inputs is not None and self.inputs() != self.seen:
            write.discard(run)
            raise InputsChanged()
        self.on_disk = {}  # until the pages are in place, nothing is known about docs/
        report = write.finish(run, staged)
        if not dry_run:
            self.on_disk = write.known(docs, pages)
        return report
