"""Which typed characters an editor means as the same: the equivalences of `make find` and `make fix`.

An excerpt must be verbatim in its seed (explainer/load/seeds.py), but an editor types straight quotes,
" - " for a dash, "..." for an ellipsis and plain spaces where the article has curly quotes, "—",
"…", U+2011 non-breaking hyphens and U+202F narrow no-break spaces. `loose()` maps a text to a
form in which those differences (and letter case) are gone, remembering for every character of
the loose form which characters of the original it came from, so a match found loosely can be
given back as the seed's exact words. The verbatim rule itself never uses this module.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass

SINGLE_QUOTES = "'‘’‚‛′‹›`´"
DOUBLE_QUOTES = '"“”„‟″«»'
DASHES = "-‐‑‒–—―−⁃﹘﹣－"
ELLIPSIS = "…"
# Invisible characters that carry no letter: soft hyphen, zero-width space/joiners, word joiner, BOM.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _is_space(ch: str) -> bool:
    return ch.isspace()  # every Zs separator (U+00A0, U+202F, ...) is among them


_REPLACE = (
    [(c, "") for c in INVISIBLE]
    + [(c, "'") for c in SINGLE_QUOTES[1:]]
    + [(c, '"') for c in DOUBLE_QUOTES[1:]]
    + [(c, "-") for c in DASHES[1:]]
    + [(ELLIPSIS, "...")]
)


@functools.lru_cache(maxsize=1024)
def loose_text(text: str) -> str:
    """`loose(text).text`, made with str.replace and str.split (each one pass in C): about fifty
    times faster, so that searching thousands of seeds needs the character-by-character `loose()`
    (with its map back to the original) only for the seeds that match. tests/test_typography.py
    checks that the two agree."""
    for char, new in _REPLACE:
        if char in text:
            text = text.replace(char, new)
    text = " ".join(text.split())  # str.split() splits at exactly the characters isspace() names
    if "-" in text:
        text = text.replace(" -", "-").replace("- ", "-")
        while "--" in text:
            text = text.replace("--", "-")
    return text.casefold()


@dataclass(frozen=True)
class Loose:
    """A text with typography and case ignored; `starts[i]`/`ends[i]` locate the original
    characters that loose character i stands for."""

    text: str
    starts: array  # of int, 8 bytes each (a seed's worth of int objects would be nine times that)
    ends: array

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the loose span [start, end) (end > start)."""
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=64)  # the seeds being searched, and short texts compared often
def loose(text: str) -> Loose:
    """Quotes become ' or ", every dash one '-' without spaces around it, '…' three dots, any run
    of spaces (of whatever kind) one space, letters lower case; invisible characters go."""
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    pending: tuple[int, int] | None = None  # a run of spaces not yet written (dropped next to a dash)

    def emit(ch: str, start: int, end: int) -> None:
        out.append(ch)
        starts.append(start)
        ends.append(end)

    for i, ch in enumerate(text):
        if ch in INVISIBLE:
            continue
        if _is_space(ch):
            pending = (pending[0] if pending else i, i + 1)
            continue
        if ch in DASHES:
            if out and out[-1] == "-":  # "--" typed for one dash
                ends[-1] = i + 1
            else:
                emit("-", i, i + 1)
            pending = None
            continue
        if pending is not None:
            if out and out[-1] != "-":
                emit(" ", *pending)
            pending = None
        if ch in SINGLE_QUOTES:
            emit("'", i, i + 1)
        elif ch in DOUBLE_QUOTES:
            emit('"', i, i + 1)
        elif ch == ELLIPSIS:
            for _ in range(3):
                emit(".", i, i + 1)
        else:
            for low in ch.casefold():  # not lower(): casefold has no context (a final sigma)
                emit(low, i, i + 1)
    return Loose("".join(out), starts, ends)


# A comma or full stop (or ; : ! ?) that touches a quote mark: typed inside a closing quote by one
# writer and outside it by another ("the mayor and partners", against the seed's "the mayor and partners,").
_QUOTE_EDGE = re.compile(r"""[,.;:!?]+(?=["'])|(?<=["'])[,.;:!?]+""")


# The quote marks themselves, for a search that lets go of them: an editor types the words of a
# quotation and leaves its marks out ("very fluid, the official said" for "very fluid,” the ...").
_QUOTE_MARK = re.compile("[\"']")


def _without(text: Loose, pattern: re.Pattern[str]) -> Loose:
    """`text` without what `pattern` matches, still mapped to the original."""
    drop = {i for m in pattern.finditer(text.text) for i in range(m.start(), m.end())}
    keep = [i for i in range(len(text.text)) if i not in drop]
    return Loose(
        "".join(text.text[i] for i in keep),
        array("q", (text.starts[i] for i in keep)),
        array("q", (text.ends[i] for i in keep)),
    )


def find_all(needle: str, text: str, quote_edges: bool = False, quote_marks: bool = False) -> list[tuple[int, int]]:
    """Every span of `text` whose words are `needle`'s, typography aside (non-overlapping, in order).

    `quote_edges`: also let go of commas and full stops that touch a quote mark, on either side
    (the span found keeps the seed's own, from its first matched character to its last);
    `quote_marks`: let go of the quote marks themselves (and apostrophes) instead."""
    key = loose_text(needle)
    dropped = _QUOTE_EDGE if quote_edges else _QUOTE_MARK if quote_marks else None
    if dropped is not None:
        key = dropped.sub("", key)
        if not key or key not in dropped.sub("", loose_text(text)):
            return []
        hay = _without(loose(text), dropped)
    else:
        if not key or key not in loose_text(text):
            return []
        hay = loose(text)
    spans = []
    at = hay.text.find(key)
    while at >= 0:
        spans.append(hay.span(at, at + len(key)))
        at = hay.text.find(key, at + len(key))
    return spans


# How `make find` writes an excerpt so it survives copy and paste: characters that look like a
# plain space or hyphen (or nothing) are written as YAML escapes, and a comment says which.
_ESCAPED_CATEGORIES = {"Zs", "Zl", "Zp", "Cf", "Cc"}
_ESCAPED_EXTRA = set("\u2010\u2011")  # hyphen, non-breaking hyphen: look like "-"


def needs_escape(ch: str) -> bool:
    return ch != " " and (ch in _ESCAPED_EXTRA or unicodedata.category(ch) in _ESCAPED_CATEGORIES)


def describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed').lower()}"


def yaml_double_quoted(value: str) -> tuple[str, list[str]]:
    """`value` as a one-line YAML double-quoted scalar, and the escapes it uses, described
    (e.g. '\\u202f is U+202F narrow no-break space')."""
    parts = []
    used: dict[str, str] = {}
    for ch in value:
        if ch == "\\":
            parts.append("\\\\")
        elif ch == '"':
            parts.append('\\"')
        elif needs_escape(ch):
            code = f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
            parts.append(code)
            used.setdefault(code, f"{code} is {describe(ch)}")
        else:
            parts.append(ch)
    return '"' + "".join(parts) + '"', list(used.values())
