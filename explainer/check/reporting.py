"""Lines of reporting: how many independent origins support a claim, not just how many articles.

Five articles are not five confirmations when some of them retell others. Each source names
what it reports via (`via` in data/sources.yaml); an origin is the name a `via` entry starts with
(the words before any parenthesis, e.g. "The Daily Example" in "The Daily Example (its report on ...)"),
and a source's own outlet is an origin too. Sources that share an origin, directly or through
other sources, are one line of reporting. Sharing any origin is enough to collapse two sources,
so the count errs towards fewer independent lines, never more.

The count is derived here and never typed: pages show `Reporting.text()`, the downloads carry
`articles` and `lines_of_reporting`, and the Method page explains the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.facts import Record, Source
from ..model.registry import ARTICLES, Noun


def origins(source: Source) -> list[str]:
    """The names this source reports via, and its outlet (when known)."""
    names = [v.split(" (", 1)[0].strip() for v in source.via]
    if source.outlet != "unknown":
        names.append(source.outlet)
    return [n for n in names if n]


@dataclass(frozen=True)
class Reporting:
    """What supports one claim: articles cited, and the lines of reporting they make up."""

    articles: int
    lines: int
    shared: tuple[tuple[str, int], ...] = ()  # (origin name, articles) for lines of two or more

    def text(self, noun: Noun = ARTICLES) -> str:
        """e.g. "1 article", "2 articles, 1 line of reporting: The Daily Example" (in the words of
        what the subject's sources are called)."""
        if self.articles == 1:
            return noun.count(1)
        lines = f"{self.lines} line{'s' if self.lines != 1 else ''} of reporting"
        if self.lines == self.articles:
            return f"{noun.count(self.articles)}, {lines}"
        if self.lines == 1 and len(self.shared) == 1:
            return f"{noun.count(self.articles)}, {lines}: {self.shared[0][0]}"
        named = "; ".join(f"{name}, {noun.count(n)}" for name, n in self.shared)
        return f"{noun.count(self.articles)}, {lines} ({named})"


@dataclass(frozen=True)
class Lines:
    """Which line of reporting each source belongs to, and each line's name."""

    line_of: Mapping[str, int]  # source id -> line number
    names: tuple[str, ...]  # line number -> the origin its sources share ("" for a lone source)

    @classmethod
    def build(cls, sources: Iterable[Source]) -> Lines:
        sources = list(sources)
        parent = list(range(len(sources)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_with: dict[str, int] = {}  # origin (casefolded) -> first source naming it
        shown: dict[str, str] = {}  # casefolded -> as first written
        for i, source in enumerate(sources):
            for name in origins(source):
                key = name.casefold()
                shown.setdefault(key, name)
                if key in first_with:
                    parent[root(i)] = root(first_with[key])
                else:
                    first_with[key] = i
        # Each line's sources gathered in one pass (a pass per line was quadratic: 0.015 s of the
        # serial part of a run at 500 sources, now 0.0015 s).
        members_of: dict[int, list[int]] = {}
        for i in range(len(sources)):
            members_of.setdefault(root(i), []).append(i)
        roots = sorted(members_of)
        number = {r: n for n, r in enumerate(roots)}
        names = []
        for r in roots:
            members = members_of[r]
            counts: dict[str, int] = {}
            for i in members:
                for key in dict.fromkeys(n.casefold() for n in origins(sources[i])):
                    counts[key] = counts.get(key, 0) + 1
            best = sorted((k for k, c in counts.items() if c > 1), key=lambda k: (-counts[k], shown[k]))
            names.append(shown[best[0]] if len(members) > 1 and best else "")
        return cls({s.id: number[root(i)] for i, s in enumerate(sources)}, tuple(names))

    def of(self, source_ids: Iterable[str]) -> Reporting:
        ids = list(dict.fromkeys(source_ids))
        per_line: dict[int, int] = {}
        for sid in ids:
            line = self.line_of.get(sid)
            if line is not None:
                per_line[line] = per_line.get(line, 0) + 1
        shared = tuple((self.names[line] or "one origin", n) for line, n in sorted(per_line.items()) if n > 1)
        return Reporting(len(ids), len(per_line), shared)

    def of_record(self, record: Record) -> Reporting | None:
        """None for a record that cites nothing (sources, questions, changes, disagreements)."""
        cite = getattr(record, "cite", None)
        return self.of(c.source for c in cite) if cite else None


_LAST: list = [None, None]  # the sources tuple last asked about, and its Lines


def lines_of(sources: tuple[Record, ...]) -> Lines:
    """The Lines of a fact base's sources, made once per fact base (pages ask once per record)."""
    if _LAST[0] is not sources:
        _LAST[:] = [sources, Lines.build(s for s in sources if isinstance(s, Source))]
    return _LAST[1]
