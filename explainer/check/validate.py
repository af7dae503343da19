"""Step 2: everything that must hold before a single page is written.

`build_factbase` runs load -> schema -> the rules below -> model, collecting every problem of
the run, and raises `DataError` with all of them if there is any. The rules are the ones a
schema cannot express: ids unique across tables, every reference resolving, every excerpt
verbatim in its seed, supersessions without cycles, disputed records tied to a disagreement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load import conflicts
from ..load.load import BIDI, CONTROL, UNSAFE, VISIBLE, RawRecord, Spread, TableFile, gc_paused, in_order, load_dir
from ..load.problems import DataError, Problem, nearest, shown_path
from ..load.seeds import Seed, Unreadable, read_seeds
from ..model import schema_types as record_types
from ..model.facts import FactBase, Origin, make_record
from ..model.registry import Subject, SubjectError, label, load_subject
from . import disputes, site_texts, support
from .schema import MIN_EXCERPT_CHARS, Schemas, accepts, check_record, load_schemas, required


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its inputs; tests and the benchmark point it at temporary folders.

    `subject`: the declaration of its tables (explainer/model/registry.py); by default the project's
    scripts/subject.py (or the module EXPLAINER_SUBJECT names; see registry.load_subject)."""

    root: Path
    subject: Subject | None = None

    def declared(self) -> Subject:
        """The subject given, else the project's own (scripts/subject.py under root), else the one
        of the project the command runs in."""
        return self.subject if self.subject is not None else load_subject(root=self.root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def schema(self) -> Path:
        return self.root / "data" / "schema"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"


# A record id as editors write it in prose: a slug with at least one hyphen ("fig-planned-size").
_RECORD_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")


class _Checker:
    def __init__(
        self,
        subject: Subject,
        raws: list[RawRecord],
        every: list[RawRecord],
        seeds: dict[str, Seed | Unreadable],
        seed_dir: str,
        unsafe_files: set[str] | None = None,
        unchanged: frozenset[int] = frozenset(),
        settled: frozenset[int] = frozenset(),
        subject_file: str = "scripts/subject.py",
        schemas: Schemas | None = None,
        unread: tuple[str, ...] = (),
    ):
        self.subject = subject
        self.unread = unread  # files that could not be read: what may follow from them is held back
        self.sources_unread = any(Path(path).name in ("sources.yaml", "sources.schema.json") for path in unread)
        self.schemas = schemas  # to say what a field accepts
        self.subject_file = subject_file
        self.raws = raws  # records that passed their schema: the rules below rely on their shape
        # Sources whose record failed its schema (reported there): their outlets and dates are not
        # known, so what claims citing them say is not checked until they are fixed (set by run).
        self.failed_sources: frozenset[str] = frozenset()
        self.unsafe_files = unsafe_files  # files whose values may hold UNSAFE characters (None: all may)
        self.every = every  # all records, so a reference to a record with a typo still resolves
        self.seeds = seeds
        self.seed_dir = seed_dir
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # claim-support hedges: shown, not blocking
        self.by_id: dict[str, RawRecord] = {}
        self.also: dict[str, list[RawRecord]] = {}  # an id's later records, where it is given twice
        self.suggested = 0  # wrong references given a suggestion so far (_nearest_id)
        # The live preview (explainer/scale/incremental.py): ids of records whose own checks (text, dates,
        # excerpts) passed last run with the same data and the same seeds, so need not run again;
        # of those whose references also hold (no id came or went); and of records any problem
        # was found on this run.
        self.unchanged = unchanged
        self.settled = settled
        self.flagged: set[int] = set()

    def at(
        self,
        raw: RawRecord,
        path: tuple[Any, ...],
        field: str,
        message: str,
        fix: str = "",
        warning: bool = False,
        follows: bool = False,
    ) -> None:
        line, col = raw.mark(path)
        problem = Problem(
            raw.path, line, col, message, record=label(raw, self.subject), field=field, fix=fix, follows=follows
        )
        self.flagged.add(id(raw))  # the live preview checks it again next run (a warning is shown every run)
        if warning:
            self.warnings.append(dataclasses.replace(problem, warning=True))
            return
        self.problems.append(problem)

    def run(self) -> list[Problem]:
        for raw in self.raws:
            if id(raw) in self.unchanged:
                continue
            if self.unsafe_files is None or raw.path in self.unsafe_files:
                self.text_safety(raw, raw.data, ())
            self.visible(raw, raw.data, ())
            self.dates(raw)
        for raw in self.every:
            rid = raw.data.get("id")
            if not isinstance(rid, str):
                continue
            if rid in self.by_id:
                first = self.by_id[rid]
                self.also.setdefault(rid, []).append(raw)
                self.at(
                    raw,
                    ("id",),
                    "id",
                    f"repeats the id {rid!r} of {label(first, self.subject)} ({first.path}:{first.mark()[0]})",
                    "ids are unique across all tables: give the newer of the two records another id",
                )
            else:
                self.by_id[rid] = raw
        sources = {r.data["id"]: r for r in self.raws if r.table == "sources"}
        self.failed_sources = frozenset(
            rid for rid, r in self.by_id.items() if r.table == "sources" and rid not in sources
        )
        self.check_sources(list(sources.values()))
        outlets = support.Outlets.of(r.data for r in sources.values())
        for raw in self.raws:
            if id(raw) not in self.settled:
                self.references(raw)
            if id(raw) in self.unchanged:
                continue
            for path, cite in self.cites(raw):
                self.cite(raw, path, cite, sources)
            if raw.table == "quotes":
                self.quote_text(raw, sources)
            self.claim_support(raw, outlets)
        self.supersessions()
        self.disputes()
        self.problems += disputes.check(
            self.raws, self.by_id, self.subject
        )  # dispute candidates (explainer/check/disputes.py)
        return self.problems

    def text_safety(self, raw: RawRecord, value: Any, path: tuple[Any, ...]) -> None:
        # Strings are checked where they sit, so a clean record costs one C-level search per string.
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, str):
                    if UNSAFE.search(v):
                        self.unsafe(raw, v, (*path, k))
                elif isinstance(v, (dict, list)):
                    self.text_safety(raw, v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, str):
                    if UNSAFE.search(v):
                        self.unsafe(raw, v, (*path, i))
                elif isinstance(v, (dict, list)):
                    self.text_safety(raw, v, (*path, i))
        elif isinstance(value, str) and UNSAFE.search(value):
            self.unsafe(raw, value, path)

    def unsafe(self, raw: RawRecord, value: str, path: tuple[Any, ...]) -> None:
        name = ".".join(str(p) for p in path)
        if m := BIDI.search(value):
            self.at(
                raw,
                path,
                name,
                f"contains the bidirectional control character U+{ord(m.group()):04X}",
                "delete it: it can make the text display differently from what it says",
            )
        elif m := CONTROL.search(value):
            self.at(raw, path, name, f"contains the control character U+{ord(m.group()):04X}", "delete it")

    def visible(self, raw: RawRecord, value: Any, path: tuple[Any, ...]) -> None:
        """Every text a record holds shows something: one made only of spaces (of any kind) or
        invisible characters (a zero-width space) would be shown to readers as nothing."""
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, v in items:
            if isinstance(v, str):
                if v and VISIBLE.search(v) is None:
                    where = (*path, key)
                    chars = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in v[:40]))
                    optional = (
                        self.schemas is not None
                        and raw.table in self.schemas.validators
                        and not required(self.schemas.validators[raw.table], raw.data, where)
                    )
                    self.at(
                        raw,
                        where,
                        _field(where),
                        f"shows nothing: it holds only spaces or invisible characters ({chars})",
                        "write the words" + (", or leave the field out" if optional else ""),
                    )
            elif isinstance(v, (dict, list)):
                self.visible(raw, v, (*path, key))

    def dates(self, raw: RawRecord) -> None:
        for name in self.subject.table(raw.table).dates & raw.data.keys():
            value = raw.data[name]
            if isinstance(value, str) and value != "unknown":
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    unknown = self.schemas is not None and accepts(self.schemas, raw.table, name, "unknown")
                    self.at(
                        raw,
                        (name,),
                        name,
                        f"{value!r} is not a real date",
                        "write an existing date as YYYY-MM-DD" + (", or unknown" if unknown else ""),
                    )

    def check_sources(self, sources: list[RawRecord]) -> None:
        seen: dict[str, RawRecord] = {}
        for raw in sources:
            seed = raw.data["seed"]
            found = self.seeds.get(seed)
            if found is None:
                names = ", ".join(sorted(self.seeds)) or "none"
                self.at(
                    raw,
                    ("seed",),
                    "seed",
                    f"names {self.seed_dir}/{seed}, which does not exist",
                    f"use one of the files in {self.seed_dir}/: {names}",
                )
            elif isinstance(found, Unreadable):
                self.at(raw, ("seed",), "seed", f"names {self.seed_dir}/{seed}, which {found.message}", found.fix)
            elif (
                "sha256" in raw.data
                and found.sha256 != raw.data["sha256"]
                and (now := found.endings_converted(raw.data["sha256"]))
            ):
                was = "LF" if now == "CRLF" else "CRLF"
                self.at(
                    raw,
                    ("sha256",),
                    "sha256",
                    f"does not match {self.seed_dir}/{seed}, whose line endings are now {now}: with {was} "
                    "line endings its bytes are the ones recorded, so something converted them (git's "
                    "core.autocrlf, or an editor)",
                    f"restore it (git checkout -- {self.seed_dir}/{seed}), and keep git from converting seeds: "
                    f"add the line '{self.seed_dir}/** -text' to .gitattributes",
                )
            elif "sha256" in raw.data and found.sha256 != raw.data["sha256"]:
                self.at(
                    raw,
                    ("sha256",),
                    "sha256",
                    f"does not match {self.seed_dir}/{seed}: the seed's bytes have "
                    f"changed since this source was recorded (their SHA-256 is now {found.sha256})",
                    f"seeds are kept as received: restore it (git checkout -- {self.seed_dir}/{seed}); to take "
                    "in a correction the outlet published, add the corrected text as a new source "
                    "(make add-source) or, if the seed is meant to change, set sha256 to the new value "
                    "and say what was corrected in the source's note",
                )
            if seed in seen:
                self.at(
                    raw,
                    ("seed",),
                    "seed",
                    f"describes the same seed as {label(seen[seed], self.subject)}",
                    "one source record per seed",
                )
            seen.setdefault(seed, raw)

    def cites(self, raw: RawRecord) -> Iterator[tuple[tuple[Any, ...], dict]]:
        for i, cite in enumerate(raw.data.get("cite", [])):
            yield ("cite", i), cite
        for s, side in enumerate(raw.data.get("sides", [])):
            for i, cite in enumerate(side.get("cite", [])):
                yield ("sides", s, "cite", i), cite

    def _seed_of(self, source: RawRecord | None) -> Seed | None:
        if source is None:
            return None
        seed = self.seeds.get(source.data["seed"])
        return seed if isinstance(seed, Seed) else None

    def cite(self, raw: RawRecord, path: tuple[Any, ...], cite: dict, sources: dict[str, RawRecord]) -> None:
        name = _field(path)
        if not self.excerpt_shape(raw, (*path, "excerpt"), cite["excerpt"]):
            return
        source = sources.get(cite["source"])
        if source is None:
            known = self.by_id.get(cite["source"])
            if known is not None and known.table == "sources":
                return  # the source record has its own schema error, reported already
            self.at(
                raw,
                (*path, "source"),
                f"{name}.source",
                f"names the unknown source {cite['source']!r}",
                "use the id of a record in data/sources.yaml: " + ", ".join(sorted(sources))
                if sources
                else "add the source to data/sources.yaml (make add-source)",
                follows=self.sources_unread,
            )
            return
        seed = self._seed_of(source)
        if seed is None or seed.contains(cite["excerpt"]):
            return
        passage, difference = seed.closest(cite["excerpt"])
        detail = f'; closest passage: "{passage}"' if passage else ""
        self.at(
            raw,
            (*path, "excerpt"),
            f"{name}.excerpt",
            f"not found in {self.seed_dir}/{seed.name} (source {cite['source']!r}){detail}",
            (difference + "; " if difference else "")
            + 'copy the words exactly as the seed has them (make find Q="the words" prints them)',
        )

    def excerpt_shape(self, raw: RawRecord, path: tuple[Any, ...], excerpt: str) -> bool:
        """Whether an excerpt can point at one place: a letter or digit, MIN_EXCERPT_CHARS."""
        if not VISIBLE.search(excerpt):
            return False  # visible() says so
        if not any(c.isalnum() for c in excerpt):
            self.at(
                raw,
                path,
                _field(path),
                "has no letter or digit: punctuation and spaces alone would match almost anywhere in the seed",
                'copy the seed\'s words that support the record (make find Q="the words" prints them)',
            )
            return False
        length = len(" ".join(excerpt.split()))
        if length < MIN_EXCERPT_CHARS:
            self.at(
                raw,
                path,
                _field(path),
                f"is {length} character{'s' if length != 1 else ''} long; an excerpt needs at least "
                f"{MIN_EXCERPT_CHARS}, so that it points at one place in the seed",
                "copy a few more of the seed's words around it",
            )
            return False
        return True

    def claim_support(self, raw: RawRecord, outlets: support.Outlets) -> None:
        """The record's own words against the excerpts it cites (explainer/check/support.py)."""
        table = self.subject.table(raw.table)
        prose = table.prose
        data = raw.data
        if not (prose or table.numbers) or not (data.get("cite") or data.get("sides")):
            return
        every = [(c["source"], c["excerpt"]) for _, c in self.cites(raw)]
        found: list[tuple[tuple[Any, ...], support.Finding]] = []
        for name in table.numbers:
            value = data.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool) and every:
                finding = support.quantity(value, [e for _, e in every])
                if finding is not None:
                    found.append(((name,), finding))
        texts: list[tuple[tuple[Any, ...], str, list[tuple[str, str]]]] = []
        for name in prose:
            if "[]." in name:
                array, sub = name.split("[].")
                for i, item in enumerate(data.get(array) or ()):
                    if isinstance(item, dict) and isinstance(item.get(sub), str):
                        cited = [(c["source"], c["excerpt"]) for c in item.get("cite", ())]
                        texts.append(((array, i, sub), item[sub], cited))
            elif isinstance(data.get(name), str):
                texts.append(((name,), data[name], every))
        speakers = [v for k, v in data.items() if k in ("speaker", "name") and isinstance(v, str)]
        accepted = [a["words"] for a in data.get("accepted", ())]
        doubtful: set[int] = set()  # findings that may only follow from a file not being readable
        unchecked = False  # a text not checked: its accepted words cannot be found unused
        for path, text, cited in texts:
            if not cited:
                continue
            # A text that names another record (its id, shown as a link) may rest on that record's excerpts too.
            ids = _RECORD_ID.findall(text) if "-" in text else []
            # ...and one that names a record not found may be naming one in a file that could not be read.
            missing = any(rid not in self.by_id for rid in ids) if self.unread else False
            named = [
                (c["source"], c["excerpt"])
                for rid in ids
                if rid in self.by_id and rid != data["id"]
                for _, c in self.cites(self.by_id[rid])
            ]
            sources = {source for source, _ in cited + named} | {
                rid for rid in ids if rid in self.by_id and self.by_id[rid].table == "sources"
            }
            if not self.failed_sources.isdisjoint(sources) or not all(s in outlets.of_source for s, _ in cited):
                # One slip in a source's record, or a cited source id with a typo (reported at the
                # citation), is one problem: not one per claim naming the outlet it cannot see.
                unchecked = True
                continue
            dates = [
                d
                for rid in sources
                if rid in self.by_id and isinstance(d := self.by_id[rid].data.get("published"), str)
            ]
            for finding in support.findings(text, cited + named, outlets, speakers, dates):
                # With the sources unread, it may only follow from their outlets and dates being unknown.
                if self.sources_unread or missing:
                    doubtful.add(len(found))
                found.append((path, finding))
        used: set[int] = set()
        for k, (path, finding) in enumerate(found):
            match = next((i for i, words in enumerate(accepted) if support.is_accepted(finding, [words])), None)
            if match is not None:
                used.add(match)
                continue
            shown = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if j else p) for j, p in enumerate(path))
            self.at(raw, path, shown, finding.message, finding.fix, warning=finding.warning, follows=k in doubtful)
        for i, words in enumerate(accepted):
            if i not in used and not unchecked:
                self.at(
                    raw,
                    ("accepted", i, "words"),
                    f"accepted[{i}].words",
                    f"accepts {words!r}, but the claim-support check finds nothing by these words",
                    "remove this entry (the claim no longer needs it), or copy the words make check printed",
                )

    def quote_text(self, raw: RawRecord, sources: dict[str, RawRecord]) -> None:
        text = raw.data["text"]
        seeds = [self._seed_of(sources.get(c["source"])) for c in raw.data["cite"]]
        if any(s is None for s in seeds) or any(s.contains(text) for s in seeds if s):
            return
        seed = seeds[0]
        assert seed is not None
        passage, difference = seed.closest(text)
        cited = ", ".join(
            f"{self.seed_dir}/{s.name} (source {c['source']!r})"
            for s, c in zip(seeds, raw.data["cite"], strict=True)
            if s
        )
        self.at(
            raw,
            ("text",),
            "text",
            f'is not verbatim in {cited}; closest passage: "{passage}"',
            (difference + "; " if difference else "") + "the quote must be the article's own words",
        )

    # Suggestions cost a search over every id: made for the first few wrong references only.
    SUGGESTIONS = 50

    def _nearest_id(self, ref: Any, targets: tuple[str, ...] | None) -> str:
        """ "did you mean 'q-budget-plan'? " for an id one slip away from a record's, else ""."""
        if not isinstance(ref, str) or self.suggested >= self.SUGGESTIONS:
            return ""
        self.suggested += 1
        ids = [rid for rid, r in self.by_id.items() if not targets or r.table in targets]
        near = nearest(ref, ids, cutoff=0.8)
        return f"did you mean {near!r}? " if near else ""

    def references(self, raw: RawRecord) -> None:
        for name, targets in self.subject.table(raw.table).refs.items():
            value = raw.data.get(name)
            ids = value if isinstance(value, list) else [value] if value is not None else []
            for i, ref in enumerate(ids):
                path = (name, i) if isinstance(value, list) else (name,)
                target = self.by_id.get(ref)
                if targets and target is not None and target.table not in targets:
                    # an id given twice (reported as such): the reference may mean the other record
                    target = next((r for r in self.also.get(ref, ()) if r.table in targets), target)
                if target is None or (targets and target.table not in targets):
                    where = " or ".join(f"data/{t}.yaml" for t in targets) if targets else "any data file"
                    self.at(
                        raw,
                        path,
                        name,
                        f"names {ref!r}, which is not a record in {where}",
                        self._nearest_id(ref, targets) + "fix the id or add the record it refers to",
                        follows=target is None,
                    )
        superseded_by = raw.data.get("superseded_by")
        status = raw.data.get("status")
        if superseded_by is not None:
            if superseded_by not in self.by_id:
                self.at(
                    raw,
                    ("superseded_by",),
                    "superseded_by",
                    f"names {superseded_by!r}, which is not a record",
                    "use the id of the record that replaced this one",
                    follows=True,
                )
            if status != "superseded":
                self.at(
                    raw,
                    ("superseded_by",),
                    "superseded_by",
                    f"is set but status is {status!r}",
                    "set status: superseded, or remove superseded_by",
                )

    def supersessions(self) -> None:
        reported: set[str] = set()
        for raw in self.raws:
            chain = [raw.data["id"]]
            nxt = raw.data.get("superseded_by")
            # The chain may pass through a record that failed its schema (reported already), whose
            # superseded_by can be anything: only an id (a string) leads on.
            while isinstance(nxt, str) and nxt in self.by_id and nxt not in chain:
                chain.append(nxt)
                nxt = self.by_id[nxt].data.get("superseded_by")
            if isinstance(nxt, str) and nxt in chain and not reported & set(chain):
                reported.update(chain)
                cycle = " -> ".join([*chain[chain.index(nxt) :], nxt])
                self.at(
                    raw,
                    ("superseded_by",),
                    "superseded_by",
                    f"makes a cycle of supersessions: {cycle}",
                    "the newest record in a chain must not be superseded",
                )

    def disputes(self) -> None:
        """A record is disputed exactly when a real conflict lists it: accounts compared side by
        side, or actors who disagree with each other, dispute no record."""
        listed: dict[str, RawRecord] = {}
        compared: dict[str, RawRecord] = {}  # listed only where the accounts fit together (or actors disagree)
        for raw in self.raws:
            if raw.table != "disagreements":
                continue
            conflict = raw.data.get("kind", "conflict") == "conflict"
            for i, ref in enumerate(raw.data.get("records", [])):
                target = self.by_id.get(ref)
                if not conflict:
                    compared.setdefault(ref, raw)
                else:
                    listed.setdefault(ref, raw)
                    if target is not None and target.data.get("status") != "disputed":
                        self.at(
                            raw,
                            ("records", i),
                            "records",
                            f"lists {ref!r}, whose status is {target.data.get('status')!r}",
                            f"set status: disputed on {ref!r}, or remove it from this list",
                        )
        for raw in self.raws:
            rid = raw.data["id"]
            if raw.table == "disagreements" or raw.data.get("status") != "disputed" or rid in listed:
                continue
            if rid in compared:
                other = compared[rid]
                self.at(
                    raw,
                    ("status",),
                    "status",
                    f"is disputed, but the only disagreement that lists it, {other.data['id']!r}, is of kind "
                    f"{other.data.get('kind')!r}: its accounts fit together, so it disputes nothing",
                    "set status: current, or list the record in a disagreement of kind conflict",
                )
            else:
                self.at(
                    raw,
                    ("status",),
                    "status",
                    "is disputed but no disagreement lists this record",
                    "add the id to the records of a disagreement in data/disagreements.yaml",
                    follows=True,
                )


def _field(path: tuple[Any, ...]) -> str:
    """How a message names a field: cite[0].excerpt."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if j else p) for j, p in enumerate(path))


@dataclass(frozen=True)
class Loaded:
    """Every data file read and each record checked on its own (schema); the rules between
    records (`cross_check`) have not run yet."""

    files: tuple[TableFile, ...]
    valid: tuple[RawRecord, ...]  # records that passed their schema
    every: tuple[RawRecord, ...]  # all records of known tables
    seeds: dict[str, Seed | Unreadable]
    seed_dir: str
    problems: tuple[Problem, ...]  # found so far
    subject: Subject  # resolved against the schemas (explainer/model/schema_types.py)
    subject_file: str = "scripts/subject.py"  # where it is declared, for messages
    # Files that could not be read at all (a data file that is not valid YAML, a schema that is
    # not valid JSON): what only follows from them is held back (problems.DataError).
    unread: tuple[str, ...] = ()
    schemas: Schemas | None = None  # what the records were checked against


def build_factbase(paths: Paths, spread: Spread = in_order, warnings: list[Problem] | None = None) -> FactBase:
    """Load, check and model everything under `paths`; raise DataError listing every problem.

    `spread` runs the loading of the data files (explainer/load/load.py: in order here; the
    scale door, explainer/scale/fast.py, gives one with a second process where forking is safe);
    `warnings` receives what is shown but does not stop the run (claim-support hedges)."""
    with gc_paused():
        loaded = load_records(paths, spread)
        problems = [*loaded.problems, *cross_check(loaded, warnings=warnings)]
        if problems:
            raise DataError(problems, loaded.unread)
        return to_factbase(loaded)


def load_records(paths: Paths, spread: Spread = in_order) -> Loaded:
    """Read data/ and seeds/ and check each record against its schema."""
    problems: list[Problem] = []
    if not paths.data.is_dir():
        raise DataError([Problem(str(paths.data), 1, 1, "is missing", fix="create data/ with one YAML file per table")])
    schemas = load_schemas(paths.schema, shown_path(paths.schema, paths.root), paths.root)
    subject = resolve(paths, schemas, problems)

    def check(raw: RawRecord) -> list[Problem]:
        return list(check_record(schemas, raw, label(raw, subject)))

    files = load_dir(paths.data, paths.root, problems, spread, check)
    problems += conflicts.unresolved(paths.root)
    return assemble(paths, subject, schemas, files, problems)


def resolve(paths: Paths, schemas: Schemas, problems: list[Problem]) -> Subject:
    """The project's subject with its record types checked or derived against the schemas; a
    subject that cannot be loaded is a problem (and stops the run: nothing can be checked)."""
    try:
        subject = paths.declared()
    except SubjectError as exc:
        path, line = exc.where or ("scripts/subject.py", 1)
        shown = shown_path(Path(path).resolve(), paths.root.resolve()) if exc.where else path
        raise DataError(
            [Problem(shown, line, 1, str(exc), fix="fix the subject's declaration (README: Add a table)")]
        ) from None
    origin = _subject_file(paths, subject)
    problems += schemas.problems  # a schema file that cannot be used: its own located problem, first
    resolved, found = record_types.resolve(
        subject, schemas.items, paths.schema, paths.root, origin, broken=schemas.broken
    )
    resolved, named = site_texts.apply(resolved, paths.root, origin)
    problems += found + named
    return resolved


def _subject_file(paths: Paths, subject: Subject) -> str:
    """Where the subject is declared, for messages: its module's file, relative to the project."""
    for module in list(sys.modules.values()):
        if getattr(module, "SUBJECT", None) is subject and getattr(module, "__file__", None):
            return shown_path(module.__file__, paths.root)  # type: ignore[arg-type]
    return "scripts/subject.py"


def assemble(
    paths: Paths, subject: Subject, schemas: Schemas, files: list[TableFile], problems: list[Problem]
) -> Loaded:
    """The loaded files of known tables, their records, and the seeds."""
    valid: list[RawRecord] = []
    every: list[RawRecord] = []
    known = []
    for file in files:
        if subject.has(file.table) and file.table not in schemas.validators:
            continue  # a declared table without its schema: the declaration's problem says so (records.resolve)
        if file.table not in schemas.validators or not subject.has(file.table):
            problems.append(
                Problem(
                    file.path,
                    1,
                    1,
                    f"is not a known table ({file.table!r})",
                    fix="rename it to one of: "
                    + ", ".join(f"{t}.yaml" for t in subject.names)
                    + ", or declare the table in scripts/subject.py (README: Add a table)",
                )
            )
            continue
        known.append(file)
        every.extend(file.records)
        valid.extend(raw for raw, passed in zip(file.records, file.passed, strict=True) if passed)
    misnamed = _misnamed(paths, subject)
    problems.extend(misnamed)
    seeds = read_seeds(paths.seeds, paths.root)
    seed_dir = shown_path(paths.seeds, paths.root)
    origin = _subject_file(paths, subject)
    loaded_tables = {file.table for file in files}
    unread = sorted(
        {
            shown_path(f, paths.root)
            for f in paths.data.glob("*.yaml")
            if f.stem not in loaded_tables and subject.has(f.stem)
        }
        | {f"{shown_path(paths.schema, paths.root)}/{name}.schema.json" for name in schemas.broken}
        # a declared table without its schema: its records are not read (the declaration's problem says so)
        | {t.file for t in subject.tables if t.name not in schemas.validators and (paths.root / t.file).exists()}
        # a file with a record that could not be built: the ids it holds are unknown
        | {file.path for file in known if file.rejected}
        # a declared table's data saved under another name (quotes.yml): the records it holds are not read
        | {p.path for p in misnamed if subject.has(Path(p.path).name.split(".")[0])}
    )
    return Loaded(
        tuple(known),
        tuple(valid),
        tuple(every),
        seeds,
        seed_dir,
        tuple(problems),
        subject,
        origin,
        tuple(unread),
        schemas,
    )


def _misnamed(paths: Paths, subject: Subject) -> list[Problem]:
    """A data file the load does not read though an editor may have meant it to be: any
    data/*.yml (saved with the other YAML ending, its edits would be lost silently), and a table's
    data under another name (changes.yaml.bak) while its .yaml is missing (the table would count
    as empty). Other files in data/ (notes, editor backups beside their .yaml) need no word."""
    out: list[Problem] = []
    try:
        files = sorted(f for f in paths.data.iterdir() if f.suffix != ".yaml" and not f.name.startswith("."))
    except OSError:
        return out  # the load reports what is wrong with data/
    for f in files:
        table = f.name.split(".")[0]
        yml = f.suffix.lower() == ".yml"
        if not f.is_file() or not (yml or subject.has(table)):
            continue
        shown = shown_path(f, paths.root)
        if (paths.data / f"{table}.yaml").exists():
            if not yml:
                continue  # a backup beside its table's file
            message = f"is not read: only data/*.yaml files are, and data/{table}.yaml is the table's file"
            fix = f"move your edits into data/{table}.yaml and delete this file"
        elif subject.has(table):
            message = (
                f"is not read (only data/*.yaml files are), and data/{table}.yaml is missing: "
                f"the table {table!r} would be empty"
            )
            fix = f"rename it to data/{table}.yaml"
        else:
            message = f"is not read (only data/*.yaml files are), and {table!r} is not a known table"
            declared_in = _subject_file(paths, subject)
            fix = f"rename it to data/{table}.yaml and declare the table in {declared_in} (README: Add a table)"
        out.append(Problem(shown, 1, 1, message, fix=fix))
    return out


def cross_check(
    loaded: Loaded,
    unchanged: frozenset[int] = frozenset(),
    flagged: set[int] | None = None,
    settled: frozenset[int] = frozenset(),
    warnings: list[Problem] | None = None,
) -> list[Problem]:
    """The rules between records: ids, references, excerpts in their seeds, supersessions, disputes.

    The live preview passes `unchanged` and `settled` (see _Checker) and gets in `flagged` the
    records with a problem."""
    unsafe_files = {file.path for file in loaded.files if file.may_hold_unsafe}
    checker = _Checker(
        loaded.subject,
        list(loaded.valid),
        list(loaded.every),
        loaded.seeds,
        loaded.seed_dir,
        unsafe_files,
        unchanged,
        settled,
        loaded.subject_file,
        loaded.schemas,
        loaded.unread,
    )
    problems = checker.run()
    if flagged is not None:
        flagged.update(checker.flagged)
    if warnings is not None:
        warnings.extend(checker.warnings)
    return problems


def to_factbase(loaded: Loaded) -> FactBase:
    """The model of the records that passed their schema (valid as a whole once cross_check found nothing)."""
    subject = loaded.subject
    types = {t.name: t.record for t in subject.tables}
    tables: dict[str, list] = {name: [] for name in subject.names}
    for raw in loaded.valid:
        cls = types[raw.table]
        assert cls is not None  # every table has its type once resolved
        tables[raw.table].append(make_record(cls, raw.data, Origin(raw.path, raw.mark()[0])))
    return FactBase({name: tuple(records) for name, records in tables.items()}, subject, seed_texts(loaded))


def seed_texts(loaded: Loaded) -> dict[str, str]:
    """Each source's seed text, by source id (a source whose seed could not be read has none)."""
    out = {}
    for raw in loaded.valid:
        if raw.table == "sources":
            seed = loaded.seeds.get(raw.data["seed"])
            if isinstance(seed, Seed):
                out[raw.data["id"]] = seed.text
    return out
