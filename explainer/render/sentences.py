"""The sentence an excerpt sits in, so that a cut cannot mislead.

An excerpt may stop just before the words that change its sense ("the country was offered a
role" stops before "although its leader has ruled it out"). Wherever the site shows an excerpt
it can show the rest of its sentence, with the excerpt marked, and never more: `context()` gives
the words before and after the excerpt up to the ends of the sentence(s) it spans, each side cut
at `REACH` characters (with an ellipsis); `passages()` gives a source page the sentences of all
its excerpts, once each, in the article's order. What a page shows of a seed is its excerpts
and, around them, the rest of their sentences, never a sentence without one.

Sentences end at a line break, after a dateline that opens the text ("date 2025-11-17"), or
at ".", "!", "?" or "…" (with any closing quotation marks) followed by a space or by a
sign-off's slash ("… land area./ The Daily Example/"), except after the abbreviations and
initials of news text ("U.S.", "Lt. Gen.", "J.D. Vance", "Oct. 7"). The splitter needs no
language model; it is tested on the real seeds.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

REACH = 240  # characters of the sentence shown on each side of an excerpt, at most

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj sgt capt cmdr adm gov sen rep st jr sr inc ltd co corp vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx dept est".split()
)
# ...and after a dateline a copied text may open with ("date 2025-11-17 ON Friday, ..."): a
# line of the page it was copied from, not words of its first sentence (a label in lower case,
# if any, an ISO date, then a capital: "On 2025-11-17 the council met" is a sentence).
_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s|/\s)|\n|\A[ \t]*(?:[a-z]+[ \t]+)?\d{4}-\d{2}-\d{2}(?=[ \t]+[A-Z])")
# The word a full stop ends, looked for in the 30 characters before it (searched between two
# offsets of the text, where `$` is the second).
_WORD_BEFORE = re.compile(r"([\w.’']+)\.$")


@dataclass(frozen=True)
class Context:
    """An excerpt in its sentence: the words before it, the excerpt as the seed writes it, the
    words after it (each side whitespace-folded; an ellipsis where REACH cut the sentence)."""

    before: str
    excerpt: str
    after: str

    @property
    def cut(self) -> bool:
        """Whether the excerpt is less than its whole sentence."""
        return bool(self.before or self.after)


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """Whether a closing mark ends a sentence: a full stop after an abbreviation ("Gen."), a
    dotted short form ("U.S.", "J.D.") or an initial ("J.") does not."""
    if m.group() == "\n" or m.group()[0] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start() + 1)
    if word is None:
        return True
    token = word.group(1)
    if token.casefold() in ABBREVIATIONS or "." in token:
        return False
    return not (len(token) == 1 and token.isupper())


def boundaries(text: str) -> tuple[int, ...]:
    """The offsets at which sentences of `text` end (the end of each closing mark or line)."""
    return tuple(m.end() for m in _END.finditer(text) if _ends_sentence(text, m))


class _Ends:
    """A text's sentence ends, each decided only when a span asks for it.

    Every closing mark or line break may end a sentence (`_END`); whether a full stop does
    (`_ends_sentence`) is decided for the marks next to a cited span, not for every mark of the
    seed: a seed has hundreds of sentences and a site cites a few of them. The answers are those
    of `boundaries` (tests/test_sentences.py compares them on every real seed)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks = list(_END.finditer(text))
        self.at = [m.end() for m in self.marks]
        self.ends: dict[int, bool] = {}  # mark index -> whether it ends a sentence

    def _is_end(self, k: int) -> bool:
        found = self.ends.get(k)
        if found is None:
            found = self.ends[k] = _ends_sentence(self.text, self.marks[k])
        return found

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The last sentence end at or before `start` (else 0), the first at or after `end` (else
        the text's end): bisect among the marks, then the nearest that ends a sentence."""
        at = self.at
        i = bisect.bisect_right(at, start) - 1
        while i >= 0 and not self._is_end(i):
            i -= 1
        j = bisect.bisect_left(at, end)
        while j < len(at) and not self._is_end(j):
            j += 1
        return (at[i] if i >= 0 else 0), (at[j] if j < len(at) else len(self.text))


@functools.lru_cache(maxsize=4096)  # one entry per seed: a site cites each many times
def _ends(text: str) -> _Ends:
    return _Ends(text)


# Runs of ASCII whitespace count as one space, as in the rule that every excerpt is in its seed
# (explainer/load/seeds.py): a narrow no-break space is a character of the text, never folded.
# Only what folding changes is matched (a run of two or more, or one character other than a
# space): replacing each single space of a seed by a space was most of the cost of folding it.
_SPACES = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
_RUN = re.compile(r"[ \t\n\r\f\v]{2,}")
_ASCII_SPACE = (" ", "\t", "\n", "\r", "\f", "\v")


@dataclass(frozen=True)
class _Folded:
    """A text with its whitespace runs folded to one space, and how far each stretch of it has
    moved from where it stands in the text: only runs of two or more characters (and leading
    whitespace) move what follows them, so the map stays short."""

    text: str
    at: tuple[int, ...]  # folded positions from which a shift holds
    shift: tuple[int, ...]  # characters dropped before each of them

    def to_raw(self, at: int) -> int:
        k = bisect.bisect_right(self.at, at) - 1
        return at + (self.shift[k] if k >= 0 else 0)


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> _Folded:
    lead = len(text) - len(text.lstrip(" \t\n\r\f\v"))
    at, shift, dropped = [0], [lead], lead
    for m in _RUN.finditer(text, lead):
        at.append(m.start() - dropped + 1)  # where the text after the run starts, folded
        dropped += len(m.group()) - 1
        shift.append(dropped)
    return _Folded(_fold(text), tuple(at), tuple(shift))


def locate(text: str, excerpt: str) -> tuple[int, int] | None:
    """Where an excerpt is in a seed's text as stored (runs of whitespace count as one space)."""
    needle = _fold(excerpt)
    if not needle:
        return None
    folded = _folded(text)
    at = folded.text.find(needle)
    if at < 0:
        return None
    return folded.to_raw(at), folded.to_raw(at + len(needle) - 1) + 1


def _fold(text: str) -> str:
    """Runs of ASCII whitespace as one space, none at the ends: `_SPACES` replaced by a space and
    the ends stripped of spaces, computed as explainer/load/seeds.py's `fold` computes it (UTF-8
    bytes split at ASCII whitespace), several times faster on a whole seed."""
    return b" ".join(text.encode("utf-8", "surrogatepass").split()).decode("utf-8", "surrogatepass")


# Remembered once, here: a citation is shown on its record's page and on its source's; `context`'s
# one caller (render/common.py) remembers the Markdown it makes of it.
@functools.lru_cache(maxsize=65536)
def _where(text: str, excerpt: str) -> tuple[int, int, int, int] | None:
    """Where an excerpt is in a seed's text, and the sentence(s) it spans: (start, end, first,
    last), or None where it is not in the text. The one place `context` and `passages` find it."""
    span = locate(text, excerpt)
    if span is None:
        return None
    return (*span, *sentence_span(text, *span))


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the sentence(s) the span [start, end) of `text` lies in."""
    return _ends(text).span(start, end)


@dataclass(frozen=True)
class Passage:
    """Sentences of a seed that hold excerpts, as (text, marked) segments: the cited words marked,
    the rest of their sentences around them (at most REACH characters beyond the cited words)."""

    segments: tuple[tuple[str, bool], ...]
    excerpts: tuple[str, ...]  # the excerpts it holds, as the records cite them

    @property
    def text(self) -> str:
        return "".join(s for s, _ in self.segments)


def passages(text: str, excerpts: list[str], reach: int = REACH) -> tuple[list[Passage], list[str]]:
    """The excerpts of one seed as passages in the seed's order, one per run of sentences (excerpts
    in the same sentence share it, their words marked together); and the excerpts not found."""
    found: list[tuple[int, int, int, int, str]] = []
    missing = []
    for excerpt in dict.fromkeys(excerpts):
        spans = _where(text, excerpt)
        if spans is None:
            missing.append(excerpt)
            continue
        start, end, first, last = spans
        found.append((first, last, start, end, excerpt))
    found.sort()
    groups: list[list[tuple[int, int, int, int, str]]] = []
    for item in found:
        if groups and item[0] < max(g[1] for g in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    return [_passage(text, group, reach) for group in groups], missing


def _passage(text: str, group: list[tuple[int, int, int, int, str]], reach: int) -> Passage:
    first, last = min(g[0] for g in group), max(g[1] for g in group)
    marks: list[list[int]] = []
    for _, _, start, end, _ in sorted(group, key=lambda g: g[2]):
        if marks and start <= marks[-1][1]:
            marks[-1][1] = max(marks[-1][1], end)
        else:
            marks.append([start, end])
    lo, hi = max(first, marks[0][0] - reach), min(last, marks[-1][1] + reach)
    cuts = [lo, *(p for m in marks for p in m), hi]
    segments = []
    for i in range(len(cuts) - 1):
        piece = _SPACES.sub(" ", text[cuts[i] : cuts[i + 1]])
        if piece:
            segments.append((piece, i % 2 == 1))
    if segments:  # the ends of the passage: trimmed, and an ellipsis where REACH cut a sentence
        head, marked = segments[0]
        segments[0] = (("…" if lo > first else "") + head.lstrip(), marked)
        tail, marked = segments[-1]
        segments[-1] = (tail.rstrip() + ("…" if hi < last else ""), marked)
    return Passage(tuple(segments), tuple(g[4] for g in group))


def context(text: str, excerpt: str, reach: int = REACH) -> Context | None:
    """The excerpt in the sentence(s) it spans, or None where it is not in `text`. `before` ends
    and `after` starts with a space where the seed has one next to the excerpt."""
    spans = _where(text, excerpt)
    if spans is None:
        return None
    start, end, first, last = spans
    # A sentence mark inside the excerpt's last characters ends the sentence with it.
    before, after = _fold(text[first:start]), _fold(text[end:last])
    if len(before) > reach:
        before = "…" + before[-reach:].split(" ", 1)[-1]
    if len(after) > reach:
        after = after[:reach].rsplit(" ", 1)[0] + "…"
    if before and text[start - 1 : start] in _ASCII_SPACE:
        before += " "
    if after and text[end : end + 1] in _ASCII_SPACE:
        after = " " + after
    return Context(before, _fold(text[start:end]), after)
