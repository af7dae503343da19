"""Dispute candidates: records that speak about the same thing, from different sources, and differ.

Runs with the rules between records (validate.cross_check), on the records as the editors wrote
them, so every message has a file:line:column. Nothing stops an editor from adding two
contradictory records and never linking them; this module does. A table's declaration may give
one rule (explainer/model/registry.py: DisputeRule), made precise enough that a candidate is worth an
editor's look; the engine's kinds have theirs (explainer/tables.py):

- positions: the same actor on the same question. Stances are free text, so any two differ.
- figures: the same measured quantity (`measures`), with a different number, or, where either
  has no number, a different value as written.
- records of any table: the same `about` (a slug the editor gives every record of one thing:
  the events that tell one happening, or a quote and a quote on one plan). Two articles that
  agree on a thing share one record that cites both, so two records about it from different
  sources always differ.

Two records are "from different sources" when no source is cited by both. Every candidate must
be settled in the data: both records listed in one disagreement (data/disagreements.yaml), or
one of them marked `compatible: [{with: <other id>, reason: "..."}]` with the editor's reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..load.load import RawRecord
from ..load.problems import Problem
from ..model.registry import DisputeRule as Rule, Subject, label


def always(a: dict, b: dict) -> str:
    """Two records a rule pairs always differ (their fields are free text)."""
    return "different accounts"


def figures_differ(a: dict, b: dict) -> str:
    na, nb = a.get("number"), b.get("number")
    if na is not None and nb is not None:
        return f"number {na} against {nb}" if na != nb else ""
    if a["value"].casefold() != b["value"].casefold():
        return f"value {a['value']!r} against {b['value']!r}"
    return ""


POSITIONS = Rule(lambda d: (d["actor"], d["question"]), "question", always, "actor and question")
FIGURES = Rule(lambda d: d.get("measures"), "measures", figures_differ, "measured quantity")
ABOUT = Rule(lambda d: d.get("about"), "about", always, "about")  # any table
_ABOUT = "*"


def rules(subject: Subject) -> dict[str, Rule]:
    """Each table's own rule, by table name."""
    return {t.name: t.dispute for t in subject.tables if t.dispute is not None}


@dataclass(frozen=True)
class Candidate:
    """Two records that may contradict each other: `first` comes before `second` in file order."""

    first: RawRecord
    second: RawRecord
    how: str
    rule: Rule
    table: str  # the rule's table, or "*" for ABOUT

    @property
    def ids(self) -> tuple[str, str]:
        return self.first.data["id"], self.second.data["id"]


def _sources(raw: RawRecord) -> frozenset[str]:
    return frozenset(c["source"] for c in raw.data.get("cite", ()))


def candidates(raws: Iterable[RawRecord], subject: Subject) -> Iterator[Candidate]:
    """Every pair of records a table's rule says may contradict each other, in file order."""
    own = rules(subject)
    groups: dict[tuple[str, Any], list[RawRecord]] = {}
    for raw in raws:
        for table, rule in ((raw.table, own.get(raw.table)), (_ABOUT, ABOUT)):
            key = rule.key(raw.data) if rule is not None else None
            if key is not None:
                groups.setdefault((table, key), []).append(raw)
    seen: set[tuple[str, str]] = set()
    for (table, _), group in groups.items():
        rule = own.get(table, ABOUT)
        for i, a in enumerate(group):
            sa = _sources(a)
            for b in group[i + 1 :]:
                pair = (a.data["id"], b.data["id"])
                if pair in seen or sa & _sources(b):
                    continue
                how = rule.differ(a.data, b.data)
                if how:
                    seen.add(pair)
                    yield Candidate(a, b, how, rule, table)


def _problem(
    raw: RawRecord, path: tuple, field: str, message: str, fix: str, subject: Subject, follows: bool = False
) -> Problem:
    line, col = raw.mark(path)
    return Problem(raw.path, line, col, message, record=label(raw, subject), field=field, fix=fix, follows=follows)


def check(raws: list[RawRecord], by_id: dict[str, RawRecord], subject: Subject) -> list[Problem]:
    """Unsettled candidates, broken `compatible` marks, and sides naming records their
    disagreement does not list."""
    problems: list[Problem] = []

    def problem(raw: RawRecord, path: tuple, field: str, message: str, fix: str, follows: bool = False) -> Problem:
        return _problem(raw, path, field, message, fix, subject, follows)

    tied: set[frozenset[str]] = set()
    for raw in raws:
        if raw.table != "disagreements":
            continue
        listed = raw.data.get("records", [])
        tied.update(frozenset((a, b)) for i, a in enumerate(listed) for b in listed[i + 1 :])
        for s, side in enumerate(raw.data.get("sides", [])):
            for i, ref in enumerate(side.get("records", [])):
                if ref not in listed:
                    problems.append(
                        problem(
                            raw,
                            ("sides", s, "records", i),
                            f"sides[{s}].records",
                            f"names {ref!r}, which this disagreement's records do not list",
                            f"add {ref!r} to records, or remove it from this side",
                        )
                    )
    compatible: set[frozenset[str]] = set()
    for raw in raws:
        for i, mark in enumerate(raw.data.get("compatible", [])):
            other, pair = mark["with"], frozenset((raw.data["id"], mark["with"]))
            path, name = ("compatible", i, "with"), f"compatible[{i}].with"
            if other not in by_id:
                problems.append(
                    problem(
                        raw,
                        path,
                        name,
                        f"names {other!r}, which is not a record",
                        "use the id of the record this one does not contradict",
                    )
                )
            elif other == raw.data["id"]:
                problems.append(problem(raw, path, name, "names this record itself", "name another record"))
            elif pair in tied:
                problems.append(
                    problem(
                        raw,
                        path,
                        name,
                        f"says {other!r} is compatible, but a disagreement lists both",
                        "remove this mark, or take one of them out of the disagreement",
                    )
                )
            compatible.add(pair)
    for cand in candidates(raws, subject):
        a, b = cand.ids
        pair = frozenset((a, b))
        if pair in tied or pair in compatible:
            continue
        rule = cand.rule
        problems.append(
            problem(
                cand.second,
                (rule.key_field,),
                rule.key_field,
                f"is the same as in {a!r} ({cand.first.path}:{cand.first.mark()[0]}; same {rule.about}), a record from "
                f"another source, and they differ ({cand.how}): a possible disagreement that no one has settled",
                "list both in the records of one disagreement in data/disagreements.yaml (kind: conflict, with "
                "status: disputed on both, when they cannot both be true; kind: compared, with a reason, when they "
                f'fit together), or add to {b!r} compatible: [{{with: {a}, reason: "..."}}] saying why both can '
                "be true",
                follows=True,  # the disagreement that settles it may be in a file that could not be read
            )
        )
    return problems
