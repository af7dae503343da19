"""`make find Q="words as typed"`: where the seeds say these words, and the cite entry to paste.

Copying the exact words of an article is the hardest part of an editor's job: seeds have curly
quotes, dashes, U+2011 non-breaking hyphens and U+202F narrow no-break spaces that look like
what a keyboard types. This searches every seed with those differences ignored
(explainer/load/typography.py) and prints, for each match, the source, the seed file and line, and a
`cite` entry whose excerpt is the seed's exact text, written so that copying it from a terminal
cannot lose an invisible character: such characters are YAML escapes ("\\u202f"), and a comment
says which. Without a match it says so and shows the closest passages.

Exit status: 0 with a match, 1 without, 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..load import typography
from ..load.load import load_table
from ..load.seeds import Seed, align, describe_difference, fold, read_seeds
from ..project import ROOT_HELP, project_root

SHOWN_CLOSEST = 3
CANDIDATES = 12  # seeds lined up for the closest passages


@dataclass(frozen=True)
class Passage:
    """A passage of a seed: its exact words (whitespace folded, as excerpts are compared) and place."""

    seed: str
    source: str  # the id of the source record describing the seed, or "" if none does
    line: int
    text: str


def source_ids(root: Path) -> dict[str, str]:
    """Seed file name -> source id, from data/sources.yaml as far as it can be read."""
    file = root / "data" / "sources.yaml"
    if not file.is_file():
        return {}
    table = load_table(file, "data/sources.yaml", [])
    out: dict[str, str] = {}
    for raw in table.records if table else ():
        seed, rid = raw.data.get("seed"), raw.data.get("id")
        if isinstance(seed, str) and isinstance(rid, str):
            out.setdefault(seed, rid)
    return out


def _passage(seed: Seed, source: str, start: int, end: int) -> Passage:
    return Passage(seed.name, source, seed.text.count("\n", 0, start) + 1, fold(seed.text[start:end]))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words at both ends (a closest passage need not start mid-word)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def find(
    words: str, seeds: dict[str, Seed], sources: dict[str, str], quote_edges: bool = False, quote_marks: bool = False
) -> list[Passage]:
    """Every passage of every seed that has `words`, typography and case aside (`quote_edges`:
    and a comma or full stop next to a quote mark, inside or outside it; `quote_marks`: and the
    quote marks themselves)."""
    return [
        _passage(seed, sources.get(name, ""), start, end)
        for name, seed in seeds.items()
        for start, end in typography.find_all(words, seed.text, quote_edges, quote_marks)
    ]


def closest(
    words: str, seeds: dict[str, Seed], sources: dict[str, str], n: int = SHOWN_CLOSEST
) -> list[tuple[float, Passage]]:
    """The passages nearest to `words` (at most one a seed), best first, with their likeness 0..1.

    Lining a passage up is slow (difflib), so only the seeds that hold the most of the words'
    letters, word by word (CANDIDATES of them), are lined up."""
    key = typography.loose_text(words)
    terms = set(key.split())
    texts = {name: typography.loose_text(seed.text) for name, seed in seeds.items()}
    ranked = sorted(seeds, key=lambda name: (-sum(len(t) for t in terms if t in texts[name]), name))
    scored = []
    for name in ranked[:CANDIDATES]:
        seed, hay = seeds[name], texts[name]
        span = align(key, hay)
        if span is None:
            continue
        scored.append((difflib.SequenceMatcher(None, key, hay[span[0] : span[1]], autojunk=False).ratio(), name, span))
    scored.sort(key=lambda item: (-item[0], item[1]))
    out = []
    for score, name, span in scored[:n]:
        seed = seeds[name]
        start, end = typography.loose(seed.text).span(*span)  # back to the seed's own characters
        out.append((score, _passage(seed, sources.get(name, ""), *_whole_words(seed.text, start, end))))
    return out


def cite_entry(passage: Passage) -> str:
    """A `cite` entry to paste under a record (indented as the data files are)."""
    value, escapes = typography.yaml_double_quoted(passage.text)
    comment = f"  # {'; '.join(escapes)}" if escapes else ""
    source = passage.source or "src-...  # no source record describes this seed yet: make add-source"
    return f"  cite:\n    - source: {source}\n      excerpt: {value}{comment}\n"


def _where(p: Passage) -> str:
    return f"{p.source or '(no source record)'}  seeds/{p.seed}:{p.line}"


def report(words: str, root: Path) -> tuple[str, int]:
    seeds = {name: s for name, s in read_seeds(root / "seeds").items() if isinstance(s, Seed)}
    sources = source_ids(root)
    found = find(words, seeds, sources)
    ignored = "the kind of quote marks, dashes, hyphens, ellipses, spaces and letter case ignored"
    if not found:  # "the mayor and partners" typed, "the mayor and partners," in the seed: the seed's is the entry
        found = find(words, seeds, sources, quote_edges=True)
        if found:
            ignored += "; the punctuation next to quote marks as the seed has it"
    if not found:  # "very fluid, the official" typed, "very fluid,” the official" in the seed
        found = find(words, seeds, sources, quote_marks=True)
        if found:
            ignored += "; quote marks and apostrophes as the seed has them"
    if found:
        out = [f"{len(found)} match{'es' if len(found) != 1 else ''} ({ignored}) for: {words}\n"]
        for i, p in enumerate(found, 1):
            out.append(f"{i}. {_where(p)}\n   the seed's words: {p.text}\n\n{cite_entry(p)}")
        return "\n".join(out), 0
    out = [f"No seed has these words ({ignored}): {words}"]
    near = closest(words, seeds, sources)
    if near:
        out.append("Closest passages:\n")
        for i, (score, p) in enumerate(near, 1):
            difference = describe_difference(fold(words), p.text, called="what you typed")
            out.append(
                f"{i}. {_where(p)}  ({score:.0%} alike)\n   the seed's words: {p.text}\n"
                + (f"   {difference}\n" if difference else "")
            )
    return "\n".join(out), 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.desk.find", description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="the words as typed (quote them in the shell)")
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    # A byte that is not UTF-8 on the command line arrives as a lone surrogate: show it as U+FFFD.
    words = " ".join(args.words).encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()
    if not any(c.isalnum() for c in words):
        print('give the words to look for: make find Q="words as typed"', file=sys.stderr)
        return 2
    text, status = report(words, args.root)
    try:
        print(text.rstrip("\n"))
        sys.stdout.flush()
    except BrokenPipeError:  # `make find Q=... | head`: the reader has what they wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return status


if __name__ == "__main__":
    sys.exit(main())
